/**
 * A real vault whose clock the test sets, with two patients, for the calendar's tests.
 * The practice's time zone is the process's (UTC here unless a test stubs TZ).
 */
import type { Appointment, AppointmentInput, OccurrenceRef, Recurrence } from '../../../shared/appointment';
import type { Patient } from '../../../shared/patient';
import { openTempVault, patientInput, setUp, type TempVault } from '../support/temp-vault';

export type CalendarVault = TempVault & {
  /** The raw database key (hex), as on the recovery sheet: any SQLCipher 4 client opens the file with it. */
  databaseKeyHex: string;
  /** Sets the vault's clock to an instant. */
  setNow(instant: string): void;
  maren: Patient;
  tomas: Patient;
  /** Books a session or a series for Maren unless the input says otherwise; warnings acknowledged. */
  book(overrides: Partial<AppointmentInput>): Promise<Appointment>;
  /** The sessions in [from, to), cancelled ones included unless asked. */
  range(from: string, to: string, includeCancelled?: boolean): Promise<Appointment[]>;
};

export async function openCalendarVault(now: string): Promise<CalendarVault> {
  let nowMs = Date.parse(now);
  const vault = await openTempVault({ now: () => nowMs });
  const sheet = await setUp(vault);
  const maren = await vault.call('patients:create', { patient: patientInput() });
  const tomas = await vault.call('patients:create', { patient: patientInput({ givenName: 'Tomas', familyName: 'Lindqvist', email: '' }) });
  return Object.assign(vault, {
    databaseKeyHex: sheet.databaseKeyHex,
    setNow(instant: string) {
      nowMs = Date.parse(instant);
    },
    maren,
    tomas,
    book(overrides: Partial<AppointmentInput>) {
      return vault.call('appointments:create', {
        appointment: {
          patientId: maren.id,
          start: '2026-03-03T09:00:00.000Z',
          durationMinutes: 50,
          kind: 'therapy',
          location: 'Room 2',
          isVideo: false,
          note: '',
          recurrence: null,
          ...overrides,
        },
        acknowledgeWarnings: true,
      });
    },
    range(from: string, to: string, includeCancelled = true) {
      return vault.call('calendar:range', { from, to, includeCancelled });
    },
  });
}

export function weekly(end: Recurrence['end'] = { type: 'never' }, interval = 1): Recurrence {
  return { frequency: 'weekly', interval, end };
}

export function occurrence(seriesId: string, originalStart: string): OccurrenceRef {
  return { type: 'occurrence', seriesId, originalStart };
}

/** What a person reads off the calendar: when, and what state the session is in. */
export function agenda(sessions: readonly Appointment[]): string[] {
  return sessions.map((session) => `${session.start.slice(0, 16)} ${session.attendance}${session.isMoved ? ' (moved)' : ''}`);
}
