/**
 * Titration and taper schedules and their steps (shared/titration.ts). Append-only: a schedule ends
 * once (stopped, completed, or replaced by a new one), a step is confirmed once, and confirming a
 * step records the dose change in the medication history through the medications repository, in the
 * same transaction. Runs only inside the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import type { Medication } from '../../../shared/medication';
import {
  formatDose,
  tabletsPerDose,
  titrationInputSchema,
  type DoseUnit,
  type TitrationFrequency,
  type TitrationInput,
  type TitrationList,
  type TitrationSchedule,
  type TitrationStep,
} from '../../../shared/titration';
import type { AuditLog } from '../audit/repository';
import type { MedicationsRepository } from '../medications/repository';
import type { PatientsRepository } from '../patients/repository';

type ScheduleRow = {
  id: string;
  patient_id: string;
  medication_id: string;
  direction: TitrationSchedule['direction'];
  created_at: string;
  status: TitrationSchedule['status'];
  ended_at: string | null;
  stop_reason: string | null;
  replaces_id: string | null;
  missed_dose_advice: string;
  who_to_call: string;
};

type StepRow = {
  id: string;
  schedule_id: string;
  position: number;
  dose_amount: number;
  dose_unit: DoseUnit;
  frequency: TitrationFrequency;
  start_date: string;
  duration_days: number;
  tablet_strength: number | null;
  tablets_per_dose: number | null;
  confirmed_at: string | null;
  medication_event_id: string | null;
  confirmed_dose: string | null;
};

function toStep(row: StepRow): TitrationStep {
  return {
    id: row.id,
    position: row.position,
    doseAmount: row.dose_amount,
    doseUnit: row.dose_unit,
    frequency: row.frequency,
    startDate: row.start_date,
    durationDays: row.duration_days,
    tabletStrength: row.tablet_strength,
    tabletsPerDose: row.tablets_per_dose,
    confirmedAt: row.confirmed_at,
    medicationEventId: row.medication_event_id,
    confirmedDose: row.confirmed_dose,
  };
}

/** The dose as the medication history writes it: "37.5 mg". */
export function historyDose(step: Pick<TitrationStep, 'doseAmount' | 'doseUnit'>): string {
  return formatDose(step.doseAmount, step.doseUnit);
}

export class TitrationsRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;
  readonly #medications: MedicationsRepository;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository, medications: MedicationsRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
    this.#medications = medications;
  }

  #courses(patientId: string): Map<string, Medication> {
    const { current, past } = this.#medications.list(patientId);
    return new Map([...current, ...past].map((medication) => [medication.medicationId, medication]));
  }

  #toSchedule(row: ScheduleRow, courses: Map<string, Medication>): TitrationSchedule {
    const steps = this.#db
      .prepare('SELECT * FROM titration_steps WHERE schedule_id = $id ORDER BY position')
      .all<StepRow>({ id: row.id })
      .map(toStep);
    return {
      id: row.id,
      patientId: row.patient_id,
      medicationId: row.medication_id,
      medicationName: courses.get(row.medication_id)?.name ?? 'Medication entered in error',
      direction: row.direction,
      status: row.status,
      createdAt: row.created_at,
      stoppedAt: row.ended_at,
      stopReason: row.stop_reason,
      replacesId: row.replaces_id,
      missedDoseAdvice: row.missed_dose_advice,
      whoToCall: row.who_to_call,
      steps,
    };
  }

  /** The patient's schedules, newest first, with today's date in the practice's zone. */
  list(patientId: string, today: string): TitrationList {
    this.#patients.require(patientId);
    return { today, schedules: this.schedules(patientId) };
  }

  /** The patient's schedules, newest first, whatever their status (for a copy of the record). */
  schedules(patientId: string): TitrationSchedule[] {
    const courses = this.#courses(patientId);
    return this.#db
      .prepare('SELECT * FROM titration_schedules WHERE patient_id = $patientId ORDER BY created_at DESC, rowid DESC')
      .all<ScheduleRow>({ patientId })
      .map((row) => this.#toSchedule(row, courses));
  }

  get(scheduleId: string): TitrationSchedule {
    const row = this.#db.prepare('SELECT * FROM titration_schedules WHERE id = $id').get<ScheduleRow>({ id: scheduleId });
    if (!row) throw new AppError('NOT_FOUND', 'There is no titration or taper schedule with this id.');
    return this.#toSchedule(row, this.#courses(row.patient_id));
  }

  /**
   * Plans a schedule for a current medication. Replacing one stops that one (it stays, as printed)
   * in the same transaction.
   */
  create(raw: TitrationInput, now: string): TitrationSchedule {
    const input = titrationInputSchema.parse(raw);
    this.#patients.require(input.patientId);
    const course = this.#medications.list(input.patientId).current.find((m) => m.medicationId === input.medicationId);
    if (!course) throw new AppError('NOT_FOUND', 'This medication is not on the patient’s current list.');
    let replaced: ScheduleRow | undefined;
    if (input.replacesId !== null) {
      replaced = this.#db.prepare('SELECT * FROM titration_schedules WHERE id = $id').get<ScheduleRow>({ id: input.replacesId });
      if (!replaced || replaced.patient_id !== input.patientId)
        throw new AppError('NOT_FOUND', 'The schedule to replace could not be found.');
      if (replaced.status !== 'active') throw new AppError('CONFLICT', 'The schedule to replace has already ended.');
    }
    const id = randomUUID();
    this.#db.transaction(() => {
      if (replaced) this.#end(replaced, 'stopped', 'Replaced by a new schedule', now);
      this.#db
        .prepare(
          `INSERT INTO titration_schedules (id, patient_id, medication_id, direction, created_at, replaces_id, missed_dose_advice, who_to_call)
           VALUES ($id, $patientId, $medicationId, $direction, $now, $replacesId, $missed, $whoToCall)`,
        )
        .run({
          id,
          patientId: input.patientId,
          medicationId: input.medicationId,
          direction: input.direction,
          now,
          replacesId: input.replacesId,
          missed: input.missedDoseAdvice,
          whoToCall: input.whoToCall,
        });
      const insert = this.#db.prepare(
        `INSERT INTO titration_steps (id, schedule_id, position, dose_amount, dose_unit, frequency, start_date, duration_days, tablet_strength, tablets_per_dose)
         VALUES ($id, $scheduleId, $position, $dose, $unit, $frequency, $startDate, $duration, $strength, $tablets)`,
      );
      input.steps.forEach((step, index) => {
        insert.run({
          id: randomUUID(),
          scheduleId: id,
          position: index + 1,
          dose: step.doseAmount,
          unit: step.doseUnit,
          frequency: step.frequency,
          startDate: step.startDate,
          duration: step.durationDays,
          strength: step.tabletStrength,
          tablets: tabletsPerDose(step.doseAmount, step.tabletStrength),
        });
      });
      this.#audit.append(now, { action: 'titration.create', recordType: 'titration', recordId: id, patientId: input.patientId });
    })();
    return this.get(id);
  }

  #end(row: ScheduleRow, status: 'stopped' | 'completed', reason: string | null, now: string) {
    this.#db
      .prepare('UPDATE titration_schedules SET status = $status, ended_at = $now, stop_reason = $reason WHERE id = $id')
      .run({ id: row.id, status, now, reason: status === 'stopped' ? reason : null });
    this.#audit.append(now, {
      action: status === 'stopped' ? 'titration.stop' : 'titration.complete',
      recordType: 'titration',
      recordId: row.id,
      patientId: row.patient_id,
    });
  }

  stop(scheduleId: string, reason: string, now: string): TitrationSchedule {
    const row = this.#db.prepare('SELECT * FROM titration_schedules WHERE id = $id').get<ScheduleRow>({ id: scheduleId });
    if (!row) throw new AppError('NOT_FOUND', 'There is no titration or taper schedule with this id.');
    if (row.status !== 'active') throw new AppError('CONFLICT', 'This schedule has already ended.');
    this.#db.transaction(() => this.#end(row, 'stopped', reason, now))();
    return this.get(scheduleId);
  }

  /**
   * Confirms a planned step whose date has come: records the dose change (or the stop, for a taper's
   * zero step) in the medication history on the step's date, through the medications repository, and
   * marks the step confirmed with that entry. `dose` is another dose than planned when the
   * psychiatrist changes it at the session. Steps are confirmed in order; the last one completes the
   * schedule. A step at the dose the medication is already at is confirmed without a new entry.
   */
  confirm(stepId: string, dose: string | null, reason: string, today: string, now: string): TitrationSchedule {
    const step = this.#db.prepare('SELECT * FROM titration_steps WHERE id = $id').get<StepRow>({ id: stepId });
    if (!step) throw new AppError('NOT_FOUND', 'There is no planned step with this id.');
    const schedule = this.#db.prepare('SELECT * FROM titration_schedules WHERE id = $id').get<ScheduleRow>({ id: step.schedule_id });
    if (!schedule) throw new AppError('NOT_FOUND', 'There is no titration or taper schedule with this id.');
    if (schedule.status !== 'active') throw new AppError('CONFLICT', 'This schedule has ended; its steps are no longer planned.');
    if (step.confirmed_at !== null) throw new AppError('CONFLICT', 'This step has already been confirmed.');
    if (step.start_date > today) throw new AppError('CONFLICT', `This step starts on ${step.start_date}; confirm it on or after that day.`);
    const earlier = this.#db
      .prepare(
        'SELECT position FROM titration_steps WHERE schedule_id = $id AND position < $position AND confirmed_at IS NULL ORDER BY position LIMIT 1',
      )
      .get<{ position: number }>({ id: schedule.id, position: step.position });
    if (earlier) throw new AppError('CONFLICT', `Confirm step ${earlier.position} first.`);
    const course = this.#medications.list(schedule.patient_id).current.find((m) => m.medicationId === schedule.medication_id);
    if (!course) throw new AppError('CONFLICT', 'This medication is no longer on the current list; stop the schedule instead.');
    const planned = historyDose(toStep(step));
    const stops = dose === null && step.dose_amount === 0;
    const newDose = dose ?? planned;
    const why =
      reason.trim() !== ''
        ? reason.trim()
        : `${schedule.direction === 'taper' ? 'Taper' : 'Titration'} schedule, step ${step.position}${dose !== null && dose !== planned ? ` (planned ${planned})` : ''}`;
    const total = this.#db
      .prepare('SELECT count(*) FROM titration_steps WHERE schedule_id = $id', { pluck: true })
      .get<number>({ id: schedule.id });
    this.#db.transaction(() => {
      let eventId: string | null = null;
      const unchanged = !stops && newDose === course.dose && step.frequency === course.frequency;
      if (!unchanged) {
        const after = this.#medications.record(
          schedule.patient_id,
          stops
            ? { kind: 'stop', medicationId: course.medicationId, date: step.start_date, reason: why }
            : {
                kind: 'change',
                medicationId: course.medicationId,
                dose: newDose,
                frequency: step.frequency,
                date: step.start_date,
                reason: why,
              },
          now,
        );
        eventId = after.events.filter((event) => event.enteredInError === null).at(-1)?.id ?? null;
      }
      this.#db
        .prepare(
          'UPDATE titration_steps SET confirmed_at = $now, medication_event_id = $eventId, confirmed_dose = $confirmedDose WHERE id = $id',
        )
        .run({ id: stepId, now, eventId, confirmedDose: dose !== null && dose !== planned ? dose : null });
      this.#audit.append(now, { action: 'titration.confirm', recordType: 'titration', recordId: stepId, patientId: schedule.patient_id });
      if (step.position === total) this.#end(schedule, 'completed', null, now);
    })();
    return this.get(schedule.id);
  }

  /**
   * Ends the active schedules of the patient's courses that are no longer current: a medication
   * stopped by hand (or whose start was entered in error) leaves nothing planned. The caller runs this
   * in the transaction that recorded the stop, so the two are written together or not at all.
   */
  endWithStoppedMedications(patientId: string, now: string): void {
    const active = this.#db
      .prepare("SELECT * FROM titration_schedules WHERE patient_id = $patientId AND status = 'active'")
      .all<ScheduleRow>({ patientId });
    if (active.length === 0) return;
    const { current, past } = this.#medications.list(patientId);
    const running = new Set(current.map((m) => m.medicationId));
    const stopped = new Map(past.map((m) => [m.medicationId, m]));
    for (const row of active) {
      if (running.has(row.medication_id)) continue;
      const course = stopped.get(row.medication_id);
      const reason = course?.stoppedOn ? `Medication stopped on ${course.stoppedOn}` : 'Medication entered in error';
      this.#end(row, 'stopped', reason, now);
    }
  }

  /** The printed copy handed to the patient, for the audit log. */
  printed(scheduleId: string, now: string): void {
    const row = this.#db
      .prepare('SELECT patient_id FROM titration_schedules WHERE id = $id')
      .get<{ patient_id: string }>({ id: scheduleId });
    if (!row) throw new AppError('NOT_FOUND', 'There is no titration or taper schedule with this id.');
    this.#audit.append(now, { action: 'titration.print', recordType: 'titration', recordId: scheduleId, patientId: row.patient_id });
  }
}
