import { z } from 'zod';

/*
 * What a pairing code unlocks on the new device (docs/sync.md, Pairing): the vault key, the vault's
 * id, the first copy to start from and the device that made it. Wrapped under the code's key by
 * pairing.ts; the server sees the wrapped bytes only.
 */

const payloadSchema = z.strictObject({
  version: z.literal(1),
  vaultKey: z.string().regex(/^[0-9a-f]{64}$/),
  vaultId: z.uuid(),
  snapshotId: z.uuid(),
  inviter: z.string().regex(/^[0-9a-f]{32}$/),
});

export type PairingPayload = Readonly<{ vaultKey: Buffer; vaultId: string; snapshotId: string; inviter: string }>;

export function encodePairingPayload(payload: PairingPayload): Buffer {
  return Buffer.from(
    JSON.stringify({
      version: 1,
      vaultKey: payload.vaultKey.toString('hex'),
      vaultId: payload.vaultId,
      snapshotId: payload.snapshotId,
      inviter: payload.inviter,
    }),
    'utf8',
  );
}

/** The payload, or null when the bytes are not one (an older or newer Alliance made the code). The bytes are wiped. */
export function decodePairingPayload(bytes: Buffer): PairingPayload | null {
  try {
    const parsed = payloadSchema.safeParse(JSON.parse(bytes.toString('utf8')));
    if (!parsed.success) return null;
    return { ...parsed.data, vaultKey: Buffer.from(parsed.data.vaultKey, 'hex') };
  } catch {
    return null;
  } finally {
    bytes.fill(0);
  }
}
