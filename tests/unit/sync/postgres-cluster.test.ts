import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startPostgres, type PostgresCluster } from '../support/postgres';

let cluster: PostgresCluster;

beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
});

const connect = async () => {
  const client = new pg.Client({
    host: cluster.host,
    port: cluster.port,
    user: cluster.user,
    password: cluster.password,
    database: cluster.database,
  });
  await client.connect();
  return client;
};

describe('the throwaway PostgreSQL the replication tests run against', () => {
  it('answers on 127.0.0.1 with its password, and refuses a wrong one', async () => {
    const client = await connect();
    try {
      const { rows } = await client.query<{ version: string }>('SELECT current_setting($1) AS version', ['server_version_num']);
      expect(Number(rows[0]?.version)).toBeGreaterThanOrEqual(150000);
    } finally {
      await client.end();
    }
    const wrong = new pg.Client({
      host: cluster.host,
      port: cluster.port,
      user: cluster.user,
      password: 'wrong',
      database: cluster.database,
    });
    await expect(wrong.connect()).rejects.toThrow(/password authentication failed/);
  });

  it('keeps its data across a stop and a start, as a server that went down does', async () => {
    const before = await connect();
    await before.query('CREATE TABLE kept (n int)');
    await before.query('INSERT INTO kept VALUES (42)');
    await before.end();
    await cluster.pause();
    const refused = new pg.Client({
      host: cluster.host,
      port: cluster.port,
      user: cluster.user,
      password: cluster.password,
      database: cluster.database,
    });
    await expect(refused.connect()).rejects.toThrow(/ECONNREFUSED/);
    await cluster.resume();
    const after = await connect();
    try {
      expect((await after.query<{ n: number }>('SELECT n FROM kept')).rows).toEqual([{ n: 42 }]);
    } finally {
      await after.end();
    }
  }, 60_000);
});
