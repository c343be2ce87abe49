import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { CONSENT_STATUS_LABELS, RECORD_PART_LABELS, type ConsentWithStatus } from '../../shared/consents';
import { LETTER_KINDS, LETTER_KIND_LABELS, LETTER_MESSAGES, type LetterKind } from '../../shared/letters';
import type { Patient } from '../../shared/patient';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { UserText } from '../components/UserText';
import { explain } from '../errors/explain';
import { formatLongCalendarDate } from '../format/dates';
import { APP_LOCALE } from '../format/locale';

/**
 * "New letter": its kind, and for a letter to anyone but the patient, its recipient, chosen from the
 * patient's consents in force. What a consent does not cover is left out of the letter.
 */
export function NewLetterDialog({
  patient,
  onClose,
  onCreated,
}: {
  patient: Patient;
  onClose: () => void;
  onCreated: (id: string) => void;
}) {
  const ids = useId();
  const [kind, setKind] = useState<LetterKind>('pcp');
  const [consentId, setConsentId] = useState<string | null>(null);
  const consents = useChannelQuery('consents:list', { patientId: patient.id });
  const create = useChannelMutation('letters:create');
  const [problem, setProblem] = useState<string | null>(null);
  const inForce = (consents.data?.consents ?? []).filter((c) => c.status === 'active' || c.status === 'expiring');
  const toPatient = kind === 'patient';

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (!toPatient && consentId === null) {
      setProblem('Choose the recipient, from the patient’s consents to share.');
      return;
    }
    try {
      const letter = await create.mutateAsync({ patientId: patient.id, kind, consentId: toPatient ? null : consentId, locale: APP_LOCALE });
      onCreated(letter.id);
    } catch (error) {
      setProblem(explain(asAppError(error)));
    }
  }

  return (
    <Modal
      open
      title="New letter"
      onClose={onClose}
      size="wide"
      footer={
        <>
          <button type="button" className="button button--secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" form={`${ids}-form`} className="button button--primary" disabled={create.isPending}>
            {create.isPending ? 'Writing…' : 'Write the letter'}
          </button>
        </>
      }
    >
      <form id={`${ids}-form`} onSubmit={(event) => void submit(event)} className="new-letter">
        <fieldset className="field">
          <legend className="field__label">Kind of letter</legend>
          {LETTER_KINDS.map((option) => (
            <label key={option} className="letter-choice">
              <input type="radio" name={`${ids}-kind`} value={option} checked={kind === option} onChange={() => setKind(option)} />{' '}
              {LETTER_KIND_LABELS[option]}
            </label>
          ))}
        </fieldset>
        {toPatient ? (
          <p className="muted">
            The letter is addressed to <UserText>{`${patient.givenName} ${patient.familyName}`}</UserText>; a letter to the patient needs no
            consent.
          </p>
        ) : (
          <fieldset className="field">
            <legend className="field__label">Recipient</legend>
            <p className="field__hint">
              {LETTER_MESSAGES.consentNeeded} Only the parts of the record the consent covers go into the letter.
            </p>
            {consents.error ? <Notice tone="error">{explain(consents.error)}</Notice> : null}
            {consents.data && inForce.length === 0 ? (
              <Notice tone="info">
                No consent to share is in force for this patient. Record one in the{' '}
                <Link to={`/patients/${patient.id}/sharing`}>Sharing</Link> tab first.
              </Notice>
            ) : null}
            {inForce.map((consent) => (
              <ConsentChoice
                key={consent.id}
                consent={consent}
                name={`${ids}-consent`}
                checked={consentId === consent.id}
                onChoose={() => setConsentId(consent.id)}
              />
            ))}
          </fieldset>
        )}
        {problem ? <Notice tone="error">{problem}</Notice> : null}
      </form>
    </Modal>
  );
}

function ConsentChoice({
  consent,
  name,
  checked,
  onChoose,
}: {
  consent: ConsentWithStatus;
  name: string;
  checked: boolean;
  onChoose: () => void;
}) {
  return (
    <label className="letter-choice letter-choice--block">
      <input type="radio" name={name} value={consent.id} checked={checked} onChange={onChoose} />{' '}
      <strong>
        <UserText>{consent.recipient.name}</UserText>
      </strong>
      {consent.recipient.role ? (
        <>
          , <UserText>{consent.recipient.role}</UserText>
        </>
      ) : null}
      <span className="letter-choice__detail">
        Covers {consent.parts.map((part) => RECORD_PART_LABELS[part].toLowerCase()).join(', ')} · from{' '}
        {formatLongCalendarDate(consent.validFrom)}
        {consent.validUntil ? ` until ${formatLongCalendarDate(consent.validUntil)}` : ' until revoked'} ·{' '}
        {CONSENT_STATUS_LABELS[consent.status]}
      </span>
    </label>
  );
}
