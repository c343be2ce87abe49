/**
 * The very bundle `npm start` hands to Electron (dist-electron/main.cjs), loaded under Node with
 * the stand-in Electron, the real app core, the real database worker and the real electron-store.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildElectron, ELECTRON_OUT_DIR } from '../../../build/build-electron';
import { DEFAULT_DEVICE_PREFERENCES } from '../../../shared/preferences';
import { IPC_INVOKE } from '../../../shared/contract';
import * as fakeElectron from './fake-electron';

const { app, FakeBrowserWindow, ipcMain, resetFakeElectron } = fakeElectron;
const require = createRequire(import.meta.url);
type Loader = (request: string, ...rest: unknown[]) => unknown;
const nodeModule = require('node:module') as { _load: Loader };

let userDataDir: string;
const savedDataDir = process.env.ALLIANCE_DATA_DIR;

/** Loads the bundle as Electron's main process would, with `require('electron')` answered by the stand-in. */
function loadMainBundleAsElectron(): void {
  const load = nodeModule._load;
  nodeModule._load = function electronAware(this: unknown, request: string, ...rest: unknown[]) {
    return request === 'electron' ? fakeElectron : load.call(this, request, ...rest);
  };
  Object.defineProperty(process, 'type', { value: 'browser', configurable: true });
  try {
    require(path.join(ELECTRON_OUT_DIR, 'main.cjs'));
  } finally {
    nodeModule._load = load;
    Reflect.deleteProperty(process, 'type');
  }
}

beforeAll(async () => {
  await buildElectron(['main']);
  userDataDir = await mkdtemp(path.join(os.tmpdir(), 'alliance-userdata-'));
  delete process.env.ALLIANCE_DATA_DIR;
  resetFakeElectron();
  app.userDataDir = userDataDir;
  loadMainBundleAsElectron();
});

afterAll(async () => {
  if (savedDataDir !== undefined) process.env.ALLIANCE_DATA_DIR = savedDataDir;
  await rm(userDataDir, { recursive: true, force: true });
});

describe('the bundled main process', () => {
  it('opens the window and answers it through the real app core and database worker', async () => {
    await vi.waitFor(() => expect(FakeBrowserWindow.instances).toHaveLength(1));
    const window = FakeBrowserWindow.instances[0] as InstanceType<typeof FakeBrowserWindow>;
    const handler = ipcMain.handlers.get(IPC_INVOKE);
    const answer = await handler?.({ senderFrame: window.webContents.mainFrame }, 'vault:status', {});
    expect(answer).toEqual({ ok: true, value: { state: 'new' } });
    expect(existsSync(path.join(userDataDir, 'vault'))).toBe(true);
  });

  it('keeps preferences in electron-store’s file in userData', async () => {
    const window = FakeBrowserWindow.instances[0] as InstanceType<typeof FakeBrowserWindow>;
    const handler = ipcMain.handlers.get(IPC_INVOKE);
    const answer = await handler?.({ senderFrame: window.webContents.mainFrame }, 'preferences:update', { theme: 'dark' });
    expect(answer).toMatchObject({ ok: true, value: { theme: 'dark', autoLockMinutes: 10 } });
    const saved = JSON.parse(await readFile(path.join(userDataDir, 'preferences.json'), 'utf8')) as unknown;
    // This device's own keys only: the practice's settings are in the vault.
    expect(saved).toEqual({ ...DEFAULT_DEVICE_PREFERENCES, theme: 'dark' });
  });

  it('stops the worker before it quits', async () => {
    app.quit();
    expect(app.quitted).toBe(false);
    await vi.waitFor(() => expect(app.quitted).toBe(true));
    const window = FakeBrowserWindow.instances[0] as InstanceType<typeof FakeBrowserWindow>;
    const handler = ipcMain.handlers.get(IPC_INVOKE);
    const answer = await handler?.({ senderFrame: window.webContents.mainFrame }, 'vault:status', {});
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });
});
