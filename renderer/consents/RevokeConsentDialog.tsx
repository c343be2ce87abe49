import { useState, type FormEvent } from 'react';
import { CONSENT_LIMITS, type ConsentWithStatus } from '../../shared/consents';
import { localToday } from '../../shared/dates';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { DateField } from '../components/DateField';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { explain } from '../errors/explain';

/** The patient withdraws a consent: from the day they said so (today or earlier), with their reason if they gave one. */
export function RevokeConsentDialog({ consent, onClose }: { consent: ConsentWithStatus; onClose: () => void }) {
  const revoke = useChannelMutation('consents:revoke');
  const [revokedOn, setRevokedOn] = useState(localToday());
  const [reason, setReason] = useState('');
  const [dateError, setDateError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    setDateError(undefined);
    try {
      await revoke.mutateAsync({ consentId: consent.id, revokedOn, reason });
      onClose();
    } catch (caught) {
      const error = asAppError(caught);
      const onDate = error.issues?.find((issue) => issue.path === 'revokedOn');
      if (onDate) setDateError(onDate.message);
      else setFailure(explain(error));
    }
  }

  return (
    <Modal
      open
      onClose={onClose}
      title="Revoke this consent?"
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form="revoke-consent" className="button button--danger" disabled={revoke.isPending}>
            Revoke consent
          </button>
        </>
      }
    >
      <form id="revoke-consent" onSubmit={(event) => void submit(event)} noValidate className="consent-form">
        <p>
          From this day nothing more is shared with <bdi>{consent.recipient.name}</bdi> under this consent. What was already shared stays in
          the accounting of disclosures.
        </p>
        <DateField
          label="Revoked on"
          hint="The day the patient withdrew consent"
          value={revokedOn}
          onChange={setRevokedOn}
          error={dateError}
        />
        <TextAreaField
          label="Reason"
          optional
          hint="If the patient gave one"
          maxLength={CONSENT_LIMITS.revocationReason}
          rows={2}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        {failure ? <Notice tone="error">{failure}</Notice> : null}
      </form>
    </Modal>
  );
}
