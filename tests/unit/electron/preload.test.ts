import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildElectron, ELECTRON_OUT_DIR } from '../../../build/build-electron';
import { IPC_EVENT, IPC_INVOKE, type AllianceBridge, type BridgeEvent } from '../../../shared/contract';
import { contextBridge, ipcRenderer } from './fake-electron';
import { compileFunction } from 'node:vm';

vi.mock('electron', () => import('./fake-electron'));

let bridge: AllianceBridge;

beforeAll(async () => {
  await import('../../../electron/preload');
  bridge = contextBridge.exposed.get('alliance') as AllianceBridge;
});

beforeEach(() => {
  ipcRenderer.removeAllListeners();
  ipcRenderer.invoke.mockClear();
});

describe('the preload', () => {
  it('exposes exactly one object, window.alliance, with invoke and subscribe', () => {
    expect([...contextBridge.exposed.keys()]).toEqual(['alliance']);
    expect(Object.keys(bridge).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('sends a call on the one invoke channel with the contract channel and input', async () => {
    ipcRenderer.invoke.mockResolvedValueOnce({ ok: true, value: [] });
    const result = await bridge.invoke('patients:list', { includeArchived: true });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith(IPC_INVOKE, 'patients:list', { includeArchived: true });
    expect(result).toEqual({ ok: true, value: [] });
  });

  it('hands a subscriber the event alone, never the IPC event', () => {
    const received: unknown[][] = [];
    bridge.subscribe((...args: unknown[]) => received.push(args));
    const ipcEvent = { sender: ipcRenderer, senderId: 0, ports: [] };
    ipcRenderer.emit(IPC_EVENT, ipcEvent, { type: 'vault:locked', reason: 'idle' } satisfies BridgeEvent);
    expect(received).toEqual([[{ type: 'vault:locked', reason: 'idle' }]]);
  });

  it('drops an event that is not one the contract knows', () => {
    const received: BridgeEvent[] = [];
    bridge.subscribe((event) => received.push(event));
    ipcRenderer.emit(IPC_EVENT, {}, { type: 'vault:locked', reason: 'because' });
    ipcRenderer.emit(IPC_EVENT, {}, 'vault:unlocked');
    ipcRenderer.emit(IPC_EVENT, {}, { type: 'vault:unlocked' });
    expect(received).toEqual([{ type: 'vault:unlocked' }]);
  });

  it('stops delivering events once unsubscribed, and removes its listener', () => {
    const received: BridgeEvent[] = [];
    const unsubscribe = bridge.subscribe((event) => received.push(event));
    expect(ipcRenderer.listenerCount(IPC_EVENT)).toBe(1);
    unsubscribe();
    expect(ipcRenderer.listenerCount(IPC_EVENT)).toBe(0);
    ipcRenderer.emit(IPC_EVENT, {}, { type: 'vault:unlocked' });
    expect(received).toEqual([]);
  });
});

describe('the bundled preload', () => {
  /**
   * Electron runs a sandboxed preload as the body of a function with these parameters and no
   * others (no __filename, no __dirname), and its `require` knows almost nothing.
   */
  function runAsSandboxedPreload(source: string) {
    const exposed = new Map<string, unknown>();
    const electron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
      ipcRenderer: { invoke: async () => ({ ok: true, value: null }), on: () => undefined, removeListener: () => undefined },
    };
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return electron;
      throw new Error(`A sandboxed preload cannot require "${name}"`);
    };
    // As Electron wraps a sandboxed preload: a function of these names, with no Node beside them.
    const preload = compileFunction(source, [
      'require',
      'process',
      'Buffer',
      'global',
      'setImmediate',
      'clearImmediate',
      'exports',
      'module',
    ]) as (...globals: unknown[]) => void;
    const sandboxProcess = { env: {}, platform: process.platform, type: 'renderer', versions: process.versions };
    const exports = {};
    preload(sandboxRequire, sandboxProcess, Buffer, globalThis, setImmediate, clearImmediate, exports, { exports });
    return { exposed, required };
  }

  it('runs in Electron’s sandbox, requiring nothing but electron', async () => {
    await buildElectron(['preload']);
    const source = await readFile(path.join(ELECTRON_OUT_DIR, 'preload.cjs'), 'utf8');
    const { exposed, required } = runAsSandboxedPreload(source);
    expect(required).toEqual(['electron']);
    expect([...exposed.keys()]).toEqual(['alliance']);
  });
});
