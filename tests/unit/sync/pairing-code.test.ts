import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatPairingCode, newPairingCode, PAIRING_ALPHABET, parsePairingCode } from '../../../shared/sync/pairing-code';

describe('the pairing code', () => {
  it('is twelve characters of an alphabet without look-alikes, shown in three groups', () => {
    const code = newPairingCode((n) => randomBytes(n));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{12}$/);
    expect(formatPairingCode(code)).toMatch(/^.{4}-.{4}-.{4}$/);
    expect(PAIRING_ALPHABET).toHaveLength(32);
  });

  it('reads back as typed: any case, dashes or spaces, O for zero and I or L for one', () => {
    const code = newPairingCode(() => new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]));
    const parsed = parsePairingCode(code);
    expect(parsed).toEqual({ pairingId: code.slice(0, 4), secret: code.slice(4, 11) });
    const typed = formatPairingCode(code).toLowerCase().replace(/0/g, 'o').replace(/1/g, 'l').replace('-', ' ');
    expect(parsePairingCode(typed)).toEqual(parsed);
  });

  it('catches any single mistyped character before the server is asked', () => {
    const code = newPairingCode((n) => randomBytes(n));
    for (let i = 0; i < code.length; i += 1) {
      for (let shift = 1; shift < 32; shift += 1) {
        const other = PAIRING_ALPHABET.charAt((PAIRING_ALPHABET.indexOf(code.charAt(i)) + shift) % 32);
        const typo = code.slice(0, i) + other + code.slice(i + 1);
        expect(parsePairingCode(typo), `character ${i + 1} as ${other}`).toEqual({
          error: 'This code has a typo: check it against the first device’s screen',
        });
      }
    }
  });

  it('says what is wrong with a code too short or with a character it never uses', () => {
    expect(parsePairingCode('ABCD-EFGH')).toEqual({ error: 'The code has 12 characters, in three groups of four' });
    expect(parsePairingCode('ABCD-EFGH-123U')).toEqual({ error: 'The code has 12 characters, in three groups of four' });
  });
});
