import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offerPairing, PairingRefused, redeemPairing } from '../../../electron/features/sync/pairing';
import { ensureServerSchema, registerDevice } from '../../../electron/features/sync/server';
import { formatPairingCode, newPairingCode, PAIRING_ALPHABET, parsePairingCode } from '../../../shared/sync/pairing-code';
import { startPostgres, type PostgresCluster } from '../support/postgres';

let cluster: PostgresCluster;
let client: pg.Client;
const VAULT = randomUUID();
const vaultKey = randomBytes(32);

beforeAll(async () => {
  cluster = await startPostgres();
  client = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: cluster.user,
    password: cluster.password,
    database: cluster.database,
  });
  await client.connect();
  await ensureServerSchema(client);
  await registerDevice(client, VAULT, randomBytes(16).toString('hex'));
}, 60_000);
afterAll(async () => {
  await client?.end();
  await cluster?.stop();
});

describe('pairing a new device', () => {
  it('hands the vault key to the device that types the code, once', async () => {
    const code = await offerPairing(client, VAULT, vaultKey);
    const received = await redeemPairing(client, formatPairingCode(code).toLowerCase());
    expect(received).toEqual({ vaultId: VAULT, payload: vaultKey });
    await expect(redeemPairing(client, code)).rejects.toThrow('expired or was already used');
  });

  it('leaves nothing on the server that the code’s secret would not be needed to read', async () => {
    const code = await offerPairing(client, VAULT, vaultKey);
    const { rows } = await client.query<{ wrapped: Buffer }>('SELECT wrapped FROM alliance.pairings WHERE wrapped IS NOT NULL');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.wrapped.includes(vaultKey)).toBe(false);
    const parsed = parsePairingCode(code);
    expect('secret' in parsed && rows[0]?.wrapped.includes(Buffer.from(parsed.secret))).toBe(false);
    await redeemPairing(client, code);
    const after = await client.query('SELECT 1 FROM alliance.pairings WHERE wrapped IS NOT NULL');
    expect(after.rows).toEqual([]);
  });

  it('refuses a code after ten minutes', async () => {
    const code = await offerPairing(client, VAULT, vaultKey);
    await client.query("UPDATE alliance.pairings SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    await expect(redeemPairing(client, code)).rejects.toThrow(PairingRefused);
  });

  it('refuses a wrong code, and the right one after it: a guess uses the pairing up', async () => {
    const code = await offerPairing(client, VAULT, vaultKey);
    // Another code with the same first four characters (the pairing's name) and another secret.
    let wrong = newPairingCode((n) => randomBytes(n));
    while (wrong.slice(4, 11) === code.slice(4, 11)) wrong = newPairingCode((n) => randomBytes(n));
    const forged = newPairingCode(() => Uint8Array.from([...code.slice(0, 4), ...wrong.slice(4, 11)], (c) => PAIRING_ALPHABET.indexOf(c)));
    await expect(redeemPairing(client, forged)).rejects.toThrow('does not match');
    await expect(redeemPairing(client, code)).rejects.toThrow('expired or was already used');
  });

  it('catches a typo on the device, without using the code up', async () => {
    const code = await offerPairing(client, VAULT, vaultKey);
    const typo = code.slice(0, 5) + (code.charAt(5) === 'A' ? 'B' : 'A') + code.slice(6);
    await expect(redeemPairing(client, typo)).rejects.toThrow('typo');
    expect((await redeemPairing(client, code)).payload).toEqual(vaultKey);
  });
});
