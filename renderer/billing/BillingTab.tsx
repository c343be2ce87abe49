import { useState } from 'react';
import { Link } from 'react-router';
import { KIND_LABELS } from '../../shared/appointment';
import {
  PAYMENT_METHOD_LABELS,
  serviceCode,
  type BillingAccount,
  type BillingSession,
  type Charge,
  type Payment,
} from '../../shared/billing';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { EnteredInErrorDialog, useChart } from '../chart';
import { Notice } from '../components/Notice';
import { UserText } from '../components/UserText';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { CodeSessionDialog } from './CodeSessionDialog';
import { formatAmounts, lineText } from './format';
import { PaymentDialog } from './PaymentDialog';
import { printBillingPath } from './paths';
import './billing.css';

function monthBounds(today: string): { from: string; to: string } {
  const [year, month] = today.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const prefix = today.slice(0, 7);
  return { from: `${prefix}-01`, to: `${prefix}-${String(last).padStart(2, '0')}` };
}

/**
 * The chart's Billing section: each kept session with the codes proposed for it and those charged,
 * the payments and refunds, the balance, and the superbill or statement to print for a period.
 */
export function BillingTab() {
  const { patient } = useChart();
  const account = useChannelQuery('billing:account', { patientId: patient.id });
  const [coding, setCoding] = useState<BillingSession | null>(null);
  const [paying, setPaying] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  return (
    <section className="billing" aria-labelledby="billing-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="billing-title">
          Billing
        </h2>
        <button type="button" className="button button--primary" onClick={() => (setPaying(true), setMessage(null))}>
          Record payment
        </button>
      </div>
      <p className="chart-section__lead">
        Sessions the patient kept, coded for a superbill they send to their insurer. Codes are proposed from the session’s kind and length;
        you confirm or change them.
      </p>
      {message ? <Notice tone="success">{message}</Notice> : null}
      {account.error ? <Notice tone="error">{explain(account.error)}</Notice> : null}
      {account.isPending ? (
        <p className="muted" role="status">
          Loading the account…
        </p>
      ) : null}
      {account.data ? (
        <Account
          account={account.data}
          onCode={(session) => (setCoding(session), setMessage(null))}
          onMessage={(text) => setMessage(text)}
        />
      ) : null}
      {coding && account.data ? (
        <CodeSessionDialog
          session={coding}
          account={account.data}
          onClose={() => setCoding(null)}
          onCoded={(charges) => {
            setCoding(null);
            setMessage(`Session of ${formatCalendarDate(coding.date)} coded: ${charges.map(lineText).join(', ')}.`);
          }}
        />
      ) : null}
      {paying && account.data ? (
        <PaymentDialog
          patientId={patient.id}
          currency={account.data.currency}
          onClose={() => setPaying(false)}
          onSaved={(text) => {
            setPaying(false);
            setMessage(text);
          }}
        />
      ) : null}
    </section>
  );
}

function Account({
  account,
  onCode,
  onMessage,
}: {
  account: BillingAccount;
  onCode: (session: BillingSession) => void;
  onMessage: (text: string) => void;
}) {
  const { patient } = useChart();
  const newest = account.sessions[0]?.date ?? new Date().toISOString().slice(0, 10);
  const [period, setPeriod] = useState(() => monthBounds(newest));
  const [correcting, setCorrecting] = useState<{ kind: 'charge'; charge: Charge } | { kind: 'payment'; payment: Payment } | null>(null);
  const chargeInError = useChannelMutation('billing:chargeInError');
  const paymentInError = useChannelMutation('billing:paymentInError');
  const corrected = account.charges.filter((c) => c.enteredInError !== null);

  return (
    <>
      <dl className="billing__summary" aria-label="Account">
        <div>
          <dt>Balance</dt>
          <dd className="billing__balance" data-testid="billing-balance">
            {formatAmounts(account.balance, account.currency)}
          </dd>
        </div>
      </dl>

      <section className="chart-subsection" aria-labelledby="billing-print-title">
        <h3 className="chart-subsection__title" id="billing-print-title">
          Superbill and statement
        </h3>
        <div className="billing__period">
          <label className="field">
            <span className="field__label">From</span>
            <input type="date" className="input" value={period.from} onChange={(e) => setPeriod((p) => ({ ...p, from: e.target.value }))} />
          </label>
          <label className="field">
            <span className="field__label">To</span>
            <input type="date" className="input" value={period.to} onChange={(e) => setPeriod((p) => ({ ...p, to: e.target.value }))} />
          </label>
          <Link className="button button--secondary" to={printBillingPath(patient.id, { kind: 'superbill', ...period })}>
            Superbill for the period
          </Link>
          <Link className="button button--secondary" to={printBillingPath(patient.id, { kind: 'statement', ...period })}>
            Statement of account
          </Link>
        </div>
      </section>

      <section className="chart-subsection" aria-labelledby="billing-sessions-title">
        <h3 className="chart-subsection__title" id="billing-sessions-title">
          Sessions
        </h3>
        {account.sessions.length === 0 ? <p className="muted">No kept session yet: a session is coded once it took place.</p> : null}
        {account.sessions.length > 0 ? (
          <div className="table-frame">
            <table className="table billing-sessions">
              <caption className="visually-hidden">Kept sessions, newest first, with their codes</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Session</th>
                  <th scope="col">Length</th>
                  <th scope="col">Proposed</th>
                  <th scope="col">Charged</th>
                  <th scope="col" className="table__num">
                    Fee
                  </th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {account.sessions.map((session) => (
                  <tr key={session.appointmentId} data-testid="billing-session">
                    <td>{formatCalendarDate(session.date)}</td>
                    <td>
                      {KIND_LABELS[session.kind]}
                      {session.isVideo ? ' · video' : ''}
                    </td>
                    <td>
                      {session.minutes} min{' '}
                      <span className="muted">{session.minutesSource === 'timer' ? '(timer)' : '(as scheduled)'}</span>
                    </td>
                    <td>
                      {session.proposal.lines.length > 0 ? (
                        session.proposal.lines.map(lineText).join(', ')
                      ) : (
                        <span className="muted">None</span>
                      )}
                    </td>
                    <td>
                      {session.charges.length > 0 ? (
                        <span className="billing__charged billing__codes">{session.charges.map(lineText).join(', ')}</span>
                      ) : (
                        <span className="muted">Not coded</span>
                      )}
                    </td>
                    <td className="table__num">
                      {session.charges.length > 0
                        ? formatAmounts(
                            session.charges.map((c) => ({ currency: c.currency, amount: c.fee * c.units })),
                            account.currency,
                          )
                        : ''}
                    </td>
                    <td>
                      <div className="billing__actions">
                        <button type="button" className="button button--small" onClick={() => onCode(session)}>
                          {session.charges.length > 0 ? 'Recode' : 'Code'}
                        </button>
                        {session.charges.length > 0 ? (
                          <Link
                            className="button button--small button--quiet"
                            to={printBillingPath(patient.id, {
                              kind: 'superbill',
                              from: session.date,
                              to: session.date,
                              session: session.appointmentId,
                            })}
                          >
                            Superbill
                          </Link>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      <section className="chart-subsection" aria-labelledby="billing-payments-title">
        <h3 className="chart-subsection__title" id="billing-payments-title">
          Payments and refunds
        </h3>
        {account.payments.length === 0 ? <p className="muted">No payment recorded yet.</p> : null}
        {account.payments.length > 0 ? (
          <div className="table-frame">
            <table className="table billing-payments">
              <caption className="visually-hidden">Payments and refunds, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col">Entry</th>
                  <th scope="col">Method</th>
                  <th scope="col" className="table__num">
                    Amount
                  </th>
                  <th scope="col">Note</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {account.payments.map((payment) => (
                  <tr key={payment.id} className={payment.enteredInError ? 'billing__in-error' : undefined}>
                    <td>{formatCalendarDate(payment.date)}</td>
                    <td>
                      {payment.kind === 'refund' ? 'Refund' : 'Payment'}
                      {payment.enteredInError ? (
                        <span className="muted">
                          {' '}
                          · entered in error: <UserText>{payment.enteredInError.reason}</UserText>
                        </span>
                      ) : null}
                    </td>
                    <td>{PAYMENT_METHOD_LABELS[payment.method]}</td>
                    <td className="table__num">
                      {formatAmounts([{ currency: payment.currency, amount: payment.amount }], account.currency)}
                    </td>
                    <td>
                      <UserText>{payment.note}</UserText>
                    </td>
                    <td>
                      {payment.enteredInError ? null : (
                        <button
                          type="button"
                          className="button button--small button--quiet"
                          onClick={() => setCorrecting({ kind: 'payment', payment })}
                        >
                          Mark entered in error…
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      {account.sessions.some((s) => s.charges.length > 0) ? (
        <section className="chart-subsection" aria-labelledby="billing-charges-title">
          <h3 className="chart-subsection__title" id="billing-charges-title">
            Charges
          </h3>
          <ul className="billing__charges">
            {account.charges
              .filter((c) => c.enteredInError === null)
              .map((charge) => (
                <li key={charge.id}>
                  {formatCalendarDate(charge.serviceDate)} · {lineText(charge)} · {serviceCode(charge.code)?.description}{' '}
                  <button
                    type="button"
                    className="button button--small button--quiet"
                    onClick={() => setCorrecting({ kind: 'charge', charge })}
                  >
                    Mark entered in error…
                  </button>
                </li>
              ))}
            {corrected.map((charge) => (
              <li key={charge.id} className="billing__in-error">
                {formatCalendarDate(charge.serviceDate)} · {lineText(charge)} · entered in error:{' '}
                <UserText>{charge.enteredInError?.reason ?? ''}</UserText>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {correcting ? (
        <EnteredInErrorDialog
          title={correcting.kind === 'charge' ? 'Mark this charge entered in error' : 'Mark this entry entered in error'}
          confirmLabel="Mark entered in error"
          onClose={() => setCorrecting(null)}
          onConfirm={async (reason) => {
            if (correcting.kind === 'charge') {
              await chargeInError.mutateAsync({ id: correcting.charge.id, reason });
              onMessage(`The charge ${lineText(correcting.charge)} is marked entered in error; the balance leaves it out.`);
            } else {
              await paymentInError.mutateAsync({ id: correcting.payment.id, reason });
              onMessage('The entry is marked entered in error; the balance leaves it out.');
            }
          }}
        >
          <p>It stays in the account, struck through, and no longer counts in the balance.</p>
        </EnteredInErrorDialog>
      ) : null}
    </>
  );
}
