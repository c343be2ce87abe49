import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import type { ClientBase } from 'pg';
import { newPairingCode, parsePairingCode } from '../../../shared/sync/pairing-code';
import { inTransaction } from './server';

/*
 * Pairing a new device (docs/sync.md, Pairing). The first device wraps what the new one needs (the
 * vault key, the vault's id, its own id) under a key derived with scrypt from the code's secret part,
 * which never leaves the two screens, and leaves the wrapped blob on the server under the code's
 * first four characters for ten minutes. The new device asks for it once: the server hands it over
 * and forgets it in the same statement, so a code works once, and not after ten minutes.
 */

export const PAIRING_MINUTES = 10;
/** scrypt's cost for the code's key: a guess costs about 50 ms, and the blob lives ten minutes. */
const SCRYPT = { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 } as const;

export class PairingRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PairingRefused';
  }
}

function codeKey(secret: string, salt: Buffer): Buffer {
  return scryptSync(secret, salt, 32, SCRYPT);
}

/** Writes a pairing for the vault and returns its code, to show (and print) on the first device. */
export async function offerPairing(client: ClientBase, vaultId: string, payload: Buffer, random = randomBytes): Promise<string> {
  for (;;) {
    const code = newPairingCode((n) => random(n));
    const parsed = parsePairingCode(code);
    if ('error' in parsed) throw new Error('A new pairing code did not read back');
    const salt = random(16);
    const nonce = random(12);
    const cipher = createCipheriv('aes-256-gcm', codeKey(parsed.secret, salt), nonce);
    cipher.setAAD(Buffer.from(`alliance pairing ${parsed.pairingId} ${vaultId}`));
    const wrapped = Buffer.concat([nonce, cipher.update(payload), cipher.final(), cipher.getAuthTag()]);
    const written = await inTransaction(client, async () => {
      // Expired or used pairings are removed as new ones are made, so their ids can be used again.
      await client.query('DELETE FROM alliance.pairings WHERE expires_at <= now() OR used_at IS NOT NULL');
      const { rowCount } = await client.query(
        `INSERT INTO alliance.pairings (pairing_id, vault_id, salt, wrapped, expires_at)
         VALUES ($1, $2, $3, $4, now() + make_interval(mins => $5)) ON CONFLICT DO NOTHING`,
        [parsed.pairingId, vaultId, salt, wrapped, PAIRING_MINUTES],
      );
      return rowCount === 1;
    });
    if (written) return code;
  }
}

/** On the new device: the payload the code unlocks. A wrong, used or expired code is refused, saying which it may be. */
export async function redeemPairing(client: ClientBase, typed: string): Promise<{ vaultId: string; payload: Buffer }> {
  const parsed = parsePairingCode(typed);
  if ('error' in parsed) throw new PairingRefused(parsed.error);
  const { rows } = await client.query<{ vault_id: string; salt: Buffer; wrapped: Buffer | null }>(
    `UPDATE alliance.pairings p SET used_at = now(), wrapped = NULL
     FROM (SELECT pairing_id, wrapped FROM alliance.pairings WHERE pairing_id = $1 FOR UPDATE) old
     WHERE p.pairing_id = old.pairing_id AND p.used_at IS NULL AND p.expires_at > now()
     RETURNING p.vault_id, p.salt, old.wrapped`,
    [parsed.pairingId],
  );
  const row = rows[0];
  if (!row?.wrapped)
    throw new PairingRefused('This code has expired or was already used. Make a new one on the first device (Settings, Add a device).');
  const nonce = row.wrapped.subarray(0, 12);
  const tag = row.wrapped.subarray(row.wrapped.length - 16);
  const decipher = createDecipheriv('aes-256-gcm', codeKey(parsed.secret, row.salt), nonce);
  decipher.setAAD(Buffer.from(`alliance pairing ${parsed.pairingId} ${row.vault_id}`));
  decipher.setAuthTag(tag);
  try {
    return {
      vaultId: row.vault_id,
      payload: Buffer.concat([decipher.update(row.wrapped.subarray(12, row.wrapped.length - 16)), decipher.final()]),
    };
  } catch {
    throw new PairingRefused('This code does not match: it has now been used up. Make a new one on the first device.');
  }
}
