/**
 * Serves the built renderer at app://alliance/… instead of file://, so the page has a real origin
 * that the CSP, the request filter and the sender check can name, and file:// stays out of reach.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Protocol } from 'electron';
import { mimeTypeFor } from './mime-types';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security';

/** Before `ready`: a standard, secure scheme gets an origin, `fetch` and the secure-context APIs. */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

function headers(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  });
}

function refusal(status: 403 | 404 | 405, text: string): Response {
  return new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
}

/**
 * The file a request names inside `rootDir`, or null when the request would leave it
 * (`..`, encoded `%2e%2e` or `%2f`, backslashes, NUL) or names another host.
 */
export function resolveRendererFile(rootDir: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let relative: string;
  try {
    relative = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (relative.includes('\0') || relative.includes('\\')) return null;
  if (relative === '/' || relative === '') relative = '/index.html';
  const root = path.resolve(rootDir);
  const resolved = path.resolve(root, `.${relative}`);
  const inside = path.relative(root, resolved);
  if (inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) return null;
  return resolved;
}

/** The handler behind `protocol.handle('app', …)`: a file of the built renderer, or a refusal; always with the CSP. */
export function rendererRequestHandler(rootDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'Method not allowed');
    const filePath = resolveRendererFile(rootDir, request.url);
    if (filePath === null) return refusal(403, 'Forbidden');
    try {
      const info = await stat(filePath);
      if (!info.isFile()) return refusal(404, 'Not found');
      const body = request.method === 'HEAD' ? null : await readFile(filePath);
      return new Response(body, { status: 200, headers: headers(mimeTypeFor(filePath)) });
    } catch (error) {
      if (isMissingFile(error)) return refusal(404, 'Not found');
      throw error;
    }
  };
}

function isMissingFile(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** After `ready`. */
export function serveRenderer(protocol: Protocol, rootDir: string): void {
  protocol.handle(APP_SCHEME, rendererRequestHandler(rootDir));
}
