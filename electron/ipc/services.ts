/** What the main process's handlers may use; built once by the app core. */
import type { BridgeEvent } from '../../shared/contract';
import type { DatabaseClient } from '../database/client';
import type { DiagnosticLog } from '../diagnostics/log';
import type { BackupService } from '../features/backups/service';
import type { CallMoment } from '../features/handlers';
import type { PatientMode } from '../patient-mode';
import type { PreferenceStore } from '../preferences/store';
import type { IdleLock } from '../vault/auto-lock';
import type { Vault } from '../vault/vault';
import type { ReadAhead } from './read-ahead';

export type HandlerServices = {
  vault: Vault;
  database: DatabaseClient;
  preferences: PreferenceStore;
  idleLock: IdleLock;
  emit: (event: BridgeEvent) => void;
  /** The app core's clock (tests fix it): it times sessions and decides what is past. */
  now: () => number;
  /** The practice's IANA time zone, asked each time so a laptop that travels follows the clock on the wall. */
  timeZone: () => string;
  /** Whether the patient holds the laptop, and for which session and forms. */
  patientMode: PatientMode;
  /** Where true bugs are recorded, without clinical data. */
  diagnostics: DiagnosticLog;
  /** Where backups go, the running one, the schedule and the reminder. */
  backups: BackupService;
  /** The day read as the vault opens, for the window's request that follows (./read-ahead). */
  readAhead: ReadAhead;
};

/**
 * The time and the zone a worker channel is run at. The practice's settings it needs (working hours,
 * feedback rule, plan review interval…) the worker reads from the vault itself, so every device uses the same.
 */
export function environment({ now, timeZone }: HandlerServices): CallMoment {
  return { now: new Date(now()).toISOString(), timeZone: timeZone() };
}
