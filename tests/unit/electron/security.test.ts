import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App, Session } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  installWindowSecurity,
  isAppUrl,
  isTrustedSender,
  lockDownSession,
  windowWebPreferences,
} from '../../../electron/security';
import { FakeApp, FakeBrowserWindow, FakeFrame, FakeSession, FakeWebContents, resetFakeElectron, shell } from './fake-electron';

// Should the security handlers ever reach for Electron's shell, they get the stand-in, which records it.
vi.mock('electron', () => import('./fake-electron'));

const ELECTRON_DIR = fileURLToPath(new URL('../../../electron/', import.meta.url));

/** Every TypeScript file of the main process, preload and worker. */
async function mainProcessSources(): Promise<{ file: string; text: string }[]> {
  const entries = await readdir(ELECTRON_DIR, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
  return Promise.all(files.map(async (file) => ({ file: path.relative(ELECTRON_DIR, file), text: await readFile(file, 'utf8') })));
}

/** A policy as directive → sources; a directive given twice would be a mistake, so it throws. */
function directivesOf(policy: string): Record<string, string> {
  const directives: Record<string, string> = {};
  for (const directive of policy
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [name = '', ...sources] = directive.split(/\s+/);
    if (name in directives) throw new Error(`${name} is given twice`);
    directives[name] = sources.join(' ');
  }
  return directives;
}

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

  it('leave Chromium’s experimental and extra Blink features off', () => {
    expect(preferences.experimentalFeatures).toBe(false);
    expect(preferences.enableBlinkFeatures ?? '').toBe('');
  });

  it('open nothing dropped on the window', () => {
    expect(preferences.navigateOnDragDrop).toBe(false);
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
  beforeEach(() => resetFakeElectron());

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

  it('hands no link, window or navigation to the system’s browser or file opener', () => {
    const { contents } = appWithSecurity();
    const elsewhere = [
      'https://example.com/',
      'mailto:doctor@example.com',
      'file:///etc/passwd',
      'smb://server/share',
      'ms-msdt:/id',
      'javascript:alert(1)',
    ];
    for (const url of elsewhere) {
      expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
      expect(contents.emitPreventable('will-navigate', url)).toBe(true);
      expect(contents.emitPreventable('will-redirect', url)).toBe(true);
      expect(contents.emitPreventable('will-frame-navigate', url)).toBe(true);
    }
    expect(shell.openExternal).not.toHaveBeenCalled();
    expect(shell.openPath).not.toHaveBeenCalled();
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
  const directives = directivesOf(CONTENT_SECURITY_POLICY);

  it('allows only the app’s own origin by default', () => {
    expect(directives['default-src']).toBe("'self'");
  });

  it('loads script, style, images and fonts from the app’s own files only: nothing inline, eval’d, data: or blob:', () => {
    expect(directives['script-src']).toBe("'self'");
    expect(directives['style-src']).toBe("'self'");
    expect(directives['img-src']).toBe("'self'");
    expect(directives['font-src']).toBe("'self'");
  });

  it('connects to the app’s own origin only', () => {
    expect(directives['connect-src']).toBe("'self'");
  });

  it('allows no worker, frame, plugin, audio, video or manifest', () => {
    expect(directives['worker-src']).toBe("'none'");
    expect(directives['frame-src']).toBe("'none'");
    expect(directives['object-src']).toBe("'none'");
    expect(directives['media-src']).toBe("'none'");
    expect(directives['manifest-src']).toBe("'none'");
  });

  it('allows no <base>, no form post and no page that frames the app', () => {
    expect(directives['base-uri']).toBe("'none'");
    expect(directives['form-action']).toBe("'none'");
    expect(directives['frame-ancestors']).toBe("'none'");
  });

  it('says nothing more than that', () => {
    expect(Object.keys(directives).sort()).toEqual(
      [
        'default-src',
        'script-src',
        'style-src',
        'img-src',
        'font-src',
        'connect-src',
        'worker-src',
        'frame-src',
        'object-src',
        'media-src',
        'manifest-src',
        'base-uri',
        'form-action',
        'frame-ancestors',
      ].sort(),
    );
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-|https?:|data:|blob:|\*/);
  });
});

describe('the main process', () => {
  it('never opens a URL or a file outside the app, so nothing the page supplies can reach the system’s browser', async () => {
    const sources = await mainProcessSources();
    expect(sources.length).toBeGreaterThan(10);
    const opening = sources.filter(({ text }) => /\b(openExternal|openPath)\b/.test(text)).map(({ file }) => file);
    expect(opening).toEqual([]);
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
