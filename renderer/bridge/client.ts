import type { AllianceBridge, BridgeEvent, Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import { AppError } from '../../shared/errors';

declare global {
  interface Window {
    /** Exposed by the Electron preload, or by the browser harness's stand-in. */
    alliance: AllianceBridge;
  }
}

export function bridgeAvailable(): boolean {
  return typeof window.alliance === 'object' && window.alliance !== null;
}

function bridge(): AllianceBridge {
  if (!bridgeAvailable()) {
    throw new AppError('INTERNAL', 'The connection to the Alliance main process is missing.');
  }
  return window.alliance;
}

type PatientModeListener = () => void;
let onPatientMode: PatientModeListener | null = null;

/**
 * The vault gate registers here: any call the main process refuses because the laptop is in patient
 * mode (a window reloaded while the patient held it, say) turns the whole window into the patient's screen.
 */
export function whenPatientModeFound(listener: PatientModeListener): () => void {
  onPatientMode = listener;
  return () => {
    if (onPatientMode === listener) onPatientMode = null;
  };
}

/** One call across the bridge: the value, or the error it answered, thrown as an AppError. */
export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await bridge().invoke(channel, input);
  if (result.ok) return result.value;
  if (result.error.code === 'PATIENT_MODE') onPatientMode?.();
  throw AppError.fromShape(result.error);
}

export function subscribe(listener: (event: BridgeEvent) => void): () => void {
  return bridge().subscribe(listener);
}

/** Every failure becomes an AppError, so the screen can always explain it by its code. */
export function asAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError('INTERNAL', 'Something unexpected went wrong.');
}
