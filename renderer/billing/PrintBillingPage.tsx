import { useParams, useSearchParams } from 'react-router';
import {
  PAYMENT_METHOD_LABELS,
  PLACE_OF_SERVICE_LABELS,
  formatMoney,
  placeOfServiceFor,
  serviceCode,
  type Amounts,
  type BillingDocument,
  type ChargeDiagnosis,
} from '../../shared/billing';
import { calendarDateSchema } from '../../shared/dates';
import type { Patient } from '../../shared/patient';
import { signatureName, type Preferences } from '../../shared/preferences';
import { call } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { EmptyLetterheadNotice, Letterhead } from '../components/Letterhead';
import { Notice } from '../components/Notice';
import { PrintedPatientFacts } from '../components/PrintedPatientFacts';
import { PrintButtons, PrintOutcome, usePrintWindow } from '../components/usePrintWindow';
import { UserText } from '../components/UserText';
import { useRunningHeader } from '../components/useRunningHeader';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatLongCalendarDate } from '../format/dates';
import { formatAmounts } from './format';
import { billingTabPath } from './paths';
import './billing.css';

/** The diagnosis pointers of a claim: A, B, C, D… */
const POINTERS = 'ABCDEFGHIJKL';

/** The diagnoses of the period's charges, each once, in the order they first appear (primary first). */
function diagnosesOf(document: BillingDocument): ChargeDiagnosis[] {
  const seen = new Map<string, ChargeDiagnosis>();
  for (const charge of document.charges) for (const d of charge.diagnoses) if (!seen.has(d.code)) seen.set(d.code, d);
  return [...seen.values()];
}

/**
 * The printed superbill (for a period, or one session with ?session=) or statement of account
 * (?kind=statement) at #/print/billing/:patientId?from=&to=, on the letterhead, the patient named on
 * every page.
 */
export function PrintBillingPage() {
  const { patientId = '' } = useParams();
  const [params] = useSearchParams();
  const kind = params.get('kind') === 'statement' ? 'statement' : 'superbill';
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  const session = params.get('session');
  const valid = calendarDateSchema.safeParse(from).success && calendarDateSchema.safeParse(to).success;
  const document = useChannelQuery(
    'billing:document',
    { patientId, from, to, appointmentId: kind === 'superbill' ? session : null },
    { enabled: valid },
  );
  const patient = useChannelQuery('patients:get', { id: patientId });
  const preferences = useChannelQuery('preferences:get', {});
  const error = document.error ?? patient.error ?? preferences.error;
  if (!valid) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">Choose the period’s first and last day.</Notice>
      </div>
    );
  }
  if (error) {
    return (
      <div className="page page--narrow">
        <Notice tone="error">{explain(error)}</Notice>
      </div>
    );
  }
  if (!document.data || !patient.data || !preferences.data) {
    return (
      <p className="muted page" role="status">
        Preparing the {kind === 'statement' ? 'statement' : 'superbill'} for printing…
      </p>
    );
  }
  return <PrintableBilling kind={kind} document={document.data} patient={patient.data} preferences={preferences.data} />;
}

function Money({ amounts, currency }: { amounts: Amounts; currency: string }) {
  return <>{formatAmounts(amounts, currency)}</>;
}

function PrintableBilling({
  kind,
  document,
  patient,
  preferences,
}: {
  kind: 'superbill' | 'statement';
  document: BillingDocument;
  patient: Patient;
  preferences: Preferences;
}) {
  useRunningHeader(patient);
  const printing = usePrintWindow({
    fileName: kind === 'statement' ? 'Statement of account.pdf' : 'Superbill.pdf',
    what: kind === 'statement' ? 'The statement' : 'The superbill',
    recordPrinted: () => call('billing:printed', { patientId: patient.id }),
  });
  const { currency } = document;
  const period =
    document.from === document.to
      ? formatLongCalendarDate(document.from)
      : `${formatLongCalendarDate(document.from)} to ${formatLongCalendarDate(document.to)}`;

  return (
    <div className="print-page print-page--billing">
      <div className="print-page__toolbar no-print">
        <BackLink to={billingTabPath(patient.id)}>Back to billing</BackLink>
        <PrintButtons {...printing} />
      </div>
      <div className="no-print print-page__notices">
        <PrintOutcome state={printing.state} />
        <EmptyLetterheadNotice preferences={preferences} />
        {kind === 'superbill' && preferences.practiceNpi === '' ? (
          <Notice tone="info">The superbill has no NPI: set it in Settings, under Clinician and practice.</Notice>
        ) : null}
      </div>
      <article
        className="print-document billing-print"
        aria-label={kind === 'statement' ? 'Printable statement of account' : 'Printable superbill'}
      >
        <Letterhead preferences={preferences} />
        <h1 className="print-document__title">{kind === 'statement' ? 'Statement of account' : 'Superbill'}</h1>
        <dl className="print-document__facts">
          <PrintedPatientFacts patient={patient} />
          <div className="print-document__fact--wide">
            <dt>Period</dt>
            <dd>{period}</dd>
          </div>
        </dl>
        {kind === 'superbill' ? <Superbill document={document} preferences={preferences} /> : <Statement document={document} />}
        <table className="billing-print__totals">
          <tbody>
            {kind === 'statement' || document.openingBalance.some((a) => a.amount !== 0) ? (
              <tr>
                <th scope="row">Balance before {formatCalendarDate(document.from)}</th>
                <td>
                  <Money amounts={document.openingBalance} currency={currency} />
                </td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">Total charges</th>
              <td>
                <Money amounts={document.totalCharged} currency={currency} />
              </td>
            </tr>
            <tr>
              <th scope="row">Payments less refunds</th>
              <td>
                <Money amounts={document.totalPaid} currency={currency} />
              </td>
            </tr>
            <tr className="billing-print__balance">
              <th scope="row">Balance on {formatCalendarDate(document.to)}</th>
              <td>
                <Money amounts={document.closingBalance} currency={currency} />
              </td>
            </tr>
          </tbody>
        </table>
        {kind === 'superbill' ? (
          <div className="billing-print__signature">
            <p>I certify that I provided these services.</p>
            <div className="billing-print__sign-line">
              <span>Signature</span>
              <span>Date</span>
            </div>
            <p>
              <UserText>{signatureName(preferences) || 'Clinician'}</UserText>
            </p>
          </div>
        ) : null}
      </article>
    </div>
  );
}

function Superbill({ document, preferences }: { document: BillingDocument; preferences: Preferences }) {
  const diagnoses = diagnosesOf(document);
  const pointer = new Map(diagnoses.map((d, index) => [d.code, POINTERS[index] ?? '?']));
  return (
    <>
      <section className="billing-print__section">
        <h2 className="print-document__heading">Provider</h2>
        <dl className="billing-print__provider">
          <div>
            <dt>Clinician</dt>
            <dd>
              <UserText>{signatureName(preferences) || '—'}</UserText>
            </dd>
          </div>
          <div>
            <dt>Practice</dt>
            <dd>
              <UserText>{preferences.practiceName || '—'}</UserText>
            </dd>
          </div>
          <div>
            <dt>NPI</dt>
            <dd>{preferences.practiceNpi || '—'}</dd>
          </div>
          <div>
            <dt>Tax ID (EIN)</dt>
            <dd>{preferences.practiceTaxId || '—'}</dd>
          </div>
          <div>
            <dt>Licence</dt>
            <dd>
              <UserText>{[preferences.practiceLicence, preferences.practiceLicenceState].filter(Boolean).join(', ') || '—'}</UserText>
            </dd>
          </div>
          <div>
            <dt>Place of service</dt>
            <dd>
              {preferences.placeOfService} · {PLACE_OF_SERVICE_LABELS[preferences.placeOfService]}
            </dd>
          </div>
        </dl>
      </section>
      <section className="billing-print__section">
        <h2 className="print-document__heading">Diagnoses (ICD-10-CM)</h2>
        {diagnoses.length === 0 ? <p>No coded session in this period.</p> : null}
        <ol className="billing-print__diagnoses">
          {diagnoses.map((d) => (
            <li key={d.code}>
              <span className="billing-print__pointer">{pointer.get(d.code)}</span> {d.code} <UserText>{d.label}</UserText>
            </li>
          ))}
        </ol>
      </section>
      <section className="billing-print__section">
        <h2 className="print-document__heading">Services</h2>
        <table className="billing-print__table">
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">POS</th>
              <th scope="col">Code</th>
              <th scope="col">Mod.</th>
              <th scope="col">Service</th>
              <th scope="col">Dx</th>
              <th scope="col" className="table__num">
                Units
              </th>
              <th scope="col" className="table__num">
                Fee
              </th>
            </tr>
          </thead>
          <tbody>
            {document.charges.map((charge) => (
              <tr key={charge.id}>
                <td>{formatCalendarDate(charge.serviceDate)}</td>
                <td>{placeOfServiceFor(charge.modifier, preferences.placeOfService)}</td>
                <td>{charge.code}</td>
                <td>{charge.modifier ?? ''}</td>
                <td>{serviceCode(charge.code)?.description}</td>
                <td>{charge.diagnoses.map((d) => pointer.get(d.code)).join('')}</td>
                <td className="table__num">{charge.units}</td>
                <td className="table__num">{formatMoney(charge.fee * charge.units, charge.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {document.payments.length > 0 ? (
        <section className="billing-print__section">
          <h2 className="print-document__heading">Payments</h2>
          <table className="billing-print__table">
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Entry</th>
                <th scope="col">Method</th>
                <th scope="col" className="table__num">
                  Amount
                </th>
              </tr>
            </thead>
            <tbody>
              {document.payments.map((payment) => (
                <tr key={payment.id}>
                  <td>{formatCalendarDate(payment.date)}</td>
                  <td>{payment.kind === 'refund' ? 'Refund' : 'Payment'}</td>
                  <td>{PAYMENT_METHOD_LABELS[payment.method]}</td>
                  <td className="table__num">
                    {formatMoney(payment.kind === 'refund' ? -payment.amount : payment.amount, payment.currency)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
    </>
  );
}

type Entry = { date: string; what: string; charge: number; payment: number; currency: string; key: string };

function Statement({ document }: { document: BillingDocument }) {
  const entries: Entry[] = [
    ...document.charges.map((c) => ({
      key: c.id,
      date: c.serviceDate,
      what: `Session: ${c.code}${c.modifier ? `-${c.modifier}` : ''} ${serviceCode(c.code)?.description ?? ''}`,
      charge: c.fee * c.units,
      payment: 0,
      currency: c.currency,
    })),
    ...document.payments.map((p) => ({
      key: p.id,
      date: p.date,
      what: `${p.kind === 'refund' ? 'Refund' : 'Payment'}, ${PAYMENT_METHOD_LABELS[p.method].toLowerCase()}`,
      charge: p.kind === 'refund' ? p.amount : 0,
      payment: p.kind === 'refund' ? 0 : p.amount,
      currency: p.currency,
    })),
  ].sort((a, b) => a.date.localeCompare(b.date));
  let running = document.openingBalance.find((a) => a.currency === document.currency)?.amount ?? 0;
  return (
    <section className="billing-print__section">
      <h2 className="print-document__heading">Charges and payments</h2>
      <table className="billing-print__table">
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Entry</th>
            <th scope="col" className="table__num">
              Charge
            </th>
            <th scope="col" className="table__num">
              Payment
            </th>
            <th scope="col" className="table__num">
              Balance
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => {
            if (entry.currency === document.currency) running += entry.charge - entry.payment;
            return (
              <tr key={entry.key}>
                <td>{formatCalendarDate(entry.date)}</td>
                <td>{entry.what}</td>
                <td className="table__num">{entry.charge ? formatMoney(entry.charge, entry.currency) : ''}</td>
                <td className="table__num">{entry.payment ? formatMoney(entry.payment, entry.currency) : ''}</td>
                <td className="table__num">{entry.currency === document.currency ? formatMoney(running, document.currency) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
