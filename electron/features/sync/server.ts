import type { ClientBase } from 'pg';

/*
 * What Alliance keeps on the practice's PostgreSQL (docs/sync.md): one schema, `alliance`, holding
 * sealed batches, opaque ids, sizes and times; nothing a person could read. PostgreSQL's own features
 * do the work: a transaction per batch, an advisory lock that lets a vault's writers commit one at a
 * time (so the batch number it hands out is the commit order, and a reader never finds a batch
 * committed late below one it has read), and NOTIFY to wake the other devices.
 */

/** 2: `alliance.snapshots`, the first copy a new device starts from. */
export const SERVER_SCHEMA_VERSION = 2;

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
  CREATE TABLE IF NOT EXISTS alliance.snapshots (
    snapshot_id uuid NOT NULL,
    vault_id uuid NOT NULL REFERENCES alliance.vaults,
    chunk integer NOT NULL CHECK (chunk >= 0),
    bytes bytea NOT NULL,
    includes_seq bigint NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (snapshot_id, chunk)
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
    // An older schema gained its new tables above (each is created where missing): it is now this version.
    else if (row.version < SERVER_SCHEMA_VERSION)
      await client.query('UPDATE alliance.schema_version SET version = $1', [SERVER_SCHEMA_VERSION]);
  });
}

function deviceBytes(deviceId: string): Buffer {
  if (!/^[0-9a-f]{32}$/.test(deviceId)) throw new TypeError('A device id is 32 lower-case hex digits');
  return Buffer.from(deviceId, 'hex');
}

/**
 * Registers the vault and the device where the server does not know them. Answers whether this call
 * added the device: a server that held nothing of it holds none of its batches, and its batch
 * numbers are not the ones another server handed out.
 */
export async function registerDevice(client: ClientBase, vaultId: string, deviceId: string): Promise<{ deviceAdded: boolean }> {
  return inTransaction(client, async () => {
    await client.query('INSERT INTO alliance.vaults (vault_id) VALUES ($1) ON CONFLICT DO NOTHING', [vaultId]);
    const added = await client.query('INSERT INTO alliance.devices (device_id, vault_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [
      deviceBytes(deviceId),
      vaultId,
    ]);
    return { deviceAdded: added.rowCount === 1 };
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

/*
 * A new device's first copy (docs/sync.md): the inviting device's database as SQLCipher wrote it
 * (ciphertext under the vault key, which the server never sees), in chunks, with the server batch
 * number it includes. It is removed when the new device has it, or when it expires unused.
 */

/** A chunk of the copy per row: a few megabytes keep each statement short and the memory it needs small. */
export const SNAPSHOT_CHUNK_BYTES = 4 * 1024 * 1024;
/** A copy not taken within this time is removed (the pairing code it goes with has long expired). */
export const SNAPSHOT_MINUTES = 60;

/** Writes the copy, chunk by chunk, in one transaction: a copy cut short leaves nothing. Expired copies go first. */
export async function uploadSnapshot(
  client: ClientBase,
  vaultId: string,
  snapshotId: string,
  includesSeq: number,
  chunks: AsyncIterable<Buffer>,
  progress: (bytes: number) => void = () => undefined,
): Promise<number> {
  return inTransaction(client, async () => {
    await client.query('DELETE FROM alliance.snapshots WHERE expires_at <= now()');
    let chunk = 0;
    let bytes = 0;
    for await (const piece of chunks) {
      await client.query(
        `INSERT INTO alliance.snapshots (snapshot_id, vault_id, chunk, bytes, includes_seq, expires_at)
         VALUES ($1, $2, $3, $4, $5, now() + make_interval(mins => $6))`,
        [snapshotId, vaultId, chunk, piece, includesSeq, SNAPSHOT_MINUTES],
      );
      chunk += 1;
      bytes += piece.length;
      progress(bytes);
    }
    return chunk;
  });
}

export class SnapshotMissing extends Error {
  constructor() {
    super('The copy of the vault is no longer on the practice’s server. Make a new code on the first device and try again.');
    this.name = 'SnapshotMissing';
  }
}

/**
 * Reads the copy chunk by chunk, in order, handing each to `write`; `progress` hears the fraction
 * read. Removes it only when `done` says the copy arrived whole (see `removeSnapshot`).
 */
export async function downloadSnapshot(
  client: ClientBase,
  vaultId: string,
  snapshotId: string,
  write: (chunk: Buffer) => Promise<void>,
  progress: (fraction: number) => void = () => undefined,
): Promise<{ includesSeq: number; bytes: number }> {
  const { rows } = await client.query<{ chunks: number; total: string; includes_seq: string }>(
    `SELECT count(*)::int AS chunks, sum(length(bytes))::bigint AS total, max(includes_seq) AS includes_seq
     FROM alliance.snapshots WHERE snapshot_id = $1 AND vault_id = $2 AND expires_at > now()`,
    [snapshotId, vaultId],
  );
  const summary = rows[0];
  if (!summary || summary.chunks === 0) throw new SnapshotMissing();
  const total = Number(summary.total);
  let read = 0;
  for (let chunk = 0; chunk < summary.chunks; chunk += 1) {
    const piece = await client.query<{ bytes: Buffer }>('SELECT bytes FROM alliance.snapshots WHERE snapshot_id = $1 AND chunk = $2', [
      snapshotId,
      chunk,
    ]);
    const bytes = piece.rows[0]?.bytes;
    if (!bytes) throw new SnapshotMissing();
    await write(bytes);
    read += bytes.length;
    progress(total === 0 ? 1 : read / total);
  }
  return { includesSeq: Number(summary.includes_seq), bytes: read };
}

/** The copy is used (or no longer wanted): its chunks go. */
export async function removeSnapshot(client: ClientBase, snapshotId: string): Promise<void> {
  await client.query('DELETE FROM alliance.snapshots WHERE snapshot_id = $1', [snapshotId]);
}
