/**
 * Every rule that keeps the window a window onto the app and nothing else, in one file:
 * the web preferences, the content security policy, navigation, new windows, webviews,
 * permissions and network requests, and which frames may call the main process.
 *
 * Only types come from `electron` here; the objects are passed in. So this file loads under
 * plain Node (the browser harness may take the CSP from it) and tests need no Electron.
 */
import type { App, Session, WebContents, WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'alliance';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * The app's own files and nothing else: no network, no inline or eval'd script, no inline style in
 * markup (React sets style props through the CSSOM, which a CSP leaves alone), no data: or blob:.
 * What the renderer never uses is 'none'; each kind it does load is named, so loosening one shows
 * in a diff. Sent on every app:// response; the browser harness serves the same policy.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "font-src 'self'",
  // The window talks to the main process over IPC; 'self' is what the browser harness's bridge needs.
  "connect-src 'self'",
  "worker-src 'none'",
  "frame-src 'none'",
  "media-src 'none'",
  "manifest-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The renderer is a web page with no Node and no way out of its sandbox; the preload is its only bridge. */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  // Chromium fetches spell-check dictionaries from Google's servers on Windows and Linux; the app never goes online.
  spellcheck: false,
} as const satisfies WebPreferences;

export function windowWebPreferences(options: { preloadPath: string; allowDevTools: boolean }): WebPreferences {
  return { ...SECURE_WEB_PREFERENCES, preload: options.preloadPath, devTools: options.allowDevTools };
}

/** A URL of the app's own renderer: app://alliance/…, and nothing that merely starts like it. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '';
}

/** The developer tools load from devtools://; allowed only in a development build. */
export function isRequestAllowed(url: string, options: { allowDevTools: boolean }): boolean {
  if (isAppUrl(url)) return true;
  return options.allowDevTools && url.startsWith('devtools://');
}

type FrameLike = { readonly url: string };
type WindowLike = { isDestroyed(): boolean; readonly webContents: { readonly mainFrame: FrameLike } };

/**
 * Only the main frame of the app's own window, showing the app's own page, may call the main
 * process. A frame that is gone (null), a subframe or any other page is refused.
 */
export function isTrustedSender(frame: FrameLike | null | undefined, window: WindowLike | null | undefined): boolean {
  if (!frame || !window || window.isDestroyed()) return false;
  return frame === window.webContents.mainFrame && isAppUrl(frame.url);
}

export type SecurityOptions = { allowDevTools: boolean };

/**
 * Denies every permission (camera, microphone, notifications, geolocation, clipboard read, …),
 * every device, and every request that is not the app's own. Safe to call more than once per session.
 */
const lockedSessions = new WeakSet<Session>();
export function lockDownSession(session: Session, options: SecurityOptions): void {
  if (lockedSessions.has(session)) return;
  lockedSessions.add(session);
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isRequestAllowed(details.url, options) });
  });
}

/** Applied to every web contents the app ever creates, before it loads anything. */
export function secureWebContents(contents: WebContents, options: SecurityOptions): void {
  lockDownSession(contents.session, options);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  // The app is one page with hash routes, and same-document navigation never reaches these
  // events; so any navigation or redirect of the page is something trying to take it elsewhere.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  // The CSP allows no frame; should one appear anyway, it may load the app's own pages only.
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

export function installWindowSecurity(app: App, options: SecurityOptions): void {
  app.on('web-contents-created', (_event, contents) => secureWebContents(contents, options));
}
