import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKER_BUNDLE } from '../../../build/build-electron';
import { DatabaseClient } from '../../../electron/database/client';
import { LATEST_SCHEMA_VERSION } from '../../../electron/database/migrations';
import { testEnvironment } from '../support/environment';

const clients: DatabaseClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.stop();
});

function startWorker(): DatabaseClient {
  const client = new DatabaseClient(WORKER_BUNDLE);
  clients.push(client);
  return client;
}

describe('the database worker', () => {
  it('answers a declared method with ok and the time it spent', async () => {
    const response = await startWorker().send('ping', {});
    expect(response).toMatchObject({ ok: true, value: { pong: true } });
    expect(response.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('refuses a method name that the API does not declare, and names nothing from the request', async () => {
    const client = startWorker();
    for (const method of ['dropEverything', 'constructor', '__proto__', 'toString', 'patients.delete']) {
      const response = await client.send(method, {});
      expect(response, method).toMatchObject({
        ok: false,
        error: { code: 'INTERNAL', message: 'The database worker has no such method.' },
      });
    }
    expect(await client.call('ping', {})).toEqual({ pong: true });
  });

  it('refuses a channel it has no handler for, by its code, and names nothing from the request', async () => {
    const response = await startWorker().send('run', {
      channel: 'patients:deleteEverything',
      input: { everything: true },
      environment: testEnvironment(),
    });
    expect(response).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL', message: 'The database worker has no such channel.' } });
  });

  it('refuses queries while no database is open', async () => {
    await expect(startWorker().run('patients:list', { includeArchived: false }, testEnvironment())).rejects.toMatchObject({
      code: 'VAULT_LOCKED',
    });
  });

  it('refuses to open a database that is not there, rather than creating an empty one', async () => {
    const client = startWorker();
    const key = Buffer.alloc(32, 7);
    await expect(client.open('/nonexistent-folder/alliance.db', key, 'existing')).rejects.toMatchObject({ code: 'VAULT_DAMAGED' });
    // The caller's copy of the key is wiped once handed on.
    expect(key.every((byte) => byte === 0)).toBe(true);
  });

  it('a database that the key does not open is reported as damaged, not as a crash', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-worker-'));
    try {
      const client = startWorker();
      const file = path.join(dir, 'alliance.db');
      expect(await client.open(file, Buffer.alloc(32, 1), 'create')).toMatchObject({ schemaVersion: LATEST_SCHEMA_VERSION });
      expect(await client.call('close', {})).toEqual({ wasOpen: true });
      await expect(client.open(file, Buffer.alloc(32, 2), 'existing')).rejects.toMatchObject({
        code: 'VAULT_DAMAGED',
        message: expect.stringMatching(/cannot be read with this vault’s key/),
      });
      expect(await client.call('connection', {})).toEqual({ open: false });
      expect(await client.open(file, Buffer.alloc(32, 1), 'existing')).toEqual({
        schemaVersion: LATEST_SCHEMA_VERSION,
        setAside: [],
        integrity: 'checked',
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('stopping the worker while the database is open closes the connection first, and the process lives on', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'alliance-worker-'));
    try {
      const client = startWorker();
      await client.open(path.join(dir, 'alliance.db'), Buffer.alloc(32, 3), 'create');
      await client.stop();
      // Terminating a thread whose connection is open can abort the whole process (seen after a failed open).
      expect(await client.call('connection', {})).toEqual({ open: false });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a stopped worker starts again on the next call', async () => {
    const client = startWorker();
    await client.call('ping', {});
    await client.stop();
    expect(await client.call('ping', {})).toEqual({ pong: true });
  });
});
