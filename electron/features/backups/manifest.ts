/**
 * Writing and checking a backup's manifest (shared/backup.ts). Pure node:crypto and node:fs, so the
 * database worker (which writes backups) and the main process (which restores them) use the same rules.
 *
 * The signature is an HMAC-SHA256 under a key derived with HKDF from the vault's database key. Only
 * someone holding the vault key can make a manifest this app accepts; a backup of another vault is
 * checked once its own key is unwrapped with that vault's passphrase or recovery code.
 */
import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BACKUP_FORMAT_VERSION,
  BACKUP_MANIFEST_FILE_NAME,
  backupManifestHeadSchema,
  backupManifestSchema,
  MAX_MANIFEST_BYTES,
  type BackupFile,
  type BackupManifest,
  type UnsignedBackupManifest,
} from '../../../shared/backup';
import { LATEST_SCHEMA_VERSION } from '../../database/migrations';
import { KEY_FILE_NAME } from '../../vault/keyfile';
import { DATABASE_FILE_NAME } from '../../vault/vault';

/** The two files every backup holds beside its manifest, named as in the data folder. */
export const BACKUP_FILE_NAMES = [DATABASE_FILE_NAME, KEY_FILE_NAME] as const;

const SIGNATURE_INFO = 'alliance backup manifest v1';

/** A backup that cannot be trusted or read by this app; `message` names the problem for the person. */
export class BackupProblem extends Error {
  override readonly name = 'BackupProblem';
}

/** JSON with object keys sorted at every level: the same manifest always signs to the same bytes. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function signingKey(databaseKey: Uint8Array): Buffer {
  return Buffer.from(hkdfSync('sha256', databaseKey, Buffer.alloc(0), SIGNATURE_INFO, 32));
}

export function signManifest(manifest: UnsignedBackupManifest, databaseKey: Uint8Array): BackupManifest {
  const signature = createHmac('sha256', signingKey(databaseKey)).update(canonicalJson(manifest)).digest('hex');
  return { ...manifest, signature };
}

/** True when the manifest was signed under this vault key and not changed since. */
export function manifestSignedBy(manifest: BackupManifest, databaseKey: Uint8Array): boolean {
  const { signature, ...unsigned } = manifest;
  const expected = createHmac('sha256', signingKey(databaseKey)).update(canonicalJson(unsigned)).digest();
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** SHA-256 and size of a file, streamed: a database copy can be hundreds of megabytes. */
export async function describeFile(folder: string, name: string): Promise<BackupFile> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path.join(folder, name))) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    hash.update(buffer);
  }
  return { name, bytes, sha256: hash.digest('hex') };
}

/**
 * Reads and checks a backup folder's manifest against the files beside it, without opening the
 * database: the format and schema this app can read, the two expected files and nothing masquerading
 * as them, each file's size and SHA-256. The signature needs the vault key: see `manifestSignedBy`.
 * Throws `BackupProblem` naming the first problem found.
 */
export async function readBackupManifest(folder: string): Promise<BackupManifest> {
  const manifestPath = path.join(folder, BACKUP_MANIFEST_FILE_NAME);
  let text: string;
  try {
    const info = await lstat(manifestPath);
    if (!info.isFile()) throw new BackupProblem('The backup’s manifest.json is not a file.');
    if (info.size > MAX_MANIFEST_BYTES) throw new BackupProblem('The backup’s manifest.json is too large to be an Alliance manifest.');
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    if (error instanceof BackupProblem) throw error;
    throw new BackupProblem('This folder has no manifest.json: it is not an Alliance backup, or the backup is incomplete.');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BackupProblem('The backup’s manifest.json is damaged: it is not valid JSON.');
  }
  const head = backupManifestHeadSchema.safeParse(json);
  if (!head.success) throw new BackupProblem('The backup’s manifest.json is not an Alliance backup manifest.');
  if (head.data.formatVersion > BACKUP_FORMAT_VERSION || head.data.schemaVersion > LATEST_SCHEMA_VERSION) {
    throw new BackupProblem(
      `This backup was made by a newer version of Alliance (${head.data.appVersion}, schema ${head.data.schemaVersion}); ` +
        `this app reads backups up to schema ${LATEST_SCHEMA_VERSION}. Update Alliance, then restore it.`,
    );
  }
  const parsed = backupManifestSchema.safeParse(json);
  if (!parsed.success)
    throw new BackupProblem('The backup’s manifest.json has been changed or damaged: its fields are not as Alliance writes them.');
  const manifest = parsed.data;
  const names = manifest.files.map((file) => file.name).sort();
  if (names.join('/') !== [...BACKUP_FILE_NAMES].sort().join('/')) {
    throw new BackupProblem('The backup’s manifest.json has been changed: it does not list the database and the key file.');
  }
  for (const expected of manifest.files) {
    let info;
    try {
      info = await lstat(path.join(folder, expected.name));
    } catch {
      throw new BackupProblem(`The backup is missing ${expected.name}.`);
    }
    if (!info.isFile()) throw new BackupProblem(`The backup’s ${expected.name} is not a file.`);
    if (info.size !== expected.bytes) {
      throw new BackupProblem(
        `The backup’s ${expected.name} is ${info.size} bytes, not the ${expected.bytes} its manifest records: it was changed or damaged.`,
      );
    }
    const actual = await describeFile(folder, expected.name);
    if (actual.sha256 !== expected.sha256) {
      throw new BackupProblem(`The backup’s ${expected.name} does not match its manifest (SHA-256 differs): it was changed or damaged.`);
    }
  }
  return manifest;
}
