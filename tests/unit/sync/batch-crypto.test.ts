import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BatchRefused, deriveReplicationKey, openBatch, sealBatch } from '../../../electron/features/sync/batch-crypto';

const VAULT = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
const vaultKey = randomBytes(32);
const key = deriveReplicationKey(vaultKey, VAULT);
const address = { vaultId: VAULT, deviceId: 'a'.repeat(32), deviceSeq: 7 };
const changes = Buffer.from(JSON.stringify([{ table: 'patients', given_name: 'Ada' }]));

describe('sealed change batches', () => {
  it('open again with the same vault key on another device', () => {
    const sealed = sealBatch(key, address, changes);
    expect(openBatch(deriveReplicationKey(Buffer.from(vaultKey), VAULT), address, sealed)).toEqual(changes);
  });

  it('carry none of their text in the clear, and differ each time they are sealed', () => {
    const first = sealBatch(key, address, changes);
    expect(first.includes(Buffer.from('Ada'))).toBe(false);
    expect(first.equals(sealBatch(key, address, changes))).toBe(false);
  });

  it('are refused when a byte changed, under another device’s name or number, or under another vault', () => {
    const sealed = sealBatch(key, address, changes);
    const altered = Buffer.from(sealed);
    altered.writeUInt8(altered.readUInt8(20) ^ 1, 20);
    expect(() => openBatch(key, address, altered)).toThrow(BatchRefused);
    expect(() => openBatch(key, { ...address, deviceId: 'b'.repeat(32) }, sealed)).toThrow(BatchRefused);
    expect(() => openBatch(key, { ...address, deviceSeq: 8 }, sealed)).toThrow(BatchRefused);
    expect(() => openBatch(deriveReplicationKey(randomBytes(32), VAULT), address, sealed)).toThrow(/did not decrypt/);
    expect(() => openBatch(key, address, sealed.subarray(0, 10))).toThrow(BatchRefused);
  });

  it('use a key of their own, not the vault key, and one per vault', () => {
    expect(key.equals(vaultKey)).toBe(false);
    expect(deriveReplicationKey(vaultKey, '00000000-0000-4000-8000-000000000000').equals(key)).toBe(false);
  });
});
