import {
  CONSENT_FORM_LABELS,
  DISCLOSED_ITEM_LABELS,
  DISCLOSURE_EXCEPTION_LABELS,
  RECORD_PART_LABELS,
  type Consent,
  type Disclosure,
  type RecordPart,
} from '../../shared/consents';
import { formatCalendarDate } from '../format/dates';

/** "Diagnoses, Medications": the parts in the order of the record. */
export function partsText(parts: readonly RecordPart[]): string {
  return parts.map((part) => RECORD_PART_LABELS[part]).join(', ');
}

/** "1 Mar 2026 until revoked", "1 Mar 2026 to 30 Apr 2026". */
export function periodText(consent: Pick<Consent, 'validFrom' | 'validUntil'>): string {
  return consent.validUntil === null
    ? `From ${formatCalendarDate(consent.validFrom)} until revoked`
    : `${formatCalendarDate(consent.validFrom)} to ${formatCalendarDate(consent.validUntil)}`;
}

export function givenAsText(consent: Pick<Consent, 'givenAs'>): string {
  return CONSENT_FORM_LABELS[consent.givenAs];
}

export function itemText(disclosure: Disclosure): string {
  return DISCLOSED_ITEM_LABELS[disclosure.item];
}

/** Under which consent or exception a disclosure was made, as the accounting says it. */
export function basisText(disclosure: Disclosure, consents: readonly Consent[]): string {
  if (disclosure.basis === 'patient') return 'The patient’s own copy';
  if (disclosure.basis === 'exception') {
    return `Without consent: ${disclosure.exception ? DISCLOSURE_EXCEPTION_LABELS[disclosure.exception] : 'exception'}`;
  }
  const consent = consents.find((c) => c.id === disclosure.consentId);
  return consent ? `Consent given ${formatCalendarDate(consent.validFrom)} (${givenAsText(consent).toLocaleLowerCase('en')})` : 'Consent';
}
