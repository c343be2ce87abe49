import type { App, Session } from 'electron';
import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  installWindowSecurity,
  isAppUrl,
  isTrustedSender,
  lockDownSession,
  windowWebPreferences,
} from '../../../electron/security';
import { FakeApp, FakeBrowserWindow, FakeFrame, FakeSession, FakeWebContents } from './fake-electron';

function appWithSecurity(options = { allowDevTools: false }) {
  const app = new FakeApp();
  installWindowSecurity(app as unknown as App, options);
  const contents = new FakeWebContents();
  app.emit('web-contents-created', {}, contents);
  return { app, contents };
}

describe('the window preferences', () => {
  const preferences = windowWebPreferences({ preloadPath: '/opt/Alliance/dist-electron/preload.cjs', allowDevTools: false });

  it('isolate the page from Node and from the preload, in the sandbox', () => {
    expect(preferences.contextIsolation).toBe(true);
    expect(preferences.sandbox).toBe(true);
    expect(preferences.nodeIntegration).toBe(false);
    expect(preferences.nodeIntegrationInWorker).toBe(false);
    expect(preferences.nodeIntegrationInSubFrames).toBe(false);
  });

  it('allow no webview, keep web security on and refuse insecure content', () => {
    expect(preferences.webviewTag).toBe(false);
    expect(preferences.webSecurity).toBe(true);
    expect(preferences.allowRunningInsecureContent).toBe(false);
  });

  it('load the bundled preload', () => {
    expect(preferences.preload).toBe('/opt/Alliance/dist-electron/preload.cjs');
  });

  it('turn the developer tools off in a packaged app', () => {
    expect(preferences.devTools).toBe(false);
    expect(windowWebPreferences({ preloadPath: '/p.cjs', allowDevTools: true }).devTools).toBe(true);
  });
});

describe('every web contents the app creates', () => {
  it('may not attach a webview', () => {
    const { contents } = appWithSecurity();
    expect(contents.emitPreventable('will-attach-webview')).toBe(true);
  });

  it('may not navigate or be redirected anywhere, even to another app page', () => {
    const { contents } = appWithSecurity();
    expect(contents.emitPreventable('will-navigate', 'https://example.com/')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(contents.emitPreventable('will-redirect', 'https://example.com/')).toBe(true);
    expect(contents.emitPreventable('will-navigate', 'app://alliance/index.html')).toBe(true);
  });

  it('may load the app’s own pages in a subframe and nothing else', () => {
    const { contents } = appWithSecurity();
    expect(contents.emitPreventable('will-frame-navigate', 'https://example.com/')).toBe(true);
    expect(contents.emitPreventable('will-frame-navigate', 'app://alliance/index.html')).toBe(false);
  });

  it('may not open a new window', () => {
    const { contents } = appWithSecurity();
    expect(contents.windowOpenHandler?.({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://alliance/index.html' })).toEqual({ action: 'deny' });
  });

  it('lives in a session that denies every permission request and check', () => {
    const { contents } = appWithSecurity();
    const { session } = contents;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(session.grants(permission)).toBe(false);
    }
    expect(session.permissionCheckHandler?.({}, 'media', 'app://alliance', {})).toBe(false);
    expect(session.devicePermissionHandler?.({})).toBe(false);
  });

  it('lives in a session that cancels every request that is not app://alliance', () => {
    const { contents } = appWithSecurity();
    const { session } = contents;
    expect(session.isCancelled('https://example.com/')).toBe(true);
    expect(session.isCancelled('http://127.0.0.1:5173/')).toBe(true);
    expect(session.isCancelled('file:///etc/passwd')).toBe(true);
    expect(session.isCancelled('app://alliance.example.com/index.html')).toBe(true);
    expect(session.isCancelled('devtools://devtools/bundled/devtools_app.html')).toBe(true);
    expect(session.isCancelled('app://alliance/index.html')).toBe(false);
    expect(session.isCancelled('app://alliance/assets/index-3f2a.js')).toBe(false);
  });

  it('lets the developer tools load only in a development build', () => {
    const { contents } = appWithSecurity({ allowDevTools: true });
    expect(contents.session.isCancelled('devtools://devtools/bundled/devtools_app.html')).toBe(false);
    expect(contents.session.isCancelled('https://example.com/')).toBe(true);
  });

  it('locks each session down once, however many web contents share it', () => {
    const session = new FakeSession();
    lockDownSession(session as unknown as Session, { allowDevTools: false });
    lockDownSession(session as unknown as Session, { allowDevTools: false });
    expect(session.beforeRequestListeners).toHaveLength(1);
  });
});

describe('the content security policy', () => {
  it('allows only the app’s own origin by default', () => {
    expect(CONTENT_SECURITY_POLICY.split('; ')).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-(inline|eval)|https?:|data:|\*/);
  });
});

describe('app URLs', () => {
  it('are app://alliance and nothing that only looks like it', () => {
    expect(isAppUrl('app://alliance/index.html')).toBe(true);
    expect(isAppUrl('app://alliance/')).toBe(true);
    expect(isAppUrl('app://alliance.evil/index.html')).toBe(false);
    expect(isAppUrl('app://evil@alliance/index.html')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://alliance/index.html')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('who may call the main process', () => {
  it('is the main frame of the app’s window showing the app’s page', () => {
    const window = new FakeBrowserWindow({});
    expect(isTrustedSender(window.webContents.mainFrame, window)).toBe(true);
  });

  it('is not a subframe, a gone frame, another page or a closed window', () => {
    const window = new FakeBrowserWindow({});
    expect(isTrustedSender(new FakeFrame('app://alliance/index.html'), window)).toBe(false);
    expect(isTrustedSender(null, window)).toBe(false);
    window.webContents.mainFrame.url = 'https://example.com/';
    expect(isTrustedSender(window.webContents.mainFrame, window)).toBe(false);
    window.webContents.mainFrame.url = 'app://alliance/index.html';
    window.destroyed = true;
    expect(isTrustedSender(window.webContents.mainFrame, window)).toBe(false);
    expect(isTrustedSender(window.webContents.mainFrame, null)).toBe(false);
  });
});
