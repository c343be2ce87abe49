/*
 * The one-time code that pairs a new device with a vault (docs/sync.md, Pairing): twelve characters
 * of Crockford's base 32 (no I, L, O or U, so nothing reads as something else), shown as three
 * groups of four. The first four name the pairing on the server; the next seven are the secret the
 * vault key is wrapped under, never sent; the last is a check character (Luhn mod 32), so a typo is caught on the
 * device before the server is asked (asking uses the code up).
 */

export const PAIRING_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const PAIRING_CODE_LENGTH = 12;
export const PAIRING_ID_LENGTH = 4;

export const PAIRING_CODE_MESSAGES = {
  length: 'The code has 12 characters, in three groups of four',
  typo: 'This code has a typo: check it against the first device’s screen',
} as const;

/** Luhn mod N (N = 32): catches every single mistyped character and most swaps of neighbours. */
function checkCharacter(body: string): string {
  const n = PAIRING_ALPHABET.length;
  let sum = 0;
  let factor = 2;
  for (let i = body.length - 1; i >= 0; i -= 1) {
    const addend = factor * PAIRING_ALPHABET.indexOf(body.charAt(i));
    sum += Math.floor(addend / n) + (addend % n);
    factor = factor === 2 ? 1 : 2;
  }
  return PAIRING_ALPHABET.charAt((n - (sum % n)) % n);
}

/** A new code from 55 random bits (11 characters), with its check character. `random` gives bytes. */
export function newPairingCode(random: (bytes: number) => Uint8Array): string {
  const bytes = random(11);
  const body = Array.from(bytes, (byte) => PAIRING_ALPHABET.charAt(byte & 31)).join('');
  return body + checkCharacter(body);
}

export function formatPairingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8, 12)}`;
}

export type ParsedPairingCode = Readonly<{ pairingId: string; secret: string }>;

/** Reads a code as typed (any case, with or without dashes or spaces, O for 0 and I or L for 1). */
export function parsePairingCode(typed: string): ParsedPairingCode | { error: string } {
  const code = typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (code.length !== PAIRING_CODE_LENGTH || [...code].some((c) => !PAIRING_ALPHABET.includes(c)))
    return { error: PAIRING_CODE_MESSAGES.length };
  const body = code.slice(0, -1);
  if (checkCharacter(body) !== code.slice(-1)) return { error: PAIRING_CODE_MESSAGES.typo };
  return { pairingId: body.slice(0, PAIRING_ID_LENGTH), secret: body.slice(PAIRING_ID_LENGTH) };
}
