import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/*
 * The encryption of change batches (docs/sync.md, Keys and Push). Every device of a vault holds the
 * vault key, so every device derives the same replication key from it with HKDF-SHA-256; a batch is
 * sealed with AES-256-GCM under a fresh 96-bit nonce, and authenticated together with the vault,
 * the device that made it and that device's batch number, so a batch cannot be replayed under
 * another device's name or another position without failing its tag.
 */

const INFO = Buffer.from('alliance sync v1');
const VERSION = 1;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export type BatchAddress = Readonly<{ vaultId: string; deviceId: string; deviceSeq: number }>;

export class BatchRefused extends Error {
  constructor(readonly address: BatchAddress) {
    super(
      `Batch ${address.deviceSeq} from device ${address.deviceId.slice(0, 8)} did not decrypt: it was changed on the server, or is not this vault's.`,
    );
    this.name = 'BatchRefused';
  }
}

/** The key that seals batches, from the vault key (32 bytes) and the vault's id. */
export function deriveReplicationKey(vaultKey: Buffer, vaultId: string): Buffer {
  if (vaultKey.length !== 32) throw new TypeError('The vault key is 32 bytes');
  return Buffer.from(hkdfSync('sha256', vaultKey, Buffer.from(vaultId, 'utf8'), INFO, 32));
}

function additionalData(address: BatchAddress): Buffer {
  if (!Number.isSafeInteger(address.deviceSeq) || address.deviceSeq < 0) throw new TypeError('A batch number is a whole number');
  return Buffer.from(JSON.stringify([VERSION, address.vaultId, address.deviceId, address.deviceSeq]), 'utf8');
}

/** version ‖ nonce ‖ ciphertext ‖ tag */
export function sealBatch(key: Buffer, address: BatchAddress, plaintext: Buffer): Buffer {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(additionalData(address));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, body, cipher.getAuthTag()]);
}

export function openBatch(key: Buffer, address: BatchAddress, sealed: Buffer): Buffer {
  if (sealed.length < 1 + NONCE_BYTES + TAG_BYTES || sealed[0] !== VERSION) throw new BatchRefused(address);
  const nonce = sealed.subarray(1, 1 + NONCE_BYTES);
  const tag = sealed.subarray(sealed.length - TAG_BYTES);
  const body = sealed.subarray(1 + NONCE_BYTES, sealed.length - TAG_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, nonce);
  decipher.setAAD(additionalData(address));
  decipher.setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    throw new BatchRefused(address);
  }
}
