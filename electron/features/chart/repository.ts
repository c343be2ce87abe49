/**
 * The chart as a whole: its header and side panel in one answer, and its timeline. Composes the
 * other repositories; opening a chart is recorded in the audit log. Runs only inside the worker.
 */
import type { Database } from '@signalapp/sqlcipher';
import type { ChartSummary, TimelineEntry } from '../../../shared/chart';
import type { FeedbackAlertRule } from '../../../shared/feedback';
import { deriveMedications } from '../../../shared/medication';
import { instantToLocal } from '../../../shared/recurrence';
import type { AttendanceReports } from '../calendar/attendance';
import type { AuditLog } from '../audit/repository';
import type { DiagnosesRepository } from '../diagnoses/repository';
import type { MedicationsRepository } from '../medications/repository';
import type { ClinicalContext, NotesRepository } from '../notes/repository';
import type { PatientsRepository } from '../patients/repository';
import type { FeedbackRepository } from '../feedback/repository';
import type { PlansRepository } from '../plans/repository';
import { DAY_MS, toAppointment, type SessionReader } from '../calendar/sessions';

/** How far the header looks for the next and the last session before asking the stored rows. */
const NEAR_MS = 400 * DAY_MS;

const LAST_STORED_SESSION_SQL = `
  SELECT id FROM appointments
  WHERE patient_id = $patientId AND start_utc < $now AND attendance NOT IN ('cancelled-by-patient', 'late-cancellation', 'cancelled-by-clinician')
  ORDER BY start_utc DESC LIMIT 1`;

export class ChartReader {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;
  readonly #sessions: SessionReader;
  readonly #attendance: AttendanceReports;
  readonly #diagnoses: DiagnosesRepository;
  readonly #medications: MedicationsRepository;
  readonly #notes: NotesRepository;
  readonly #plans: PlansRepository;
  readonly #feedback: FeedbackRepository;

  constructor(parts: {
    db: Database;
    audit: AuditLog;
    patients: PatientsRepository;
    sessions: SessionReader;
    attendance: AttendanceReports;
    diagnoses: DiagnosesRepository;
    medications: MedicationsRepository;
    notes: NotesRepository;
    plans: PlansRepository;
    feedback: FeedbackRepository;
  }) {
    this.#db = parts.db;
    this.#audit = parts.audit;
    this.#patients = parts.patients;
    this.#sessions = parts.sessions;
    this.#attendance = parts.attendance;
    this.#diagnoses = parts.diagnoses;
    this.#medications = parts.medications;
    this.#notes = parts.notes;
    this.#plans = parts.plans;
    this.#feedback = parts.feedback;
  }

  summary(patientId: string, context: ClinicalContext, rule: FeedbackAlertRule): ChartSummary {
    const now = context.now;
    const patient = this.#patients.get(patientId);
    const nowMs = Date.parse(now);
    const upcoming = this.#sessions.ofPatient(patientId, nowMs, nowMs + NEAR_MS, false).find((session) => session.startMs >= nowMs);
    let last = this.#sessions
      .ofPatient(patientId, nowMs - NEAR_MS, nowMs, false)
      .filter((session) => session.startMs < nowMs)
      .at(-1);
    if (!last) {
      const id = this.#db.prepare(LAST_STORED_SESSION_SQL, { pluck: true }).get<string>({ patientId, now });
      if (id !== undefined) last = this.#sessions.get({ type: 'single', id });
    }
    this.#audit.read(now, { action: 'chart.open', recordType: 'patient', recordId: patientId, patientId });
    return {
      patient,
      lastSession: last ? toAppointment(last) : null,
      nextSession: upcoming ? toAppointment(upcoming) : null,
      attendance: this.#attendance.attendance(patientId, now),
      diagnoses: this.#diagnoses.current(patientId),
      currentMedications: deriveMedications(this.#medications.events(patientId)).current,
      allergies: this.#medications.allergies(patientId),
      draftCount: this.#notes.draftCount(patientId),
      plan: this.#plans.status(patientId, context),
      feedbackDrop: this.#feedback.drop(patientId, rule, now),
      selfHarmAlerts: this.#feedback.selfHarmAlerts(patientId),
    };
  }

  /** Everything that happened in the chart, newest first: sessions up to now, notes, medication and diagnosis changes. */
  timeline(patientId: string, context: ClinicalContext): TimelineEntry[] {
    this.#patients.require(patientId);
    const day = (instant: string) => instantToLocal(new Date(instant), context.timeZone).slice(0, 10);
    const nowMs = Date.parse(context.now);
    const entries: TimelineEntry[] = [];

    const notes = this.#notes.all(patientId);
    const noteBySession = new Map(notes.flatMap((note) => (note.session ? [[note.session.appointmentId, note.id] as const] : [])));
    const first = this.#sessions.firstStartOf(patientId);
    if (first !== null && first < nowMs) {
      for (const session of this.#sessions.ofPatient(patientId, first, nowMs, true)) {
        if (session.startMs > nowMs) continue;
        const appointment = toAppointment(session);
        entries.push({
          kind: 'session',
          day: day(appointment.start),
          at: appointment.start,
          appointment,
          noteId: session.rowId === null ? null : (noteBySession.get(session.rowId) ?? null),
        });
      }
    }
    for (const note of notes) entries.push({ kind: 'note', day: note.serviceDate, at: note.signedAt ?? note.updatedAt, note });
    for (const event of this.#medications.events(patientId))
      entries.push({ kind: 'medication', day: event.date, at: event.recordedAt, event });
    for (const event of this.#diagnoses.history(patientId)) entries.push({ kind: 'diagnosis', day: day(event.at), at: event.at, event });

    return entries.sort((a, b) => (a.day !== b.day ? (a.day < b.day ? 1 : -1) : a.at !== b.at ? (a.at < b.at ? 1 : -1) : 0));
  }
}
