import { createContext, useContext } from 'react';
import type { OccurrenceRef } from '../../shared/appointment';
import type { PatientForm } from '../../shared/feedback';
import type { View } from '../../shared/preferences';

/**
 * What every unlocked screen may ask of the vault: lock it, finish its work before a lock, hand
 * the laptop to the patient. The vault gate provides them; a screen only uses them, so it never
 * reaches into the vault's own screens.
 */

/** Work that must reach the vault before it locks, such as a draft being typed. */
export type BeforeLock = () => Promise<void>;

export type VaultControls = {
  /** Saves what is pending (see registerBeforeLock), then locks the vault (Lock button, Ctrl/Cmd+L). */
  lockNow: () => Promise<void>;
  /**
   * Registers work to finish before any lock the window starts, and when the idle lock is near.
   * Answers the function that unregisters it.
   */
  registerBeforeLock: (work: BeforeLock) => () => void;
  /** The view to open after a fresh start, from the preference. */
  startView: View;
  /**
   * Saves what is pending, hands the laptop to the patient for this session's forms, and empties
   * every clinical view. Throws the main process's refusal (not today's session, feedback already given).
   */
  enterPatientMode: (ref: OccurrenceRef, forms: PatientForm[], patientId: string) => Promise<void>;
};

export const VaultControlsContext = createContext<VaultControls | null>(null);

export function useVaultControls(): VaultControls {
  const controls = useContext(VaultControlsContext);
  if (!controls) throw new Error('useVaultControls outside the vault gate');
  return controls;
}
