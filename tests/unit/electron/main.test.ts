import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppCore, AppCoreOptions, CallContext } from '../../../electron/app-core-types';
import { MemoryPreferenceStore } from '../../../electron/preferences/store';
import { IPC_EVENT, IPC_INVOKE, type BridgeEvent } from '../../../shared/contract';
import type { Result } from '../../../shared/errors';
import type { LockReason } from '../../../shared/vault';
import {
  app,
  dialog,
  FakeBrowserWindow,
  FakeEvent,
  FakeFrame,
  ipcMain,
  Menu,
  powerMonitor,
  protocol,
  resetFakeElectron,
  session,
} from './fake-electron';

vi.mock('electron', () => import('./fake-electron'));
// The real ones load Electron itself (electron-store) or the whole vault (app-core); startApp is handed its own.
vi.mock('electron-store', () => ({ default: class {} }));
vi.mock('../../../electron/app-core', () => ({ createAppCore: () => ({}) }));

const { startApp, WINDOW_TITLE } = await import('../../../electron/main');

/** An app core that records what the glue asks of it. */
class RecordingCore implements AppCore {
  readonly calls: { channel: unknown; input: unknown; context: CallContext }[] = [];
  readonly locks: (LockReason | 'requested')[] = [];
  closed = false;
  #listeners = new Set<(event: BridgeEvent) => void>();

  async handle(channel: unknown, input: unknown, context: CallContext): Promise<Result<unknown>> {
    this.calls.push({ channel, input, context });
    return { ok: true, value: { state: 'locked' } };
  }
  subscribe(listener: (event: BridgeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
  async lock(reason: LockReason): Promise<void> {
    this.locks.push(reason);
  }
  requestLock(): void {
    this.locks.push('requested');
  }
  async close(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.closed = true;
  }
  emit(event: BridgeEvent): void {
    for (const listener of this.#listeners) listener(event);
  }
}

let installDir: string;
let bundleDir: string;
let core: RecordingCore;
let coreOptions: AppCoreOptions[];

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

async function start(env: Record<string, string | undefined> = {}): Promise<void> {
  startApp({
    createCore: (options) => {
      coreOptions.push(options);
      return core;
    },
    openPreferences: () => new MemoryPreferenceStore(),
    env,
    bundleDir,
  });
  await settle();
}

function theWindow(): FakeBrowserWindow {
  expect(FakeBrowserWindow.instances).toHaveLength(1);
  return FakeBrowserWindow.instances[0] as FakeBrowserWindow;
}

function invoke(senderFrame: FakeFrame | null, channel: unknown, input: unknown): Promise<unknown> {
  const handler = ipcMain.handlers.get(IPC_INVOKE);
  if (!handler) throw new Error('No invoke handler registered');
  return Promise.resolve(handler({ senderFrame }, channel, input));
}

beforeAll(async () => {
  // An installed app as electron-builder lays it out: dist-electron beside dist/renderer.
  installDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-main-'));
  bundleDir = path.join(installDir, 'dist-electron');
  await mkdir(path.join(installDir, 'dist', 'renderer'), { recursive: true });
  await mkdir(bundleDir);
  await writeFile(path.join(installDir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Alliance</title>');
});

afterAll(async () => {
  await rm(installDir, { recursive: true, force: true });
});

beforeEach(() => {
  resetFakeElectron();
  core = new RecordingCore();
  coreOptions = [];
});

describe('starting the app', () => {
  it('registers app:// as privileged at once, before the app is ready', () => {
    startApp({ createCore: () => core, openPreferences: () => new MemoryPreferenceStore(), env: {}, bundleDir });
    expect(protocol.privilegedSchemes).toHaveLength(1);
    expect(protocol.handlers.size).toBe(0);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
  });

  it('serves the built renderer that sits beside the bundle', async () => {
    await start();
    const response = await protocol.handlers.get('app')?.(new Request('app://alliance/index.html'));
    expect(response?.status).toBe(200);
    expect(await response?.text()).toContain('<title>Alliance</title>');
  });

  it('secures every web contents and the default session before the window opens', async () => {
    await start();
    expect(app.listenerCount('web-contents-created')).toBe(1);
    expect(session.defaultSession.isCancelled('https://example.com/')).toBe(true);
    expect(session.defaultSession.grants('media')).toBe(false);
  });

  it('opens one window titled Alliance, hidden until ready, with the sandboxed preferences and the preload', async () => {
    await start();
    const window = theWindow();
    expect(window.options.title).toBe('Alliance');
    expect(window.options.show).toBe(false);
    expect(window.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      preload: path.join(bundleDir, 'preload.cjs'),
    });
    expect(window.loadedUrl).toBe('app://alliance/index.html');
    expect(window.visible).toBe(false);
    window.emit('ready-to-show');
    expect(window.visible).toBe(true);
  });

  it('keeps the window title Alliance whatever the page calls itself', async () => {
    await start();
    const event = new FakeEvent();
    theWindow().emit('page-title-updated', event, 'Chart of someone');
    expect(event.defaultPrevented).toBe(true);
    expect(WINDOW_TITLE).toBe('Alliance');
  });

  it('keeps the vault in userData/vault and runs the worker bundled beside main', async () => {
    await start();
    expect(coreOptions).toHaveLength(1);
    expect(coreOptions[0]?.dataDir).toBe(path.join(app.getPath('userData'), 'vault'));
    expect(coreOptions[0]?.workerPath).toBe(path.join(bundleDir, 'database-worker.cjs'));
  });

  it('keeps the vault where ALLIANCE_DATA_DIR says', async () => {
    await start({ ALLIANCE_DATA_DIR: '/media/usb/practice' });
    expect(coreOptions[0]?.dataDir).toBe('/media/usb/practice');
  });
});

describe('a single instance', () => {
  it('quits a second launch before it opens anything', async () => {
    app.hasSingleInstanceLock = false;
    await start();
    expect(app.quitted).toBe(true);
    expect(coreOptions).toHaveLength(0);
    expect(FakeBrowserWindow.instances).toHaveLength(0);
    expect(protocol.privilegedSchemes).toHaveLength(0);
  });

  it('brings the first window back when the app is launched again', async () => {
    await start();
    const window = theWindow();
    window.minimized = true;
    app.emit('second-instance', new FakeEvent(), [], '/');
    expect(window.minimized).toBe(false);
    expect(window.visible).toBe(true);
    expect(window.focused).toBe(true);
  });
});

describe('calls from the window', () => {
  it('reach the app core from the main frame of the app’s window', async () => {
    await start();
    const window = theWindow();
    const answer = await invoke(window.webContents.mainFrame, 'vault:status', {});
    expect(answer).toEqual({ ok: true, value: { state: 'locked' } });
    expect(core.calls).toHaveLength(1);
    expect(core.calls[0]).toMatchObject({ channel: 'vault:status', input: {} });
  });

  it('are refused as FORBIDDEN from a subframe, another page or a gone frame, and never reach the core', async () => {
    await start();
    const window = theWindow();
    const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
    expect(await invoke(new FakeFrame('app://alliance/index.html'), 'patients:list', {})).toMatchObject(forbidden);
    expect(await invoke(null, 'patients:list', {})).toMatchObject(forbidden);
    window.webContents.mainFrame.url = 'https://example.com/';
    expect(await invoke(window.webContents.mainFrame, 'patients:list', {})).toMatchObject(forbidden);
    expect(core.calls).toHaveLength(0);
  });

  it('come with a printer for the calling window', async () => {
    await start();
    const window = theWindow();
    await invoke(window.webContents.mainFrame, 'print:window', { target: 'pdf', suggestedFileName: 'Alliance recovery sheet' });
    const printer = core.calls[0]?.context.printer;
    expect(await printer?.print('pdf', 'Alliance recovery sheet')).toBe('cancelled');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ defaultPath: expect.stringMatching(/Alliance recovery sheet\.pdf$/) }),
    );
  });

  it('come with a file saver for the calling window, which saves calendar files where the person chooses', async () => {
    await start();
    const window = theWindow();
    await invoke(window.webContents.mainFrame, 'files:save', {
      suggestedFileName: 'alliance-sessions.ics',
      content: 'BEGIN:VCALENDAR',
      mimeType: 'text/calendar',
    });
    const files = core.calls[0]?.context.files;
    expect(await files?.save('alliance-sessions.ics', 'BEGIN:VCALENDAR', 'text/calendar')).toBe('cancelled');
    expect(dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({
        defaultPath: path.join(app.getPath('documents'), 'alliance-sessions.ics'),
        filters: [{ name: 'iCalendar file', extensions: ['ics'] }],
      }),
    );
  });
});

describe('events from the app core', () => {
  it('are sent to the window on the event channel', async () => {
    await start();
    core.emit({ type: 'vault:locked', reason: 'idle' });
    expect(theWindow().webContents.sent).toEqual([{ channel: IPC_EVENT, payload: { type: 'vault:locked', reason: 'idle' } }]);
  });

  it('are not sent to a window that is gone', async () => {
    await start();
    const window = theWindow();
    window.close();
    core.emit({ type: 'vault:unlocked' });
    expect(window.webContents.sent).toEqual([]);
  });
});

describe('locking', () => {
  it('locks the vault when the computer sleeps or its screen locks', async () => {
    await start();
    powerMonitor.emit('suspend');
    powerMonitor.emit('lock-screen');
    expect(core.locks).toEqual(['suspend', 'screen-locked']);
  });

  it('asks for a lock from the menu’s Lock item, CmdOrCtrl+L, so the window can save a draft first', async () => {
    await start();
    const items = (Menu.applicationMenu?.template ?? []).flatMap((menu) => menu.submenu ?? []);
    const lock = items.find((item) => item.label === 'Lock');
    expect(lock?.accelerator).toBe('CmdOrCtrl+L');
    lock?.click?.();
    expect(core.locks).toEqual(['requested']);
  });
});

describe('quitting', () => {
  it('closes the vault first, then quits', async () => {
    await start();
    app.quit();
    expect(app.quitted).toBe(false);
    expect(core.closed).toBe(false);
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(core.closed).toBe(true);
  });

  it('quits when the window is closed, on every platform', async () => {
    await start();
    app.emit('window-all-closed');
    expect(app.quitRequests).toBe(1);
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    expect(core.closed).toBe(true);
  });
});
