import { useId } from 'react';
import {
  DISCLOSURE_EXCEPTION_LABELS,
  DISCLOSURE_EXCEPTIONS,
  partsNotCovered,
  RECORD_PART_LABELS,
  type ConsentWithStatus,
  type DisclosureException,
} from '../../shared/consents';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import type { Disclosure } from './useDisclosure';

function coverage(consent: ConsentWithStatus, disclosure: Disclosure, today: string): string {
  const missing = partsNotCovered(consent, disclosure.parts, today);
  if (missing.length === 0) return 'Covers everything in this copy';
  return `Does not cover: ${missing.map((part) => RECORD_PART_LABELS[part]).join(', ')}`;
}

/**
 * "Who is this copy for?": the patient themself (the default: their own copy stays one click), someone
 * with a consent in force (each shown with what of this copy it covers and what it does not), or
 * someone under an exception the law allows, with its reason. Every outgoing copy passes through it.
 */
export function DisclosureStep({ disclosure }: { disclosure: Disclosure }) {
  const name = useId();
  const consents = useChannelQuery('consents:list', { patientId: disclosure.patientId });
  const { form, setForm } = disclosure;
  const today = consents.data?.today ?? '';
  const inForce = (consents.data?.consents ?? []).filter((c) => c.status === 'active' || c.status === 'expiring');

  return (
    <fieldset className="disclosure-step">
      <legend className="disclosure-step__legend">Who is this copy for?</legend>
      <label className="checkbox">
        <input type="radio" name={name} checked={form.kind === 'patient'} onChange={() => setForm({ kind: 'patient' })} />
        <span>The patient themself</span>
      </label>
      <label className="checkbox">
        <input type="radio" name={name} checked={form.kind === 'consent'} onChange={() => setForm({ kind: 'consent' })} />
        <span>Someone the patient has consented to share with</span>
      </label>
      {form.kind === 'consent' ? (
        <div className="disclosure-step__detail">
          {consents.error ? <Notice tone="error">{explain(consents.error)}</Notice> : null}
          {consents.data && inForce.length === 0 ? (
            <p className="muted">No consent to share is in force for this patient. Record one in the chart’s Sharing tab.</p>
          ) : null}
          {inForce.map((consent) => {
            const covers = partsNotCovered(consent, disclosure.parts, today).length === 0;
            return (
              <label key={consent.id} className="checkbox disclosure-step__consent">
                <input
                  type="radio"
                  name={`${name}-consent`}
                  checked={form.consentId === consent.id}
                  onChange={() => setForm({ consentId: consent.id })}
                />
                <span>
                  <bdi>{consent.recipient.name}</bdi>
                  {consent.recipient.role ? (
                    <>
                      , <bdi>{consent.recipient.role}</bdi>
                    </>
                  ) : null}
                  <span className="disclosure-step__until">
                    {consent.validUntil === null ? ' · until revoked' : ` · until ${formatCalendarDate(consent.validUntil)}`}
                  </span>
                  <span className={`disclosure-step__coverage${covers ? '' : ' disclosure-step__coverage--short'}`}>
                    {coverage(consent, disclosure, today)}
                  </span>
                </span>
              </label>
            );
          })}
        </div>
      ) : null}
      <label className="checkbox">
        <input type="radio" name={name} checked={form.kind === 'exception'} onChange={() => setForm({ kind: 'exception' })} />
        <span>Someone else, under an exception the law allows</span>
      </label>
      {form.kind === 'exception' ? (
        <div className="disclosure-step__detail">
          <div className="field">
            <label className="field__label" htmlFor={`${name}-exception`}>
              Exception
            </label>
            <select
              id={`${name}-exception`}
              className="input"
              value={form.exception}
              onChange={(event) => setForm({ exception: event.target.value as DisclosureException })}
            >
              {DISCLOSURE_EXCEPTIONS.map((exception) => (
                <option key={exception} value={exception}>
                  {DISCLOSURE_EXCEPTION_LABELS[exception]}
                </option>
              ))}
            </select>
          </div>
          <TextAreaField
            label="Reason"
            hint="Why this is shared without the patient’s consent. The patient can read it in the accounting of disclosures."
            value={form.reason}
            rows={2}
            onChange={(event) => setForm({ reason: event.target.value })}
          />
          <TextField label="Recipient" value={form.name} onChange={(event) => setForm({ name: event.target.value })} />
          <TextField label="Role or organisation" optional value={form.role} onChange={(event) => setForm({ role: event.target.value })} />
          <TextField label="Contact" optional value={form.contact} onChange={(event) => setForm({ contact: event.target.value })} />
        </div>
      ) : null}
      {disclosure.refusal ? (
        <Notice tone="error" title="Not shared">
          {disclosure.refusal}
        </Notice>
      ) : null}
    </fieldset>
  );
}
