/**
 * Reads SQLCipher 4 pages without SQLite, so the vault's files can be checked before SQLite touches
 * them: SQLite folds (checkpoints) a write-ahead log into the database when its last connection
 * closes, and a log that is not this database's own must never be folded in.
 *
 * SQLCipher 4 with a raw 256-bit key: each page is AES-256-CBC, with a reserve at its end of a
 * 16-byte IV and a 64-byte HMAC-SHA512 over the ciphertext, the IV and the page number (4 bytes,
 * little-endian). The HMAC key is PBKDF2-HMAC-SHA512 of the raw key, 2 rounds, over the database's
 * salt (the file's first 16 bytes) XORed with 0x3a. Page 1 keeps the salt in its first 16 bytes.
 */
import { createDecipheriv, createHmac, pbkdf2Sync, timingSafeEqual } from 'node:crypto';

export const PAGE_SIZE = 4096;
export const SALT_BYTES = 16;
const IV_BYTES = 16;
const HMAC_BYTES = 64;
const RESERVE_BYTES = IV_BYTES + HMAC_BYTES;
const HMAC_SALT_MASK = 0x3a;
const FAST_KDF_ROUNDS = 2;

export type PageKeys = { encryptionKey: Buffer; hmacKey: Buffer };

/** The keys for one database file: its raw key and the salt at the start of its first page. */
export function pageKeys(rawKey: Uint8Array, salt: Uint8Array): PageKeys {
  const hmacSalt = Buffer.from(salt.map((byte) => byte ^ HMAC_SALT_MASK));
  return {
    encryptionKey: Buffer.from(rawKey),
    hmacKey: pbkdf2Sync(Buffer.from(rawKey), hmacSalt, FAST_KDF_ROUNDS, 32, 'sha512'),
  };
}

export function wipe(keys: PageKeys): void {
  keys.encryptionKey.fill(0);
  keys.hmacKey.fill(0);
}

function encryptedPart(page: Uint8Array, pageNumber: number): Buffer {
  const start = pageNumber === 1 ? SALT_BYTES : 0;
  return Buffer.from(page.buffer, page.byteOffset + start, PAGE_SIZE - start);
}

/** Whether the page was written under these keys as this page number (its HMAC checks out). */
export function pageAuthentic(keys: PageKeys, page: Uint8Array, pageNumber: number): boolean {
  if (page.byteLength !== PAGE_SIZE) return false;
  const data = encryptedPart(page, pageNumber);
  const signedLength = data.byteLength - HMAC_BYTES;
  const number = Buffer.alloc(4);
  number.writeUInt32LE(pageNumber);
  const expected = createHmac('sha512', keys.hmacKey).update(data.subarray(0, signedLength)).update(number).digest();
  return timingSafeEqual(expected, data.subarray(signedLength));
}

/** The page's plaintext (page 1 with its salt bytes left as they are); check `pageAuthentic` first. */
export function decryptPage(keys: PageKeys, page: Uint8Array, pageNumber: number): Buffer {
  const data = encryptedPart(page, pageNumber);
  const cipherLength = data.byteLength - RESERVE_BYTES;
  const iv = data.subarray(cipherLength, cipherLength + IV_BYTES);
  const decipher = createDecipheriv('aes-256-cbc', keys.encryptionKey, iv);
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(data.subarray(0, cipherLength)), decipher.final()]);
  return pageNumber === 1 ? Buffer.concat([Buffer.from(page.subarray(0, SALT_BYTES)), plain]) : plain;
}

/** What the database header (decrypted page 1) says of the file. */
export type DatabaseHeader = {
  pageSize: number;
  /** The page count the header vouches for, or null when SQLite would not trust it either. */
  pageCount: number | null;
  walMode: boolean;
};

export function readHeader(page1Plain: Buffer): DatabaseHeader {
  const rawSize = page1Plain.readUInt16BE(16);
  const changeCounter = page1Plain.readUInt32BE(24);
  const pages = page1Plain.readUInt32BE(28);
  const validFor = page1Plain.readUInt32BE(92);
  return {
    pageSize: rawSize === 1 ? 65536 : rawSize,
    pageCount: pages > 0 && changeCounter === validFor ? pages : null,
    walMode: page1Plain[18] === 2 && page1Plain[19] === 2,
  };
}
