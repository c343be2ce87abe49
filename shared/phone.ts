import { singleLineString } from './input-safety';

/*
 * One rule for every phone number Alliance keeps (the patient's, an emergency contact's, the primary
 * care physician's, the pharmacy's, the practice's): digits, spaces, a leading +, dashes, brackets and
 * dots, at least 7 digits, and an optional extension ("ext. 12", "x12").
 */

export const PHONE_MAX = 40;
export const PHONE_MESSAGE = 'Use digits, spaces, +, -, brackets and dots, at least 7 digits, and an extension if needed (ext. 12)';

const NUMBER = /^\+?[0-9 ().-]+$/;
const EXTENSION = /\s*(?:ext\.?|x|#)\s*(\d{1,6})$/i;

/** True for a phone number as a person writes one; the empty string is not one. */
export function isPhoneNumber(value: string): boolean {
  const main = value.trim().replace(EXTENSION, '');
  return NUMBER.test(main) && main.replace(/\D/g, '').length >= 7 && main.replace(/\D/g, '').length <= 20;
}

/** An optional phone field: empty means "not given". */
export const optionalPhoneSchema = singleLineString()
  .trim()
  .max(PHONE_MAX, `At most ${PHONE_MAX} characters`)
  .refine((value) => value === '' || isPhoneNumber(value), PHONE_MESSAGE);
