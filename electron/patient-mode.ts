/**
 * Patient mode: the clinician hands the laptop to the patient for the session's feedback forms.
 * Held in the main process, not the window: while it is on, the core answers only the channels
 * below, so nothing of any chart can be asked for, whatever the window does; only the clinician's
 * passphrase ends it (or a lock, which needs the passphrase to undo).
 */
import type { OccurrenceRef } from '../shared/appointment';
import { CHANNELS, contract, type Channel } from '../shared/contract';
import { AppError } from '../shared/errors';
import type { PatientForm, PatientModeStatus } from '../shared/feedback';

/** What the window may ask while the patient holds the laptop: the channels declared for it in the contract. */
export const PATIENT_MODE_CHANNELS: ReadonlySet<Channel> = new Set(CHANNELS.filter((channel) => contract[channel].patientMode));

export const PATIENT_MODE_REFUSAL = new AppError(
  'PATIENT_MODE',
  'Alliance is in patient mode: only the feedback forms are open. The clinician’s passphrase ends patient mode.',
);

export type PatientModeSession = {
  ref: OccurrenceRef;
  patientId: string;
  forms: PatientForm[];
  completed: Set<PatientForm>;
  /** When the laptop was handed over: what was answered since is what the clinician is shown. */
  since: string;
};

export class PatientMode {
  #session: PatientModeSession | null = null;

  isActive(): boolean {
    return this.#session !== null;
  }

  status(): PatientModeStatus {
    const session = this.#session;
    if (!session) return { active: false, forms: [], completed: [] };
    return { active: true, forms: [...session.forms], completed: session.forms.filter((form) => session.completed.has(form)) };
  }

  begin(session: Omit<PatientModeSession, 'completed'>): PatientModeStatus {
    if (this.#session) throw new AppError('CONFLICT', 'Patient mode is already on.');
    this.#session = { ...session, forms: [...new Set(session.forms)], completed: new Set() };
    return this.status();
  }

  /** The session and form a submission is for; refused unless that form was handed over and is not done yet. */
  expect(form: PatientForm): PatientModeSession {
    const session = this.#session;
    if (!session) throw new AppError('FORBIDDEN', 'Patient mode is not on.');
    if (!session.forms.includes(form)) throw new AppError('FORBIDDEN', 'This form was not handed to the patient.');
    if (session.completed.has(form)) throw new AppError('CONFLICT', 'This form has already been filled in.');
    return session;
  }

  complete(form: PatientForm): PatientModeStatus {
    this.#session?.completed.add(form);
    return this.status();
  }

  end(): PatientModeSession | null {
    const session = this.#session;
    this.#session = null;
    return session;
  }
}
