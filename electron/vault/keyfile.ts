/**
 * The key file beside the database: the database's random key, wrapped twice with AES-256-GCM,
 * once under a key derived from the passphrase and once under one derived from the recovery code.
 * Versioned JSON with its KDF parameters, so the cost can be raised later without breaking old files.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';

export const KEY_FILE_NAME = 'alliance.keys.json';
export const KEY_FILE_FORMAT = 'alliance-keyfile';
export const KEY_FILE_VERSION = 1;
export const DATABASE_KEY_BYTES = 32;

/**
 * N = 2^16 derives in about 240 ms on the reference laptop; 2^17 takes about 470 ms and would break
 * the 400 ms unlock budget. Stored per slot, so a later version can raise it when re-wrapping.
 */
export const SCRYPT_PARAMS = { N: 65536, r: 8, p: 1, keyLength: 32 } as const;
/**
 * The most memory a key file may ask scrypt for (it needs 128 × N × r × p bytes): 1 GiB, eight times
 * what Alliance writes. A file asking for more is refused as damaged rather than tried.
 */
export const MAX_SCRYPT_MEMORY_BYTES = 1024 * 1024 * 1024;

function scryptMemory(params: { N: number; r: number; p: number }): number {
  return 128 * params.N * params.r * params.p;
}

export type SlotName = 'passphrase' | 'recovery';

function base64Bytes(length: number) {
  return z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64')
    .refine((value) => Buffer.from(value, 'base64').length === length, `must be ${length} bytes`);
}

const powerOfTwo = (n: number) => n > 1 && (n & (n - 1)) === 0;

const slotSchema = z.strictObject({
  kdf: z.literal('scrypt'),
  params: z.strictObject({
    // Bounded so a tampered file cannot ask for hours of work or gigabytes of memory.
    N: z.number().int().min(16384).max(1048576).refine(powerOfTwo, 'N must be a power of two'),
    r: z.number().int().min(1).max(16),
    p: z.number().int().min(1).max(4),
    keyLength: z.literal(32),
  }),
  salt: base64Bytes(16),
  cipher: z.literal('aes-256-gcm'),
  iv: base64Bytes(12),
  tag: base64Bytes(16),
  wrappedKey: base64Bytes(DATABASE_KEY_BYTES),
});
export type KeySlot = z.infer<typeof slotSchema>;

const contentSchema = z.strictObject({
  format: z.literal(KEY_FILE_FORMAT),
  version: z.literal(KEY_FILE_VERSION),
  createdAt: z.iso.datetime({ offset: true }),
  updatedAt: z.iso.datetime({ offset: true }),
  slots: z.strictObject({ passphrase: slotSchema, recovery: slotSchema }),
});
type KeyFileContent = z.infer<typeof contentSchema>;

const keyFileSchema = contentSchema.extend({ checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/, 'is not a SHA-256 checksum') });
export type KeyFile = z.infer<typeof keyFileSchema>;

/** JSON with keys sorted at every level, so the checksum does not depend on key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function checksumOf(content: KeyFileContent): string {
  const { format, version, createdAt, updatedAt, slots } = content;
  return `sha256:${createHash('sha256').update(canonicalJson({ format, version, createdAt, updatedAt, slots })).digest('hex')}`;
}

/** Binds each wrap to its slot and file version, so slots cannot be swapped or replayed into another format. */
function additionalData(slot: SlotName): Buffer {
  return Buffer.from(`${KEY_FILE_FORMAT}:${KEY_FILE_VERSION}:${slot}`, 'utf8');
}

function damaged(detail: string): AppError {
  return new AppError(
    'VAULT_DAMAGED',
    `The key file is damaged: ${detail}. Restore alliance.keys.json from a backup; Alliance will not write over it.`,
  );
}

function deriveKey(secret: string, salt: Buffer, params: KeySlot['params']): Promise<Buffer> {
  // Node refuses past maxmem; give exactly what the parameters need, with room for its own bookkeeping.
  const options: ScryptOptions = { N: params.N, r: params.r, p: params.p, maxmem: scryptMemory(params) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scryptCallback(Buffer.from(secret, 'utf8'), salt, params.keyLength, options, (error, key) =>
      error
        ? reject(damaged(`its scrypt parameters (N = ${params.N}, r = ${params.r}, p = ${params.p}) could not be used on this computer`))
        : resolve(key),
    );
  });
}

/** Passphrases are compared as typed text, whatever the keyboard's Unicode form. */
export function passphraseSecret(passphrase: string): string {
  return passphrase.normalize('NFC');
}

/** The recovery code without its dashes; the contract already upper-cased and corrected it. */
export function recoverySecret(normalizedCode: string): string {
  return normalizedCode.replace(/-/g, '');
}

/** The cost of a new wrap. Alliance always writes SCRYPT_PARAMS; tests may pass a cheaper one (the file records it). */
export type ScryptParams = KeySlot['params'];

export async function wrapKey(slot: SlotName, secret: string, databaseKey: Buffer, params: ScryptParams = SCRYPT_PARAMS): Promise<KeySlot> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const wrappingKey = await deriveKey(secret, salt, params);
  try {
    const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv);
    cipher.setAAD(additionalData(slot));
    const wrapped = Buffer.concat([cipher.update(databaseKey), cipher.final()]);
    return {
      kdf: 'scrypt',
      params: { ...params },
      salt: salt.toString('base64'),
      cipher: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      wrappedKey: wrapped.toString('base64'),
    };
  } finally {
    wrappingKey.fill(0);
  }
}

/**
 * The database key, or null when the secret is wrong (GCM authentication fails). The caller
 * owns the returned buffer and must wipe it.
 */
export async function unwrapKey(keyFile: KeyFile, slot: SlotName, secret: string): Promise<Buffer | null> {
  const entry = keyFile.slots[slot];
  const wrappingKey = await deriveKey(secret, Buffer.from(entry.salt, 'base64'), entry.params);
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrappingKey, Buffer.from(entry.iv, 'base64'));
    decipher.setAAD(additionalData(slot));
    decipher.setAuthTag(Buffer.from(entry.tag, 'base64'));
    const key = decipher.update(Buffer.from(entry.wrappedKey, 'base64'));
    try {
      decipher.final();
    } catch {
      key.fill(0);
      return null;
    }
    return key;
  } finally {
    wrappingKey.fill(0);
  }
}

export function sealKeyFile(content: Omit<KeyFileContent, 'format' | 'version'>): KeyFile {
  const full: KeyFileContent = { format: KEY_FILE_FORMAT, version: KEY_FILE_VERSION, ...content };
  return { ...full, checksum: checksumOf(full) };
}

export async function createKeyFile(
  databaseKey: Buffer,
  passphrase: string,
  recoveryCode: string,
  createdAt: string,
  params: ScryptParams = SCRYPT_PARAMS,
): Promise<KeyFile> {
  const [passphraseSlot, recoverySlot] = await Promise.all([
    wrapKey('passphrase', passphraseSecret(passphrase), databaseKey, params),
    wrapKey('recovery', recoverySecret(recoveryCode), databaseKey, params),
  ]);
  return sealKeyFile({ createdAt, updatedAt: createdAt, slots: { passphrase: passphraseSlot, recovery: recoverySlot } });
}

/** A new passphrase wrap; the recovery wrap and the database stay as they are. */
export async function rewrapPassphrase(
  keyFile: KeyFile,
  databaseKey: Buffer,
  newPassphrase: string,
  updatedAt: string,
  params: ScryptParams = SCRYPT_PARAMS,
): Promise<KeyFile> {
  const passphraseSlot = await wrapKey('passphrase', passphraseSecret(newPassphrase), databaseKey, params);
  return sealKeyFile({ createdAt: keyFile.createdAt, updatedAt, slots: { passphrase: passphraseSlot, recovery: keyFile.slots.recovery } });
}

/** Checks shape and checksum of the file's text; every problem becomes VAULT_DAMAGED with what is wrong. */
export function parseKeyFile(text: string): KeyFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw damaged('it is not readable JSON (it may be truncated)');
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json)) throw damaged('it does not hold a key file');
  const format: unknown = 'format' in json ? json.format : undefined;
  const version: unknown = 'version' in json ? json.version : undefined;
  if (format !== KEY_FILE_FORMAT) throw damaged('it is not an Alliance key file (it names no Alliance format)');
  if (typeof version === 'number' && version > KEY_FILE_VERSION) {
    throw new AppError(
      'VAULT_DAMAGED',
      `The key file was written by a newer version of Alliance (key file version ${version}). Update Alliance to open this vault.`,
    );
  }
  const parsed = keyFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where =
      issue && issue.path.length > 0 ? `${issue.path.map(String).join('.')} ${issue.message}` : 'its fields are not as expected';
    throw damaged(where);
  }
  if (parsed.data.checksum !== checksumOf(parsed.data)) throw damaged('its checksum does not match its contents');
  for (const [slot, { params }] of Object.entries(parsed.data.slots)) {
    if (scryptMemory(params) > MAX_SCRYPT_MEMORY_BYTES) {
      const mebibytes = Math.round(scryptMemory(params) / (1024 * 1024));
      throw damaged(
        `its ${slot} slot asks scrypt for ${mebibytes.toLocaleString('en-US')} MiB (N = ${params.N}, r = ${params.r}, p = ${params.p}), more than the ${MAX_SCRYPT_MEMORY_BYTES / (1024 * 1024)} MiB Alliance allows`,
      );
    }
  }
  return parsed.data;
}

/** The key file, or null when there is none. */
export async function readKeyFile(filePath: string): Promise<KeyFile | null> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return null;
    throw damaged('it cannot be read');
  }
  return parseKeyFile(text);
}

/**
 * Writes a temp file in the same folder, flushes it to disk, then renames it over the old one,
 * so a crash leaves either the old key file or the new one, never half of each.
 */
export async function writeKeyFile(filePath: string, keyFile: KeyFile): Promise<void> {
  const temp = path.join(path.dirname(filePath), `.${path.basename(filePath)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.writeFile(`${JSON.stringify(keyFile, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, filePath);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncFolder(path.dirname(filePath));
}

/** A temp file of `writeKeyFile` (`.alliance.keys.json.<hex>.tmp`), left behind only if it was cut short. */
export function isKeyFileTemp(name: string): boolean {
  return new RegExp(`^\\.${KEY_FILE_NAME.replace(/\./g, '\\.')}\\.[0-9a-f]{12}\\.tmp$`).test(name);
}

/** Makes a rename durable. Not every platform can open a folder; Windows cannot. */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    return;
  } finally {
    await handle?.close();
  }
}
