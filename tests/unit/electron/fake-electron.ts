/**
 * Small stand-ins for the parts of Electron the glue touches. They record what was registered
 * (handlers, listeners, windows, menus) so a test can drive them the way Electron would.
 * Used through `vi.mock('electron', () => import('./fake-electron'))` or passed in directly.
 */
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { vi } from 'vitest';

export class FakeEvent {
  defaultPrevented = false;
  constructor(readonly url = '') {}
  preventDefault(): void {
    this.defaultPrevented = true;
  }
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
type BeforeRequestListener = (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;

export class FakeSession {
  permissionRequestHandler: PermissionRequestHandler | null = null;
  permissionCheckHandler: ((...args: unknown[]) => boolean) | null = null;
  devicePermissionHandler: ((...args: unknown[]) => boolean) | null = null;
  beforeRequestListeners: BeforeRequestListener[] = [];
  readonly webRequest = {
    onBeforeRequest: (listener: BeforeRequestListener) => {
      this.beforeRequestListeners.push(listener);
    },
  };
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: (...args: unknown[]) => boolean): void {
    this.permissionCheckHandler = handler;
  }
  setDevicePermissionHandler(handler: (...args: unknown[]) => boolean): void {
    this.devicePermissionHandler = handler;
  }

  /** What Electron would do with a request: true when it is cancelled. */
  isCancelled(url: string): boolean {
    let cancelled = false;
    for (const listener of this.beforeRequestListeners) {
      listener({ url }, (response) => {
        cancelled = response.cancel === true;
      });
    }
    return cancelled;
  }

  /** The answer the app gives a page asking for a permission. */
  grants(permission: string): boolean {
    let granted: boolean | null = null;
    this.permissionRequestHandler?.({}, permission, (answer) => {
      granted = answer;
    });
    if (granted === null) throw new Error('The permission request was never answered');
    return granted;
  }
}

export class FakeFrame {
  constructor(public url: string) {}
}

export class FakeWebContents extends EventEmitter {
  readonly mainFrame: FakeFrame;
  readonly sent: { channel: string; payload: unknown }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  readonly printToPDF = vi.fn(async (_options: unknown) => Buffer.from('%PDF-1.7 the treatment plan summary'));
  readonly print = vi.fn((_options: unknown, callback: (success: boolean, failureReason: string) => void) => callback(true, ''));

  constructor(
    readonly session: FakeSession = new FakeSession(),
    url = 'app://alliance/index.html',
  ) {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  send(channel: string, payload: unknown): void {
    this.sent.push({ channel, payload });
  }

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  /** Emits a cancellable event the way Electron does and says whether a listener prevented it. */
  emitPreventable(name: string, url = ''): boolean {
    const event = new FakeEvent(url);
    this.emit(name, event);
    return event.defaultPrevented;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  readonly webContents = new FakeWebContents();
  loadedUrl: string | null = null;
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;

  constructor(readonly options: { title?: string; show?: boolean; webPreferences?: Record<string, unknown> }) {
    super();
    FakeBrowserWindow.instances.push(this);
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  restore(): void {
    this.minimized = false;
  }
  show(): void {
    this.visible = true;
  }
  focus(): void {
    this.focused = true;
  }
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

export class FakeApp extends EventEmitter {
  isPackaged = false;
  hasSingleInstanceLock = true;
  quitRequests = 0;
  quitted = false;
  exitCode: number | null = null;

  requestSingleInstanceLock(): boolean {
    return this.hasSingleInstanceLock;
  }
  whenReady(): Promise<void> {
    return Promise.resolve();
  }
  /** Like Electron: before-quit first, and a listener may hold the quit back. */
  quit(): void {
    this.quitRequests += 1;
    const event = new FakeEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) this.quitted = true;
  }
  exit(code: number): void {
    this.exitCode = code;
  }
  /** Electron's userData; the other folders sit inside it here so a test can point all of them at a temp folder. */
  userDataDir = path.join('/home', 'doctor', '.config', 'Alliance');
  getPath(name: string): string {
    return name === 'userData' ? this.userDataDir : path.join(this.userDataDir, name);
  }
  getVersion(): string {
    return '0.1.0';
  }
  getLocaleCountryCode(): string {
    return 'DE';
  }
}

export const app = new FakeApp();
export const BrowserWindow = FakeBrowserWindow;
export const powerMonitor = new EventEmitter();
export const session = { defaultSession: new FakeSession() };

export const ipcMain = {
  /** electron-store answers its renderer-side callers here; the app has none, but registers it anyway. */
  syncListeners: new Map<string, unknown>(),
  on(channel: string, listener: unknown): void {
    this.syncListeners.set(channel, listener);
  },
  handlers: new Map<string, (event: unknown, ...args: unknown[]) => unknown>(),
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => unknown): void {
    if (this.handlers.has(channel)) throw new Error(`A second handler for ${channel}`);
    this.handlers.set(channel, handler);
  },
};

export const protocol = {
  privilegedSchemes: [] as unknown[],
  handlers: new Map<string, (request: Request) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]): void {
    this.privilegedSchemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void {
    this.handlers.set(scheme, handler);
  },
};

type MenuTemplateItem = { label?: string; role?: string; accelerator?: string; click?: () => void; submenu?: MenuTemplateItem[] };
export const Menu = {
  applicationMenu: null as { template: MenuTemplateItem[] } | null,
  buildFromTemplate(template: MenuTemplateItem[]): { template: MenuTemplateItem[] } {
    return { template };
  },
  setApplicationMenu(menu: { template: MenuTemplateItem[] }): void {
    this.applicationMenu = menu;
  },
};

export const dialog = {
  showSaveDialog: vi.fn(async () => ({ canceled: true, filePath: '' })),
  showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })),
  showErrorBox: vi.fn(),
};

/** The app opens nothing outside itself: a test can check that nothing ever reaches these. */
export const shell = {
  openExternal: vi.fn(async (_url: string, _options?: unknown): Promise<void> => undefined),
  openPath: vi.fn(async (_path: string): Promise<string> => ''),
};

/** Renderer-side stand-ins, for the preload. */
export const contextBridge = {
  exposed: new Map<string, unknown>(),
  exposeInMainWorld(key: string, api: unknown): void {
    this.exposed.set(key, api);
  },
};

export const ipcRenderer = Object.assign(new EventEmitter(), {
  invoke: vi.fn(async (..._args: unknown[]): Promise<unknown> => ({ ok: true, value: null })),
});

/** Forgets everything a previous test registered. */
export function resetFakeElectron(): void {
  app.removeAllListeners();
  app.isPackaged = false;
  app.hasSingleInstanceLock = true;
  app.quitRequests = 0;
  app.quitted = false;
  app.exitCode = null;
  app.userDataDir = path.join('/home', 'doctor', '.config', 'Alliance');
  FakeBrowserWindow.instances = [];
  powerMonitor.removeAllListeners();
  session.defaultSession = new FakeSession();
  ipcMain.handlers.clear();
  ipcMain.syncListeners.clear();
  protocol.privilegedSchemes = [];
  protocol.handlers.clear();
  Menu.applicationMenu = null;
  dialog.showSaveDialog.mockClear();
  dialog.showMessageBox.mockClear();
  dialog.showErrorBox.mockClear();
  shell.openExternal.mockClear();
  shell.openPath.mockClear();
}
