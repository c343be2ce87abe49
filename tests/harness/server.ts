/**
 * The browser harness: the built renderer and the very handler table the app ships, served over
 * HTTP on 127.0.0.1 behind a random per-run token, so the real UI runs against real SQLCipher in
 * any browser without Electron. Test tooling; never part of the app.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as esbuild } from 'esbuild';
import { ROOT, WORKER_BUNDLE } from '../../build/build-electron';
import { createAppCore } from '../../electron/app-core';
import type { FileSaver, FolderPicker, Printer } from '../../electron/app-core-types';
import { mimeTypeFor } from '../../electron/mime-types';
import { MemoryPreferenceStore } from '../../electron/preferences/store';
import type { MemorySecurity } from '../../electron/database/api';
import type { ScryptParams } from '../../electron/vault/keyfile';
// The very policy the app's window has, so the end-to-end tests run the renderer under it.
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { AppError, type Result } from '../../shared/errors';
import { ensureBuilt, RENDERER_OUT_DIR } from './build';
import { outputDrift } from './output-check';

export type HarnessOptions = {
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Loopback only: the harness holds an unlocked vault and must never face a network. */
  host?: string;
  /**
   * Build what is out of date first (default). The end-to-end suite builds once in its global
   * set-up and passes false, so parallel workers never rebuild the folder another one serves.
   */
  build?: boolean;
  /**
   * The main process's clock (real time by default). End-to-end tests that move the page's clock
   * move this one with it, so a session's actual start and a late cancellation agree with the screen.
   */
  now?: () => number;
  /**
   * Tests only: a cheaper key derivation for the vault's key file (the file records it), so set-up
   * and unlock take milliseconds. `npm run harness` keeps the app's real cost.
   */
  scrypt?: ScryptParams;
  /** Tests only: SQLCipher's memory security off (see MemorySecurity). `npm run harness` keeps it on, as the app does. */
  memorySecurity?: MemorySecurity;
};

export type Harness = {
  /** The address to open, token included. */
  url: string;
  token: string;
  /**
   * Resolves once the full integrity check of a large vault, which runs on its own thread after
   * unlock, has finished: benchmarks wait for it so it does not share the cores with what they time.
   */
  integrityChecked(): Promise<void>;
  /**
   * The answer of the next folder dialogs, in order, as the person would pick them (undefined: they
   * cancel). With none queued, a folder dialog is cancelled.
   */
  chooseFolders(...answers: (string | undefined)[]): void;
  close(): Promise<void>;
};

const MAX_BODY_BYTES = 1024 * 1024;
const EVENT_KEEPALIVE_MS = 15_000;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '::1', 'localhost']);

let bridgeScript: Promise<string> | undefined;

/** Bundled once per process: every harness in a test run serves the same bridge. */
function bundleBridge(): Promise<string> {
  bridgeScript ??= esbuild({
    entryPoints: [path.join(path.dirname(fileURLToPath(import.meta.url)), 'bridge.ts')],
    absWorkingDir: ROOT,
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    logLevel: 'warning',
  }).then((result) => {
    const output = result.outputFiles[0];
    if (!output) throw new Error('esbuild produced no bridge bundle.');
    return output.text;
  });
  return bridgeScript;
}

/** Prints nothing: in the browser the bridge prints with window.print() and never calls the server. */
const serverPrinter: Printer = {
  print: () => Promise.resolve('cancelled'),
};

/**
 * Never reached: in the browser the bridge saves files itself (a download), like print:window.
 * Should a call get here anyway, it is refused rather than written to the harness's disk.
 */
const serverFiles: FileSaver = {
  save: () => Promise.reject(new AppError('FORBIDDEN', 'The harness saves files in the browser; the server writes none.')),
};

function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, {
    'content-type': type,
    'content-length': Buffer.byteLength(body),
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(body);
}

/**
 * A successful answer that does not match its channel's output schema becomes an INTERNAL error naming
 * the channel and where it went wrong (never the value), logged to stderr, so a drift from the
 * contract fails the end-to-end test that met it.
 */
function checked(channel: unknown, result: Result<unknown>): Result<unknown> {
  if (!result.ok) return result;
  const drift = outputDrift(channel, result.value);
  if (drift === null) return result;
  console.error(`Harness: ${drift}`);
  return { ok: false, error: { code: 'INTERNAL', message: drift } };
}

function sendResult(response: ServerResponse, status: number, result: Result<unknown>): void {
  send(response, status, JSON.stringify(result), 'application/json; charset=utf-8');
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<string> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_BODY_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Puts the token and the bridge before the app's first script, so window.alliance exists when the app starts. */
export function injectBridge(indexHtml: string, token: string): string {
  const tags = `<meta name="alliance-harness-token" content="${token}">\n    <script src="/__harness/bridge.js"></script>\n    `;
  const firstScript = indexHtml.search(/<script\b/i);
  if (firstScript >= 0) return indexHtml.slice(0, firstScript) + tags + indexHtml.slice(firstScript);
  const headEnd = indexHtml.search(/<\/head>/i);
  if (headEnd < 0) throw new Error('dist/renderer/index.html has no <head>.');
  return indexHtml.slice(0, headEnd) + tags + indexHtml.slice(headEnd);
}

/** Resolves a URL path inside the renderer folder, or undefined for anything that would leave it. */
function staticFile(urlPath: string): string | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const resolved = path.resolve(RENDERER_OUT_DIR, `.${path.posix.normalize(decoded)}`);
  return resolved.startsWith(RENDERER_OUT_DIR + path.sep) ? resolved : undefined;
}

export async function startHarness({
  dataDir,
  port = 0,
  host = '127.0.0.1',
  build = true,
  now,
  scrypt,
  memorySecurity,
}: HarnessOptions): Promise<Harness> {
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`The harness listens on loopback only (127.0.0.1, ::1 or localhost), not ${host}.`);
  }
  if (build) await ensureBuilt();
  const [bridge, indexHtml] = await Promise.all([bundleBridge(), readFile(path.join(RENDERER_OUT_DIR, 'index.html'), 'utf8')]);
  await mkdir(dataDir, { recursive: true });

  const token = randomBytes(32).toString('hex');
  const page = injectBridge(indexHtml, token);
  const core = createAppCore({
    dataDir,
    preferences: new MemoryPreferenceStore(),
    workerPath: WORKER_BUNDLE,
    ...(now ? { now } : {}),
    ...(scrypt ? { scrypt } : {}),
    ...(memorySecurity ? { memorySecurity } : {}),
  });
  const eventStreams = new Set<ServerResponse>();
  const folderAnswers: (string | undefined)[] = [];
  const serverFolders: FolderPicker = { choose: () => Promise.resolve(folderAnswers.shift()) };

  async function invoke(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!tokenMatches(token, request.headers['x-alliance-token'] as string | undefined)) {
      sendResult(response, 403, { ok: false, error: { code: 'FORBIDDEN', message: 'The harness token is missing or wrong.' } });
      return;
    }
    let body: string;
    try {
      body = await readBody(request);
    } catch (error) {
      if (!(error instanceof BodyTooLarge)) throw error;
      sendResult(response, 413, { ok: false, error: { code: 'INVALID_INPUT', message: 'The request is larger than 1 MiB.' } });
      request.resume();
      return;
    }
    let call: unknown;
    try {
      call = JSON.parse(body);
    } catch {
      sendResult(response, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'The request is not JSON.' } });
      return;
    }
    if (typeof call !== 'object' || call === null || !('channel' in call)) {
      sendResult(response, 400, { ok: false, error: { code: 'INVALID_INPUT', message: 'The request needs a channel and an input.' } });
      return;
    }
    const input = 'input' in call ? call.input : undefined;
    const result = await core.handle(call.channel, input, { printer: serverPrinter, files: serverFiles, folders: serverFolders });
    sendResult(response, 200, checked(call.channel, result));
  }

  function streamEvents(url: URL, response: ServerResponse): void {
    if (!tokenMatches(token, url.searchParams.get('token'))) {
      send(response, 403, 'The harness token is missing or wrong.');
      return;
    }
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'content-security-policy': CONTENT_SECURITY_POLICY,
    });
    response.write(': connected\n\n');
    const unsubscribe = core.subscribe((event) => response.write(`data: ${JSON.stringify(event)}\n\n`));
    // Comments keep idle connections from being closed by the browser or a proxy.
    const keepAlive = setInterval(() => response.write(': keep-alive\n\n'), EVENT_KEEPALIVE_MS);
    eventStreams.add(response);
    response.on('close', () => {
      clearInterval(keepAlive);
      unsubscribe();
      eventStreams.delete(response);
    });
  }

  async function serveStatic(url: URL, method: string, response: ServerResponse): Promise<void> {
    if (url.pathname === '/' || url.pathname === '/index.html') {
      if (!tokenMatches(token, url.searchParams.get('token'))) {
        send(response, 403, 'Open the address the harness printed; it carries the token.');
        return;
      }
      send(response, 200, method === 'HEAD' ? '' : page, 'text/html; charset=utf-8');
      return;
    }
    const file = staticFile(url.pathname);
    const info = file ? await stat(file).catch(() => undefined) : undefined;
    if (!file || !info?.isFile()) {
      send(response, 404, 'Not found.');
      return;
    }
    response.writeHead(200, {
      'content-type': mimeTypeFor(file),
      'content-length': info.size,
      'content-security-policy': CONTENT_SECURITY_POLICY,
      'x-content-type-options': 'nosniff',
    });
    if (method === 'HEAD') response.end();
    else createReadStream(file).pipe(response);
  }

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const method = request.method ?? 'GET';
    // A page elsewhere that resolves its own name to 127.0.0.1 (DNS rebinding) sends its own Host; refuse it.
    const hostName = (request.headers.host ?? '').replace(/:\d+$/, '').replace(/^\[(.*)\]$/, '$1');
    if (!LOOPBACK_HOSTS.has(hostName)) {
      send(response, 403, 'The harness answers loopback addresses only.');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/__harness/invoke') {
      if (method !== 'POST') send(response, 405, 'POST only.');
      else await invoke(request, response);
    } else if (url.pathname === '/__harness/events' && method === 'GET') {
      streamEvents(url, response);
    } else if (url.pathname === '/__harness/bridge.js' && (method === 'GET' || method === 'HEAD')) {
      send(response, 200, method === 'HEAD' ? '' : bridge, 'text/javascript; charset=utf-8');
    } else if (method === 'GET' || method === 'HEAD') {
      await serveStatic(url, method, response);
    } else {
      send(response, 405, 'Method not allowed.');
    }
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      // Never echo the error: it could carry clinical input. The code says enough for a developer.
      const code = error instanceof Error && 'code' in error ? String(error.code) : 'unexpected';
      if (!response.headersSent)
        sendResult(response, 500, { ok: false, error: { code: 'INTERNAL', message: `The harness failed (${code}).` } });
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}/?token=${token}`,
    token,
    async integrityChecked() {
      const context = { printer: serverPrinter, files: serverFiles, folders: { choose: async () => undefined } };
      for (;;) {
        const status = await core.handle('vault:status', {}, context);
        if (!status.ok || !(typeof status.value === 'object' && status.value !== null && 'integrityCheck' in status.value)) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    chooseFolders(...answers) {
      folderAnswers.push(...answers);
    },
    close() {
      closing ??= (async () => {
        for (const stream of eventStreams) stream.end();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await core.close();
      })();
      return closing;
    },
  };
}
