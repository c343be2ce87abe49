import type { ClientBase } from 'pg';

/*
 * What Alliance keeps on the practice's PostgreSQL (docs/sync.md): one schema, `alliance`, holding
 * sealed batches, opaque ids, sizes and times; nothing a person could read. PostgreSQL's own features
 * do the work: a transaction per batch, an advisory lock that lets a vault's writers commit one at a
 * time (so the batch number it hands out is the commit order, and a reader never finds a batch
 * committed late below one it has read), and NOTIFY to wake the other devices.
 */

export const SERVER_SCHEMA_VERSION = 1;

const SCHEMA = `
  CREATE SCHEMA IF NOT EXISTS alliance;
  CREATE TABLE IF NOT EXISTS alliance.schema_version (version integer NOT NULL);
  CREATE TABLE IF NOT EXISTS alliance.vaults (
    vault_id uuid PRIMARY KEY,
    next_seq bigint NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE IF NOT EXISTS alliance.devices (
    device_id bytea PRIMARY KEY CHECK (length(device_id) = 16),
    vault_id uuid NOT NULL REFERENCES alliance.vaults,
    added_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
  );
  CREATE TABLE IF NOT EXISTS alliance.batches (
    vault_id uuid NOT NULL REFERENCES alliance.vaults,
    seq bigint NOT NULL,
    batch_id uuid NOT NULL UNIQUE,
    device_id bytea NOT NULL REFERENCES alliance.devices,
    device_seq bigint NOT NULL,
    ciphertext bytea NOT NULL,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (vault_id, seq),
    UNIQUE (device_id, device_seq)
  );
  CREATE TABLE IF NOT EXISTS alliance.pairings (
    pairing_id text PRIMARY KEY CHECK (length(pairing_id) = 4),
    vault_id uuid NOT NULL REFERENCES alliance.vaults,
    salt bytea NOT NULL,
    wrapped bytea,
    expires_at timestamptz NOT NULL,
    used_at timestamptz
  );
`;

/** A lock key per vault: its writers take it for the length of their transaction. */
const LOCK = "hashtextextended('alliance:' || $1::text, 0)";

export class DeviceRevoked extends Error {
  constructor() {
    super('This device was removed from the practice’s server; it can no longer send or receive changes.');
    this.name = 'DeviceRevoked';
  }
}

export async function inTransaction<T>(client: ClientBase, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

/** Creates the schema where it is missing. Safe to run on every connection, from several devices at once. */
export async function ensureServerSchema(client: ClientBase): Promise<void> {
  await inTransaction(client, async () => {
    await client.query("SELECT pg_advisory_xact_lock(hashtextextended('alliance:schema', 0))");
    await client.query(SCHEMA);
    const { rows } = await client.query<{ version: number }>('SELECT version FROM alliance.schema_version');
    const [row] = rows;
    if (row === undefined) await client.query('INSERT INTO alliance.schema_version (version) VALUES ($1)', [SERVER_SCHEMA_VERSION]);
    else if (row.version > SERVER_SCHEMA_VERSION)
      throw new Error('The practice’s server was set up by a newer version of Alliance. Update Alliance on this device.');
  });
}

function deviceBytes(deviceId: string): Buffer {
  if (!/^[0-9a-f]{32}$/.test(deviceId)) throw new TypeError('A device id is 32 lower-case hex digits');
  return Buffer.from(deviceId, 'hex');
}

export async function registerDevice(client: ClientBase, vaultId: string, deviceId: string): Promise<void> {
  await inTransaction(client, async () => {
    await client.query('INSERT INTO alliance.vaults (vault_id) VALUES ($1) ON CONFLICT DO NOTHING', [vaultId]);
    await client.query('INSERT INTO alliance.devices (device_id, vault_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      deviceBytes(deviceId),
      vaultId,
    ]);
  });
}

export async function revokeDevice(client: ClientBase, vaultId: string, deviceId: string): Promise<void> {
  await client.query('UPDATE alliance.devices SET revoked_at = now() WHERE device_id = $1 AND vault_id = $2 AND revoked_at IS NULL', [
    deviceBytes(deviceId),
    vaultId,
  ]);
}

async function assertActive(client: ClientBase, vaultId: string, deviceId: string): Promise<void> {
  const { rows } = await client.query<{ revoked: boolean }>(
    'SELECT revoked_at IS NOT NULL AS revoked FROM alliance.devices WHERE device_id = $1 AND vault_id = $2',
    [deviceBytes(deviceId), vaultId],
  );
  if (rows[0]?.revoked !== false) throw new DeviceRevoked();
}

export type OutgoingBatch = Readonly<{ batchId: string; deviceSeq: number; ciphertext: Buffer }>;

/**
 * Pushes one sealed batch in one transaction. A batch pushed before (the same batch id, as after a
 * device was killed before it heard the answer) is not written twice: the answer is its number.
 */
export async function pushBatch(client: ClientBase, vaultId: string, deviceId: string, batch: OutgoingBatch): Promise<number> {
  return inTransaction(client, async () => {
    await client.query(`SELECT pg_advisory_xact_lock(${LOCK})`, [vaultId]);
    await assertActive(client, vaultId, deviceId);
    const known = await client.query<{ seq: string }>('SELECT seq FROM alliance.batches WHERE batch_id = $1', [batch.batchId]);
    const [pushedBefore] = known.rows;
    if (pushedBefore) return Number(pushedBefore.seq);
    const { rows } = await client.query<{ seq: string }>(
      'UPDATE alliance.vaults SET next_seq = next_seq + 1 WHERE vault_id = $1 RETURNING next_seq - 1 AS seq',
      [vaultId],
    );
    const seq = rows[0]?.seq;
    if (seq === undefined) throw new Error('This vault is not registered on the practice’s server.');
    await client.query(
      'INSERT INTO alliance.batches (vault_id, seq, batch_id, device_id, device_seq, ciphertext) VALUES ($1, $2, $3, $4, $5, $6)',
      [vaultId, seq, batch.batchId, deviceBytes(deviceId), batch.deviceSeq, batch.ciphertext],
    );
    await client.query(`SELECT pg_notify('alliance_' || replace($1::text, '-', ''), $2::text)`, [vaultId, seq]);
    return Number(seq);
  });
}

export type IncomingBatch = Readonly<{ seq: number; batchId: string; deviceId: string; deviceSeq: number; ciphertext: Buffer }>;

/** The vault's batches after `cursor`, in commit order; a revoked device receives nothing. */
export async function pullBatches(
  client: ClientBase,
  vaultId: string,
  deviceId: string,
  cursor: number,
  limit = 200,
): Promise<IncomingBatch[]> {
  await assertActive(client, vaultId, deviceId);
  const { rows } = await client.query<{ seq: string; batch_id: string; device_id: Buffer; device_seq: string; ciphertext: Buffer }>(
    'SELECT seq, batch_id, device_id, device_seq, ciphertext FROM alliance.batches WHERE vault_id = $1 AND seq > $2 ORDER BY seq LIMIT $3',
    [vaultId, cursor, limit],
  );
  return rows.map((row) => ({
    seq: Number(row.seq),
    batchId: row.batch_id,
    deviceId: row.device_id.toString('hex'),
    deviceSeq: Number(row.device_seq),
    ciphertext: row.ciphertext,
  }));
}

/** The channel a device LISTENs on to hear of new batches of its vault. */
export function notifyChannel(vaultId: string): string {
  return `alliance_${vaultId.replaceAll('-', '')}`;
}
