import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Protocol } from 'electron';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAppScheme, rendererRequestHandler, resolveRendererFile, serveRenderer } from '../../../electron/protocol';
import { CONTENT_SECURITY_POLICY } from '../../../electron/security';
import { protocol as fakeProtocol, resetFakeElectron } from './fake-electron';

let outside: string;
let rendererDir: string;
let serve: (request: Request) => Promise<Response>;

const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

beforeAll(async () => {
  // A secret beside the renderer folder, where a traversal would land.
  outside = await mkdtemp(path.join(os.tmpdir(), 'alliance-protocol-'));
  rendererDir = path.join(outside, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(outside, 'secret.txt'), 'the vault key');
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Alliance</title>');
  await writeFile(path.join(rendererDir, 'assets', 'index-3f2a.js'), 'console.log("app")');
  await writeFile(path.join(rendererDir, 'assets', 'index-3f2a.css'), 'body{}');
  await writeFile(path.join(rendererDir, 'assets', 'inter.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]));
  serve = rendererRequestHandler(rendererDir);
});

afterAll(async () => {
  await rm(outside, { recursive: true, force: true });
});

describe('the app:// protocol', () => {
  it('is registered as a standard, secure scheme with fetch', () => {
    resetFakeElectron();
    registerAppScheme(fakeProtocol as unknown as Protocol);
    expect(fakeProtocol.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
  });

  it('serves the renderer through protocol.handle', async () => {
    serveRenderer(fakeProtocol as unknown as Protocol, rendererDir);
    const handler = fakeProtocol.handlers.get('app');
    const response = await handler?.(new Request('app://alliance/index.html'));
    expect(response?.status).toBe(200);
  });

  it('serves the page with its MIME type and the content security policy', async () => {
    const response = await get('app://alliance/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).toContain('<title>Alliance</title>');
  });

  it('serves the index for the bare origin', async () => {
    const response = await get('app://alliance/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Alliance</title>');
  });

  it('gives scripts, styles and fonts their own MIME types', async () => {
    const script = await get('app://alliance/assets/index-3f2a.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log("app")');
    expect((await get('app://alliance/assets/index-3f2a.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const font = await get('app://alliance/assets/inter.woff2');
    expect(font.headers.get('content-type')).toBe('font/woff2');
    expect(font.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('answers 404, with the policy, for a file that is not there', async () => {
    const response = await get('app://alliance/assets/missing.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await get('app://alliance/assets')).status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    const attempts = [
      'app://alliance/../secret.txt',
      'app://alliance/../../etc/passwd',
      'app://alliance/%2e%2e/secret.txt',
      'app://alliance/..%2fsecret.txt',
      'app://alliance/assets/..%2f..%2fsecret.txt',
      'app://alliance/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://alliance/..%5csecret.txt',
      'app://alliance/index.html%00.js',
    ];
    for (const url of attempts) {
      const response = await get(url);
      expect.soft(response.status, url).not.toBe(200);
      expect.soft(await response.text(), url).not.toContain('the vault key');
    }
  });

  it('refuses an encoded traversal outright', async () => {
    expect(resolveRendererFile(rendererDir, 'app://alliance/..%2fsecret.txt')).toBeNull();
    expect((await get('app://alliance/assets/..%2f..%2fsecret.txt')).status).toBe(403);
  });

  it('serves only the alliance host and only reads', async () => {
    expect((await get('app://other/index.html')).status).toBe(403);
    expect((await get('app://alliance/index.html', 'POST')).status).toBe(405);
    const head = await get('app://alliance/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});
