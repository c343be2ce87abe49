/**
 * The sandboxed preload: the renderer's only way to the main process. It exposes one object,
 * `window.alliance`, typed once in shared/contract.ts; the browser harness's stand-in satisfies
 * the same type. Bundled to CommonJS, and the bundle may require nothing but `electron`.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { bridgeEventSchema, IPC_EVENT, IPC_INVOKE, type AllianceBridge, type BridgeEvent } from '../shared/contract';

const bridge = {
  // The main process validates channel and input against the contract and checks the sender.
  invoke: (channel, input) => ipcRenderer.invoke(IPC_INVOKE, channel, input),
  subscribe: (listener: (event: BridgeEvent) => void) => {
    // The page gets the event alone: never the IpcRendererEvent, whose `sender` reaches ipcRenderer itself.
    const handler = (_event: IpcRendererEvent, payload: unknown) => {
      const parsed = bridgeEventSchema.safeParse(payload);
      if (parsed.success) listener(parsed.data);
    };
    ipcRenderer.on(IPC_EVENT, handler);
    return () => {
      ipcRenderer.removeListener(IPC_EVENT, handler);
    };
  },
} satisfies AllianceBridge;

contextBridge.exposeInMainWorld('alliance', bridge);
