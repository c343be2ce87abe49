/**
 * The main process: one instance, one window, the app:// protocol, the IPC bridge to the app core,
 * locking on sleep and on quit. Everything it wires is defined elsewhere (security.ts, protocol.ts,
 * menu.ts, printing.ts, power.ts, app-core.ts); `startApp` takes what varies so tests can drive it.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, powerMonitor, protocol, session, type IpcMainInvokeEvent } from 'electron';
import { IPC_EVENT, IPC_INVOKE } from '../shared/contract';
import type { Result } from '../shared/errors';
import { createAppCore } from './app-core';
import type { AppCore, AppCoreOptions } from './app-core-types';
import { resolveDataDir } from './data-dir';
import { createWindowFileSaver, createWindowFolderPicker } from './files';
import { aboutText, applicationMenuTemplate } from './menu';
import { lockOnSleepAndScreenLock } from './power';
import { openElectronStorePreferences } from './preferences/electron-store';
import type { PreferenceStore } from './preferences/store';
import { createWindowPrinter, paperSizeForCountry } from './printing';
import { registerAppScheme, serveRenderer } from './protocol';
import { APP_ENTRY_URL, installWindowSecurity, isTrustedSender, lockDownSession, windowWebPreferences } from './security';

export const WINDOW_TITLE = 'Alliance';

export type StartOptions = {
  createCore: (options: AppCoreOptions) => AppCore;
  openPreferences: () => PreferenceStore;
  env: Readonly<Record<string, string | undefined>>;
  /** The folder of the bundled main process (dist-electron): the preload and the worker sit beside it. */
  bundleDir: string;
};

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Only the Alliance window may make this request.' },
};

/** Never the error's details in the log: they could echo what was being handled. */
function logFailure(what: string, error: unknown): void {
  console.error(`Alliance: ${what} failed (${error instanceof Error ? error.name : typeof error}).`);
}

export function startApp(options: StartOptions): void {
  // A second copy would open the same vault beside the first; it hands over to the first instead.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }

  const allowDevTools = !app.isPackaged;
  const rendererDir = path.join(options.bundleDir, '..', 'dist', 'renderer');
  const preloadPath = path.join(options.bundleDir, 'preload.cjs');
  const workerPath = path.join(options.bundleDir, 'database-worker.cjs');

  registerAppScheme(protocol);
  installWindowSecurity(app, { allowDevTools });

  let mainWindow: BrowserWindow | null = null;
  let core: AppCore | null = null;
  let closing: 'open' | 'closing' | 'closed' = 'open';

  function showMainWindow(): void {
    if (!mainWindow || mainWindow.isDestroyed()) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  }

  function createMainWindow(): BrowserWindow {
    const window = new BrowserWindow({
      title: WINDOW_TITLE,
      width: 1200,
      height: 800,
      minWidth: 720,
      minHeight: 520,
      show: false,
      webPreferences: windowWebPreferences({ preloadPath, allowDevTools }),
    });
    // The page's <title> could one day name a patient; the window title never does.
    window.on('page-title-updated', (event) => event.preventDefault());
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => {
      if (mainWindow === window) mainWindow = null;
    });
    window.loadURL(APP_ENTRY_URL).catch((error: unknown) => logFailure('loading the window', error));
    return window;
  }

  async function answerInvoke(core: AppCore, event: IpcMainInvokeEvent, channel: unknown, input: unknown): Promise<Result<unknown>> {
    const window = mainWindow;
    if (!window || !isTrustedSender(event.senderFrame, window)) return FORBIDDEN;
    const printer = createWindowPrinter(window, {
      dialog,
      documentsDir: app.getPath('documents'),
      paperSize: paperSizeForCountry(app.getLocaleCountryCode()),
    });
    const files = createWindowFileSaver(window, { dialog, documentsDir: app.getPath('documents') });
    const folders = createWindowFolderPicker(window, { dialog, documentsDir: app.getPath('documents') });
    try {
      return await core.handle(channel, input, { printer, files, folders });
    } catch (error) {
      // The core answers errors as values; this is the last guard so the renderer always gets a Result.
      logFailure('a request', error);
      return { ok: false, error: { code: 'INTERNAL', message: 'Something went wrong inside Alliance.' } };
    }
  }

  function onReady(): void {
    lockDownSession(session.defaultSession, { allowDevTools });
    serveRenderer(protocol, rendererDir);

    const started = options.createCore({
      dataDir: resolveDataDir({ env: options.env, userDataDir: app.getPath('userData') }),
      preferences: options.openPreferences(),
      workerPath,
    });
    core = started;

    started.subscribe((event) => {
      if (mainWindow && !mainWindow.isDestroyed()) mainWindow.webContents.send(IPC_EVENT, event);
    });
    ipcMain.handle(IPC_INVOKE, (event, channel: unknown, input: unknown) => answerInvoke(started, event, channel, input));
    lockOnSleepAndScreenLock(powerMonitor, started, (error) => logFailure('locking', error));

    // The window saves what is being typed, then locks; the core locks anyway if it does not.
    const lock = () => started.requestLock();
    const showAbout = () => {
      const about = aboutText(app.getVersion());
      const aboutOptions = { type: 'info' as const, title: 'About Alliance', buttons: ['OK'], ...about };
      const shown = mainWindow ? dialog.showMessageBox(mainWindow, aboutOptions) : dialog.showMessageBox(aboutOptions);
      shown.catch((error: unknown) => logFailure('showing About', error));
    };
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(applicationMenuTemplate({ lock, showAbout }, { isMac: process.platform === 'darwin', allowDevTools })),
    );

    mainWindow = createMainWindow();
  }

  app.on('second-instance', showMainWindow);

  // Closing the window ends the app on every platform, macOS included: no vault left open behind a closed window.
  app.on('window-all-closed', () => app.quit());

  // Lock and stop the worker before the process ends, so the database is closed cleanly and keys are wiped.
  app.on('before-quit', (event) => {
    if (!core || closing === 'closed') return;
    event.preventDefault();
    if (closing === 'closing') return;
    closing = 'closing';
    core
      .close()
      .catch((error: unknown) => logFailure('closing the vault', error))
      .finally(() => {
        closing = 'closed';
        app.quit();
      });
  });

  app
    .whenReady()
    .then(onReady)
    .catch((error: unknown) => {
      logFailure('starting', error);
      dialog.showErrorBox('Alliance could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}

// Only when Electron runs this bundle as its main process; importing the module (tests) starts nothing.
if (process.type === 'browser') {
  startApp({ createCore: createAppCore, openPreferences: openElectronStorePreferences, env: process.env, bundleDir: __dirname });
}
