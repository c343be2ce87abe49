import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { CONSENT_EXPIRING_DAYS, CONSENT_STATUS_LABELS, type ConsentWithStatus, type Disclosure } from '../../shared/consents';
import type { AppError } from '../../shared/errors';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { EnteredInErrorDialog, useChart } from '../chart';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { AccountingTable } from './AccountingTable';
import { givenAsText, partsText, periodText } from './describe';
import { RecordConsentDialog } from './RecordConsentDialog';
import { RevokeConsentDialog } from './RevokeConsentDialog';

type Group = { key: string; title: string; lead?: string; consents: ConsentWithStatus[] };

function groups(consents: ConsentWithStatus[]): Group[] {
  const of = (...statuses: ConsentWithStatus['status'][]) => consents.filter((c) => statuses.includes(c.status));
  return [
    {
      key: 'expiring',
      title: 'Expiring soon',
      lead: `These end within ${CONSENT_EXPIRING_DAYS} days. Ask the patient whether to renew them.`,
      consents: of('expiring'),
    },
    { key: 'active', title: 'In force', consents: of('active', 'not-yet-valid') },
    { key: 'ended', title: 'Expired and revoked', consents: of('expired', 'revoked', 'entered-in-error') },
  ];
}

/**
 * The chart's Sharing tab: the patient's consents to share (releases of information), active,
 * expiring and ended, each with its printable form; and the accounting of disclosures below it.
 */
export function SharingTab() {
  const { patient } = useChart();
  const consents = useChannelQuery('consents:list', { patientId: patient.id });
  const disclosures = useChannelQuery('disclosures:list', { patientId: patient.id });
  const [recording, setRecording] = useState(false);
  const [message, setMessage] = useState<ReactNode>(null);
  const list = consents.data?.consents ?? [];

  return (
    <section className="sharing" aria-labelledby="sharing-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="sharing-title">
          Sharing
        </h2>
        <button type="button" className="button button--primary" onClick={() => (setRecording(true), setMessage(null))}>
          Record consent
        </button>
      </div>
      <p className="chart-section__lead">
        Who may receive which parts of the record, with the patient’s consent. Nothing leaves the practice for anyone but the patient
        without a consent in force that covers it, or an exception with its reason.
      </p>
      {message ? <Notice tone="success">{message}</Notice> : null}
      {consents.error ? <Notice tone="error">{explain(consents.error)}</Notice> : null}
      {consents.data && list.length === 0 ? <p className="muted">No consent to share recorded yet.</p> : null}
      {groups(list).map((group) =>
        group.consents.length > 0 ? (
          <section
            key={group.key}
            className={`chart-subsection sharing__group sharing__group--${group.key}`}
            aria-labelledby={`sharing-${group.key}`}
          >
            <h3 className="chart-subsection__title" id={`sharing-${group.key}`}>
              {group.title}
            </h3>
            {group.lead ? <p className="sharing__lead">{group.lead}</p> : null}
            <ul className="sharing__consents">
              {group.consents.map((consent) => (
                <ConsentCard key={consent.id} consent={consent} />
              ))}
            </ul>
          </section>
        ) : null,
      )}
      <Accounting patientId={patient.id} disclosures={disclosures.data} error={disclosures.error} consents={list} />
      {recording ? (
        <RecordConsentDialog
          patientId={patient.id}
          onClose={() => setRecording(false)}
          onRecorded={(consent) => {
            setRecording(false);
            setMessage(
              <>
                Consent to share with <bdi>{consent.recipient.name}</bdi> recorded.
              </>,
            );
          }}
        />
      ) : null}
    </section>
  );
}

function ConsentCard({ consent }: { consent: ConsentWithStatus }) {
  const [revoking, setRevoking] = useState(false);
  const [marking, setMarking] = useState(false);
  const mark = useChannelMutation('consents:enteredInError');
  const ended = consent.status === 'revoked' || consent.status === 'entered-in-error' || consent.status === 'expired';
  const open = consent.revokedOn === null && !consent.enteredInError;
  return (
    <li className={`consent-card consent-card--${consent.status}`} aria-label={`Consent to share with ${consent.recipient.name}`}>
      <div className="consent-card__head">
        <p className="consent-card__recipient">
          {consent.status === 'entered-in-error' ? (
            <s>
              <bdi>{consent.recipient.name}</bdi>
            </s>
          ) : (
            <bdi>{consent.recipient.name}</bdi>
          )}
          {consent.recipient.role ? (
            <span className="consent-card__role">
              {' '}
              · <bdi>{consent.recipient.role}</bdi>
            </span>
          ) : null}
        </p>
        <span className={`badge consent-status consent-status--${consent.status}`}>{CONSENT_STATUS_LABELS[consent.status]}</span>
      </div>
      <dl className="consent-card__facts">
        <div>
          <dt>Parts</dt>
          <dd>{partsText(consent.parts)}</dd>
        </div>
        <div>
          <dt>Purpose</dt>
          <dd>
            <bdi>{consent.purpose}</bdi>
          </dd>
        </div>
        <div>
          <dt>Period</dt>
          <dd>{periodText(consent)}</dd>
        </div>
        <div>
          <dt>Given</dt>
          <dd>{givenAsText(consent)}</dd>
        </div>
        {consent.recipient.contact ? (
          <div>
            <dt>Contact</dt>
            <dd>
              <bdi>{consent.recipient.contact}</bdi>
            </dd>
          </div>
        ) : null}
        {consent.revokedOn !== null ? (
          <div>
            <dt>Revoked</dt>
            <dd>
              {formatCalendarDate(consent.revokedOn)}
              {consent.revocationReason ? (
                <>
                  : <bdi>{consent.revocationReason}</bdi>
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
      <div className="consent-card__actions">
        {!ended ? (
          <Link className="button button--link" to={`/print/consent/${consent.patientId}/${consent.id}`}>
            Print consent form
          </Link>
        ) : null}
        {open && !ended ? (
          <button type="button" className="button button--link" onClick={() => setRevoking(true)}>
            Revoke…
          </button>
        ) : null}
        {!consent.enteredInError ? (
          <button type="button" className="button button--link" onClick={() => setMarking(true)}>
            Entered in error…
          </button>
        ) : null}
      </div>
      {revoking ? <RevokeConsentDialog consent={consent} onClose={() => setRevoking(false)} /> : null}
      {marking ? (
        <EnteredInErrorDialog
          title="Mark this consent as entered in error?"
          confirmLabel="Mark entered in error"
          onConfirm={(reason) => mark.mutateAsync({ consentId: consent.id, reason })}
          onClose={() => setMarking(false)}
        >
          <p>
            The consent to share with <bdi>{consent.recipient.name}</bdi> is struck through and never covers anything. It stays in the
            chart, as do the disclosures made under it.
          </p>
        </EnteredInErrorDialog>
      ) : null}
    </li>
  );
}

function Accounting({
  patientId,
  disclosures,
  error,
  consents,
}: {
  patientId: string;
  disclosures: Disclosure[] | undefined;
  error: AppError | null;
  consents: ConsentWithStatus[];
}) {
  return (
    <section className="chart-subsection sharing__accounting" aria-labelledby="accounting-title">
      <div className="chart-section__head">
        <h3 className="chart-subsection__title" id="accounting-title">
          Accounting of disclosures
        </h3>
        <Link className="button button--secondary" to={`/print/disclosures/${patientId}`}>
          Print accounting
        </Link>
      </div>
      {error ? <Notice tone="error">{explain(error)}</Notice> : null}
      {disclosures && disclosures.length === 0 ? <p className="muted">Nothing has been shared outside the practice.</p> : null}
      {disclosures && disclosures.length > 0 ? <AccountingTable disclosures={disclosures} consents={consents} /> : null}
    </section>
  );
}
