/**
 * The browser harness's `window.alliance`: the same interface as the Electron preload's, carried
 * over HTTP to the harness server on 127.0.0.1. Bundled by esbuild at harness start and loaded by
 * a plain <script> before the app's module script, so the app finds it exactly as in Electron.
 */
// First, before the contract's schemas are built (see zod-without-eval).
import '../../renderer/zod-without-eval';
import {
  bridgeEventSchema,
  contract,
  type AllianceBridge,
  type BridgeEvent,
  type Channel,
  type ChannelInput,
  type ChannelOutput,
} from '../../shared/contract';
import { invalidInput, type AppErrorShape, type Result } from '../../shared/errors';
import { BINARY_FILE_TYPES } from '../../shared/channels/files';

const TOKEN_META = 'alliance-harness-token';

function readToken(): string {
  const meta = document.querySelector<HTMLMetaElement>(`meta[name="${TOKEN_META}"]`);
  if (!meta?.content) throw new Error('The harness token is missing from the page; open the URL the harness printed.');
  return meta.content;
}

const token = readToken();

function failure(code: AppErrorShape['code'], message: string): { ok: false; error: AppErrorShape } {
  return { ok: false, error: { code, message } };
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && 'error' in value;
}

/**
 * The desktop app prints through Electron (printToPDF and a save dialog); in a browser the
 * browser's own print dialog does both, so printing never reaches the server. Tests print the
 * page with Playwright's page.pdf() instead.
 */
function printInBrowser(input: unknown): Result<ChannelOutput<'print:window'>> {
  const parsed = contract['print:window'].input.safeParse(input);
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error).toShape() };
  window.print();
  return { ok: true, value: { outcome: 'printed' } };
}

/**
 * The desktop app asks where to save with a dialog and writes the file there; a browser downloads
 * it. The content goes from the page straight into the browser's download, never through the
 * harness server, which writes nothing to disk. Tests catch it with page.waitForEvent('download').
 */
function saveInBrowser(input: unknown): Result<ChannelOutput<'files:save'>> {
  const parsed = contract['files:save'].input.safeParse(input);
  if (!parsed.success) return { ok: false, error: invalidInput(parsed.error).toShape() };
  const { suggestedFileName, content, mimeType } = parsed.data;
  const bytes = BINARY_FILE_TYPES.has(mimeType) ? Uint8Array.from(atob(content), (character) => character.charCodeAt(0)) : content;
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = suggestedFileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has its own copy once it starts; the page's copy goes soon after.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, value: { outcome: 'saved' } };
}

async function invokeOverHttp(channel: Channel, input: unknown): Promise<Result<unknown>> {
  let response: Response;
  try {
    response = await fetch('/__harness/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-alliance-token': token },
      body: JSON.stringify({ channel, input }),
    });
  } catch {
    return failure('INTERNAL', 'The harness server is not answering. Is `npm run harness` still running?');
  }
  const body: unknown = await response.json().catch(() => undefined);
  if (isResult(body)) return body;
  return failure('INTERNAL', `The harness server answered ${response.status} without a result.`);
}

const listeners = new Set<(event: BridgeEvent) => void>();
let events: EventSource | undefined;

function openEvents(): void {
  events = new EventSource(`/__harness/events?token=${encodeURIComponent(token)}`);
  events.onmessage = (message: MessageEvent<string>) => {
    const parsed = bridgeEventSchema.safeParse(JSON.parse(message.data));
    // An event that does not match the contract is the server's bug; dropping it keeps the UI on known shapes.
    if (!parsed.success) return;
    for (const listener of listeners) listener(parsed.data);
  };
}

const alliance = {
  invoke<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<Result<ChannelOutput<C>>> {
    if (channel === 'print:window') return Promise.resolve(printInBrowser(input) as Result<ChannelOutput<C>>);
    if (channel === 'files:save') return Promise.resolve(saveInBrowser(input) as Result<ChannelOutput<C>>);
    return invokeOverHttp(channel, input) as Promise<Result<ChannelOutput<C>>>;
  },
  subscribe(listener: (event: BridgeEvent) => void): () => void {
    listeners.add(listener);
    if (!events) openEvents();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) {
        events?.close();
        events = undefined;
      }
    };
  },
} satisfies AllianceBridge;

Object.defineProperty(window, 'alliance', { value: Object.freeze(alliance), enumerable: true });
