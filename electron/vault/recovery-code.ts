import { randomBytes } from 'node:crypto';
import { RECOVERY_CODE_ALPHABET, RECOVERY_CODE_GROUPS } from '../../shared/vault';

const BITS_PER_CHARACTER = 5;
const CHARACTERS = RECOVERY_CODE_GROUPS * 4;

/** 160 random bits as eight groups of four Crockford base-32 characters, e.g. "7KQ2-…". */
export function generateRecoveryCode(): string {
  const bytes = randomBytes((CHARACTERS * BITS_PER_CHARACTER) / 8);
  let characters = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= BITS_PER_CHARACTER) {
      bits -= BITS_PER_CHARACTER;
      characters += RECOVERY_CODE_ALPHABET[(buffer >> bits) & 0b11111];
    }
    buffer &= (1 << bits) - 1;
  }
  bytes.fill(0);
  return characters.match(/.{4}/g)?.join('-') ?? characters;
}
