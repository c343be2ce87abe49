/**
 * A throwaway PostgreSQL cluster for the tests of replication: Debian's PostgreSQL 15 binaries,
 * `initdb` into a temporary folder, `pg_ctl` on a random port of 127.0.0.1 with password
 * authentication, removed afterwards. PostgreSQL refuses to run as root, so as root (CI) the cluster
 * belongs to and runs as `nobody`.
 */
import { execFile } from 'node:child_process';
import { chmod, chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';

const run = promisify(execFile);

const BIN_FOLDERS = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin', '/usr/lib/postgresql/17/bin'];

export type PostgresCluster = Readonly<{
  host: '127.0.0.1';
  port: number;
  user: string;
  password: string;
  database: string;
  /** The cluster's data directory, read by the marker test. */
  dataDir: string;
  stop(): Promise<void>;
  /** Stops the server, keeping its data, as a server going down does. */
  pause(): Promise<void>;
  /** Starts it again on the same port. */
  resume(): Promise<void>;
}>;

export function postgresBinaries(): string | null {
  return BIN_FOLDERS.find((folder) => existsSync(path.join(folder, 'pg_ctl'))) ?? null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const NOBODY = { uid: 65534, gid: 65534 };

export type PostgresOptions = {
  /** PEM certificate and key: the server offers TLS with them (and still accepts plain connections). */
  tls?: { certificate: string; key: string };
};

export async function startPostgres(options: PostgresOptions = {}): Promise<PostgresCluster> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('PostgreSQL is not installed: apt-get install postgresql (.ci/run does it)');
  const asRoot = process.getuid?.() === 0;
  const root = await mkdtemp(path.join(os.tmpdir(), 'alliance-pg-'));
  const dataDir = path.join(root, 'data');
  const password = randomBytes(18).toString('base64url');
  const pwfile = path.join(root, 'pw');
  await writeFile(pwfile, password, { mode: 0o600 });
  if (asRoot) {
    await chmod(root, 0o700);
    await chown(root, NOBODY.uid, NOBODY.gid);
    await chown(pwfile, NOBODY.uid, NOBODY.gid);
  }
  const as = asRoot ? { uid: NOBODY.uid, gid: NOBODY.gid } : {};
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C', HOME: root };
  const user = 'alliance_test';
  await run(
    path.join(bin, 'initdb'),
    ['-D', dataDir, '-U', user, '--pwfile', pwfile, '-A', 'scram-sha-256', '-E', 'UTF8', '--no-sync', '--no-instructions'],
    { ...as, env, cwd: root },
  );
  await rm(pwfile);
  const port = await freePort();
  const tlsOptions: string[] = [];
  if (options.tls) {
    const certificate = path.join(root, 'server.crt');
    const key = path.join(root, 'server.key');
    await writeFile(certificate, options.tls.certificate, { mode: 0o600 });
    await writeFile(key, options.tls.key, { mode: 0o600 });
    if (asRoot) await Promise.all([chown(certificate, NOBODY.uid, NOBODY.gid), chown(key, NOBODY.uid, NOBODY.gid)]);
    tlsOptions.push('-c ssl=on', `-c ssl_cert_file='${certificate}'`, `-c ssl_key_file='${key}'`);
  }
  const serverOptions = [
    `-p ${port}`,
    "-c listen_addresses='127.0.0.1'",
    `-c unix_socket_directories='${root}'`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c shared_buffers=16MB',
    '-c max_connections=40',
    ...tlsOptions,
  ].join(' ');
  const logFile = path.join(root, 'server.log');
  const ctl = (args: string[]) => run(path.join(bin, 'pg_ctl'), ['-D', dataDir, ...args], { ...as, env, cwd: root });
  const start = () => ctl(['-o', serverOptions, '-l', logFile, '-w', '-t', '30', 'start']);
  await start();
  let running = true;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    database: 'postgres',
    dataDir,
    async pause() {
      if (running) await ctl(['-m', 'fast', '-w', 'stop']);
      running = false;
    },
    async resume() {
      if (!running) await start();
      running = true;
    },
    async stop() {
      try {
        if (running) await ctl(['-m', 'immediate', '-w', 'stop']);
      } finally {
        running = false;
        await rm(root, { recursive: true, force: true });
      }
    },
  };
}
