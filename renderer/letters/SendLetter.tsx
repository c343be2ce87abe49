import { useId, useState } from 'react';
import { DISCLOSURE_EXCEPTIONS, DISCLOSURE_EXCEPTION_LABELS, type DisclosureException } from '../../shared/consents';
import type { Letter } from '../../shared/letters';
import { useChannelMutation } from '../bridge/queries';
import { useChart } from '../chart';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { UserText } from '../components/UserText';
import { explain } from '../errors/explain';
import { formatLongMoment } from '../format/dates';

/**
 * Sending a signed letter (or printing it for its recipient): recorded with the disclosure in the
 * accounting, under the recipient's consent, or, when no consent in force covers what it carries, under
 * an exception with its reason. A letter to the patient is no disclosure.
 */
export function SendLetter({ letter }: { letter: Letter }) {
  const ids = useId();
  const { patient } = useChart();
  const send = useChannelMutation('letters:send');
  const [problem, setProblem] = useState<string | null>(null);
  const [underException, setUnderException] = useState(false);
  const [exception, setException] = useState<DisclosureException>('continuity-of-care');
  const [reason, setReason] = useState('');
  const recipient = letter.recipient?.name ?? `${patient.givenName} ${patient.familyName}`;

  function mark(withException: boolean) {
    setProblem(null);
    send.mutate(
      { id: letter.id, exception: withException ? { exception, reason } : null },
      {
        onSuccess: () => {
          setUnderException(false);
          setReason('');
        },
        onError: (error) => setProblem(error.issues?.[0]?.message ?? explain(error)),
      },
    );
  }

  return (
    <section className="letter__send" aria-labelledby={`${ids}-title`}>
      <h3 className="letter__heading" id={`${ids}-title`}>
        Sending
      </h3>
      {letter.sendings.length > 0 ? (
        <ul>
          {letter.sendings.map((sending) => (
            <li key={sending.sentAt}>
              Sent to <UserText>{sending.recipient}</UserText>, {formatLongMoment(sending.sentAt)}
              {sending.disclosureId ? ', recorded in the accounting of disclosures' : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">Not sent yet.</p>
      )}
      {letter.kind === 'patient' ? (
        <p className="muted">A letter to the patient is not a disclosure; marking it given records it in the chart.</p>
      ) : (
        <p className="muted">
          Marking it sent records a disclosure to its recipient under their consent, in the patient’s accounting of disclosures.
        </p>
      )}
      {problem ? <Notice tone="error">{problem}</Notice> : null}
      <div className="letter__actions">
        <button type="button" className="button button--secondary" disabled={send.isPending} onClick={() => mark(false)}>
          {letter.kind === 'patient' ? (
            'Mark as given to the patient'
          ) : (
            <>
              Mark as sent to <UserText>{recipient}</UserText>
            </>
          )}
        </button>
        {letter.kind !== 'patient' && !underException ? (
          <button type="button" className="button button--link" onClick={() => setUnderException(true)}>
            Send without consent, under an exception…
          </button>
        ) : null}
      </div>
      {underException ? (
        <div className="letter__exception">
          <label className="field__label" htmlFor={`${ids}-exception`}>
            Exception
          </label>
          <select
            id={`${ids}-exception`}
            className="input input--select"
            value={exception}
            onChange={(event) => setException(event.target.value as DisclosureException)}
          >
            {DISCLOSURE_EXCEPTIONS.map((option) => (
              <option key={option} value={option}>
                {DISCLOSURE_EXCEPTION_LABELS[option]}
              </option>
            ))}
          </select>
          <TextAreaField
            label="Why it is shared without consent"
            rows={2}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
          <div className="letter__actions">
            <button type="button" className="button button--primary" disabled={send.isPending} onClick={() => mark(true)}>
              Record and mark as sent
            </button>
            <button type="button" className="button button--link" onClick={() => setUnderException(false)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
