/**
 * A patient's whole record, read for a copy of it, without an audit entry per note or plan read:
 * the export records one entry of its own. Runs only inside the worker.
 */
import type { Appointment } from '../../../shared/appointment';
import type { PatientRecord } from '../../../shared/export';
import type { RuptureRule } from '../../../shared/outcomes-ruptures';
import type { Repositories } from '../../database/connection';
import { toAppointment } from '../calendar/sessions';
import { derivedId, type Chart, type ChartSession } from './fhir';

/** How far ahead booked sessions are exported: a series that never ends stops being listed a year out. */
export const BOOKED_AHEAD_MS = 366 * 86_400_000;

export function readRecord(repositories: Repositories, patientId: string, now: string): PatientRecord {
  const patient = repositories.patients.get(patientId);
  const plan = repositories.plans.history(patientId);
  return {
    patient,
    diagnoses: repositories.diagnoses.list(patientId).diagnoses,
    medications: repositories.medications.events(patientId),
    allergies: repositories.medications.allergies(patientId),
    notes: repositories.notes.signed(patientId),
    planVersions: plan.versions,
    progress: plan.progress,
    goalRatings: plan.goalRatings,
    measures: repositories.feedback.measures(patientId),
    results: repositories.results.results(patientId),
    feedback: repositories.feedback.sessionFeedback(patientId),
    exportedAt: now,
  };
}

/**
 * Every session of the patient, past and booked up to a year ahead, cancelled ones included. A stored
 * session keeps its row's id (the one its notes and measures name, even within a series); an
 * occurrence nothing has happened to yet gets one derived from its series and slot.
 */
export function readSessions(repositories: Repositories, patientId: string, now: string): ChartSession[] {
  const first = repositories.sessions.firstStartOf(patientId);
  if (first === null) return [];
  return repositories.sessions.ofPatient(patientId, first, Date.parse(now) + BOOKED_AHEAD_MS, true).map((session) => {
    const appointment: Appointment = toAppointment(session);
    return { id: session.rowId ?? derivedId('occurrence', appointment.key), appointment };
  });
}

/**
 * The chart for a FHIR copy. `context` and `ruptureRule` read the open rupture by the practice's
 * preference; without them (the practice export) only the flags the scores raise and the
 * acknowledgements made are read.
 */
export function readChart(
  repositories: Repositories,
  patientId: string,
  now: string,
  reading?: { timeZone: string; ruptureRule: RuptureRule },
): Chart {
  return {
    ...readRecord(repositories, patientId, now),
    sessions: readSessions(repositories, patientId, now),
    aims: repositories.aims.list(patientId),
    titrations: repositories.titrations.schedules(patientId),
    letters: repositories.letters.signed(patientId),
    consents: repositories.consents.list(patientId),
    disclosures: repositories.consents.disclosures(patientId),
    charges: repositories.billing.charges(patientId),
    payments: repositories.billing.payments(patientId),
    outcomeFlags: repositories.outcomes.flagsForRecord(patientId, now, reading ?? null),
  };
}
