/**
 * The clinical reading of PHQ-9 and GAD-7 over time (shared/outcomes.ts applies the rules): one
 * patient's reading with its open flags, the acknowledgement of a flag, the flags to raise at the
 * calendar's next sessions, and the practice's outcome rates. Runs only inside the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import {
  OUTCOME_INSTRUMENTS,
  OUTCOME_RULES,
  flagsOf,
  quarterOf,
  readInstrument,
  readScore,
  type FlagAcknowledgement,
  type FlagAcknowledgementInput,
  type InstrumentOutcome,
  type OutcomeFlag,
  type OutcomeFlagKind,
  type OutcomeInstrument,
  type PatientOutcomes,
  type PracticeOutcomes,
} from '../../../shared/outcomes';
import { instantToLocal } from '../../../shared/recurrence';
import type { AuditLog } from '../audit/repository';
import { patientName, toAppointment } from '../calendar/sessions';
import type { Rupture, RuptureRule } from '../../../shared/outcomes-ruptures';
import type { FeedbackRepository } from '../feedback/repository';
import type { MeasureSchedulesRepository } from '../feedback/schedules';
import type { ClinicalContext } from '../notes/repository';
import type { PatientsRepository } from '../patients/repository';

type ScoreRow = {
  id: string;
  patient_id: string;
  instrument: OutcomeInstrument;
  score: number;
  date: string;
  /** The session it was given at, or when it was entered: the next session after it is where its flag is raised. Null where not read. */
  given_at: string | null;
};

type AcknowledgementRow = {
  id: string;
  patient_id: string;
  kind: OutcomeFlagKind;
  measure_id: string | null;
  feedback_id: string | null;
  note: string;
  plan_version_id: string | null;
  plan_version_number: number | null;
  created_at: string;
};

const INSTRUMENT_LIST = OUTCOME_INSTRUMENTS.map((i) => `'${i}'`).join(', ');
const SCORE_COLUMNS = `m.id, m.patient_id, m.instrument, m.score, m.date, coalesce(a.start_utc, m.created_at) AS given_at`;
const SCORE_FROM = `measures m LEFT JOIN appointments a ON a.id = m.appointment_id`;
/** One patient's PHQ-9 and GAD-7, oldest first, from measures_by_patient. */
const PATIENT_SCORES_SQL = `SELECT ${SCORE_COLUMNS} FROM ${SCORE_FROM}
  WHERE m.patient_id = $patientId AND m.instrument IN (${INSTRUMENT_LIST}) ORDER BY m.date, m.created_at`;
/** One patient's PHQ-9 and GAD-7, oldest first, without when each was given (measures_series covers it). */
const PATIENT_SERIES_SQL = `SELECT id, patient_id, instrument, score, date, NULL AS given_at FROM measures
  WHERE patient_id = $patientId AND instrument IN (${INSTRUMENT_LIST}) ORDER BY date, created_at`;
const ACKNOWLEDGEMENTS_SQL = `SELECT k.*, v.number AS plan_version_number FROM outcome_flag_acknowledgements k
  LEFT JOIN plan_versions v ON v.id = k.plan_version_id`;

function toAcknowledgement(row: AcknowledgementRow): FlagAcknowledgement {
  return {
    id: row.id,
    patientId: row.patient_id,
    kind: row.kind,
    measureId: row.measure_id,
    feedbackId: row.feedback_id,
    note: row.note,
    planVersionId: row.plan_version_id,
    planVersionNumber: row.plan_version_number,
    createdAt: row.created_at,
  };
}

const flagKey = (kind: string, measureId: string) => `${kind}|${measureId}`;

/** Each instrument's reading from rows of one patient, oldest first. */
function readAll(rows: readonly ScoreRow[]): InstrumentOutcome[] {
  return OUTCOME_INSTRUMENTS.flatMap((instrument) => {
    const outcome = readInstrument(
      instrument,
      rows.filter((r) => r.instrument === instrument),
    );
    return outcome ? [outcome] : [];
  });
}

export class OutcomesRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;
  readonly #feedback: FeedbackRepository;
  readonly #schedules: MeasureSchedulesRepository;

  constructor(
    db: Database,
    audit: AuditLog,
    patients: PatientsRepository,
    feedback: FeedbackRepository,
    schedules: MeasureSchedulesRepository,
  ) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
    this.#feedback = feedback;
    this.#schedules = schedules;
  }

  /** The patient's reading of each instrument, the flags still open (the rupture too), and every acknowledgement. Audited. */
  forPatient(patientId: string, context: ClinicalContext, ruptureRule: RuptureRule): PatientOutcomes {
    this.#patients.require(patientId);
    const reading = this.#read(patientId, context.now);
    const rupture = this.#feedback.rupture(patientId, ruptureRule, context);
    this.#audit.read(context.now, { action: 'outcomes.read', recordType: 'patient', recordId: patientId, patientId });
    return { ...reading, rupture };
  }

  /**
   * The flags for a copy of the record, unaudited (the export records its own entry): the open ones
   * and every acknowledgement. The open rupture only where the practice's rule is given.
   */
  flagsForRecord(
    patientId: string,
    now: string,
    reading: { timeZone: string; ruptureRule: RuptureRule } | null,
  ): { open: OutcomeFlag[]; rupture: Rupture | null; acknowledgements: FlagAcknowledgement[] } {
    const { openFlags, acknowledgements } = this.#read(patientId, now);
    const rupture = reading ? this.#feedback.rupture(patientId, reading.ruptureRule, { now, timeZone: reading.timeZone }) : null;
    return { open: openFlags, rupture, acknowledgements };
  }

  #read(patientId: string, now: string): Omit<PatientOutcomes, 'rupture'> {
    // When each score was given is looked up for the open flags alone, not joined for every score.
    const rows = this.#db.prepare(PATIENT_SERIES_SQL).all<ScoreRow>({ patientId });
    const instruments = readAll(rows);
    const acknowledgements = this.#db
      .prepare(`${ACKNOWLEDGEMENTS_SQL} WHERE k.patient_id = $patientId ORDER BY k.created_at DESC, k.id`)
      .all<AcknowledgementRow>({ patientId })
      .map(toAcknowledgement);
    const done = new Set(acknowledgements.flatMap((a) => (a.measureId ? [flagKey(a.kind, a.measureId)] : [])));
    const openFlags = instruments.flatMap((outcome) =>
      flagsOf(outcome)
        .filter((flag) => !done.has(flagKey(flag.kind, flag.measureId)))
        .map((flag): OutcomeFlag => {
          const next = this.#feedback.raiseAt(patientId, this.#givenAt(flag.measureId), now);
          return {
            ...flag,
            instrument: outcome.instrument,
            score: outcome.latest.score,
            baseline: outcome.baseline.score,
            raiseAt: next ? toAppointment(next) : null,
          };
        }),
    );
    return { instruments, openFlags, acknowledgements };
  }

  /** The psychiatrist raised an open flag with the patient: what was discussed and agreed, and the plan revision it led to, if any. */
  acknowledge(input: FlagAcknowledgementInput, context: ClinicalContext, ruptureRule: RuptureRule): FlagAcknowledgement {
    const { now } = context;
    this.#patients.require(input.patientId);
    if (input.kind === 'rupture') this.#requireOpenRupture(input.patientId, input.feedbackId, context, ruptureRule);
    else this.#requireOpenMeasureFlag(input.patientId, input.kind, input.measureId);
    if (input.planVersionId !== null) {
      const ofPatient = this.#db
        .prepare(
          `SELECT 1 FROM plan_versions v JOIN treatment_plans p ON p.id = v.plan_id
           WHERE v.id = $versionId AND p.patient_id = $patientId`,
          { pluck: true },
        )
        .get({ versionId: input.planVersionId, patientId: input.patientId });
      if (ofPatient === undefined) throw new AppError('INVALID_INPUT', 'That plan version is not this patient’s.');
    }
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO outcome_flag_acknowledgements (id, patient_id, kind, measure_id, feedback_id, note, plan_version_id, created_at)
           VALUES ($id, $patientId, $kind, $measureId, $feedbackId, $note, $planVersionId, $now)`,
        )
        .run({
          id,
          patientId: input.patientId,
          kind: input.kind,
          measureId: input.kind === 'rupture' ? null : input.measureId,
          feedbackId: input.kind === 'rupture' ? input.feedbackId : null,
          note: input.note,
          planVersionId: input.planVersionId,
          now,
        });
      this.#audit.append(now, { action: 'outcome-flag.acknowledge', recordType: 'outcome-flag', recordId: id, patientId: input.patientId });
    })();
    const row = this.#db.prepare(`${ACKNOWLEDGEMENTS_SQL} WHERE k.id = $id`).get<AcknowledgementRow>({ id });
    return toAcknowledgement(row!);
  }

  #requireOpenMeasureFlag(patientId: string, kind: 'not-on-track' | 'reliable-deterioration', measureId: string): void {
    const rows = this.#db.prepare(PATIENT_SCORES_SQL).all<ScoreRow>({ patientId });
    if (!rows.some((r) => r.id === measureId)) throw new AppError('NOT_FOUND', 'There is no such PHQ-9 or GAD-7 for this patient.');
    const raised = readAll(rows).some((outcome) => flagsOf(outcome).some((flag) => flag.kind === kind && flag.measureId === measureId));
    if (!raised) throw new AppError('INVALID_INPUT', 'This score raises no such flag (a newer score may have replaced it).');
    const already = this.#db
      .prepare('SELECT 1 FROM outcome_flag_acknowledgements WHERE measure_id = $measureId AND kind = $kind', { pluck: true })
      .get({ measureId, kind });
    if (already !== undefined)
      throw new AppError('CONFLICT', 'This flag was already acknowledged; the acknowledgement is listed on the chart.');
  }

  /** A rupture is acknowledged once, while it is open: the patient's latest session rating shows it and it was not discussed. */
  #requireOpenRupture(patientId: string, feedbackId: string, context: ClinicalContext, rule: RuptureRule): void {
    const ofPatient = this.#db
      .prepare('SELECT 1 FROM session_feedback WHERE id = $feedbackId AND patient_id = $patientId', { pluck: true })
      .get({ feedbackId, patientId });
    if (ofPatient === undefined) throw new AppError('NOT_FOUND', 'There is no such session feedback for this patient.');
    const already = this.#db
      .prepare("SELECT 1 FROM outcome_flag_acknowledgements WHERE feedback_id = $feedbackId AND kind = 'rupture'", { pluck: true })
      .get({ feedbackId });
    if (already !== undefined)
      throw new AppError('CONFLICT', 'This rupture was already acknowledged; the acknowledgement is listed on the chart.');
    if (this.#feedback.get(feedbackId).discussedAt !== null)
      throw new AppError('CONFLICT', 'This feedback was already discussed: a progress update or plan revision cites it.');
    if (this.#feedback.rupture(patientId, rule, context)?.feedbackId !== feedbackId)
      throw new AppError('INVALID_INPUT', 'This session’s rating raises no rupture (a newer rating may have replaced it).');
  }

  /**
   * Of these patients, the ones with an open measure flag, with when the score that raised it was
   * given (its session's start, or its entry): the calendar raises it at the next session after that.
   */
  flagsAmong(patientIds: readonly string[]): Map<string, string> {
    const flagged = new Map<string, string>();
    if (patientIds.length === 0) return flagged;
    const placeholders = patientIds.map(() => '?').join(', ');
    const rows = this.#db
      .prepare(
        `SELECT ${SCORE_COLUMNS} FROM ${SCORE_FROM} WHERE m.patient_id IN (${placeholders}) AND m.instrument IN (${INSTRUMENT_LIST})
         ORDER BY m.patient_id, m.date, m.created_at`,
      )
      .all<ScoreRow>([...patientIds]);
    const done = this.#acknowledgedAmong(patientIds);
    for (const own of byPatient(rows)) {
      const givenAt = new Map(own.map((r) => [r.id, r.given_at]));
      for (const outcome of readAll(own)) {
        for (const flag of flagsOf(outcome)) {
          if (done.has(flagKey(flag.kind, flag.measureId))) continue;
          const at = givenAt.get(flag.measureId) ?? this.#givenAt(flag.measureId);
          const patientId = own[0]!.patient_id;
          const earlier = flagged.get(patientId);
          // Raised at the session after the earliest open one: the first chance to talk about it.
          if (earlier === undefined || at < earlier) flagged.set(patientId, at);
        }
      }
    }
    return flagged;
  }

  /** When a score was given: its session's start, or when it was entered. */
  #givenAt(measureId: string): string {
    return this.#db
      .prepare(`SELECT coalesce(a.start_utc, m.created_at) FROM ${SCORE_FROM} WHERE m.id = $measureId`, { pluck: true })
      .get<string>({ measureId })!;
  }

  #acknowledgedAmong(patientIds: readonly string[] | null): Set<string> {
    const sql =
      patientIds === null
        ? 'SELECT kind, measure_id FROM outcome_flag_acknowledgements WHERE measure_id IS NOT NULL'
        : `SELECT kind, measure_id FROM outcome_flag_acknowledgements WHERE measure_id IS NOT NULL AND patient_id IN (${patientIds.map(() => '?').join(', ')})`;
    const rows = this.#db.prepare(sql).all<{ kind: string; measure_id: string }>(patientIds === null ? [] : [...patientIds]);
    return new Set(rows.map((r) => flagKey(r.kind, r.measure_id)));
  }

  /**
   * The practice's outcome rates per quarter of the range, among patients whose baseline was a case
   * (each patient counted in a quarter by their last later score in it), and the open flags raised by
   * a score in the range.
   */
  practice(from: string, to: string, context: ClinicalContext, ruptureRule: RuptureRule): PracticeOutcomes {
    const fromDay = localDay(from, context.timeZone);
    // `to` is the first instant after the range.
    const lastDay = localDay(new Date(Date.parse(to) - 1).toISOString(), context.timeZone);
    // The patients with a score in the range (measures_by_date), then each one's whole series up to its end (measures_series).
    const measured = this.#db
      .prepare(
        `SELECT DISTINCT patient_id FROM measures WHERE date >= $fromDay AND date <= $lastDay AND instrument IN (${INSTRUMENT_LIST})`,
        { pluck: true },
      )
      .all<string>({ fromDay, lastDay });
    const rows: ScoreRow[] = [];
    for (let start = 0; start < measured.length; start += PATIENTS_PER_READ) {
      const some = measured.slice(start, start + PATIENTS_PER_READ);
      rows.push(
        ...this.#db
          .prepare(
            `SELECT id, patient_id, instrument, score, date, NULL AS given_at FROM measures
             WHERE patient_id IN (${some.map(() => '?').join(', ')}) AND instrument IN (${INSTRUMENT_LIST}) AND date <= ?
             ORDER BY patient_id, instrument, date, created_at`,
          )
          .all<ScoreRow>([...some, lastDay]),
      );
    }
    const quarters = new Map<string, PracticeOutcomes['quarters'][number]>();
    for (let q = quarterOf(fromDay); q <= quarterOf(lastDay); q = nextQuarter(q)) {
      for (const instrument of OUTCOME_INSTRUMENTS)
        quarters.set(`${q}|${instrument}`, { quarter: q, instrument, patients: 0, reliableImprovement: 0, recovery: 0 });
    }
    const done = this.#acknowledgedAmong(null);
    type Unnamed = Omit<PracticeOutcomes['notOnTrack'][number], 'patientName'>;
    const notOnTrack: Unnamed[] = [];
    const deteriorations: Unnamed[] = [];
    for (const own of byPatient(rows)) {
      const patientId = own[0]!.patient_id;
      for (const instrument of OUTCOME_INSTRUMENTS) {
        const series = own.filter((r) => r.instrument === instrument);
        const baseline = series[0];
        if (!baseline) continue;
        if (baseline.score >= OUTCOME_RULES[instrument].caseness) {
          // The last later score in each quarter of the range.
          const lastInQuarter = new Map<string, number>();
          for (const row of series.slice(1)) if (row.date >= fromDay) lastInQuarter.set(quarterOf(row.date), row.score);
          for (const [quarter, score] of lastInQuarter) {
            const cell = quarters.get(`${quarter}|${instrument}`);
            if (!cell) continue;
            const reading = readScore(instrument, baseline.score, score);
            cell.patients += 1;
            if (reading.reliableImprovement) cell.reliableImprovement += 1;
            if (reading.recovery) cell.recovery += 1;
          }
        }
        const latest = series.at(-1)!;
        if (latest.date < fromDay || series.length < 2) continue;
        const outcome = readInstrument(instrument, series)!;
        for (const flag of flagsOf(outcome)) {
          if (done.has(flagKey(flag.kind, flag.measureId))) continue;
          const next = this.#feedback.raiseAt(patientId, this.#givenAt(latest.id), context.now);
          const row = {
            ...flag,
            instrument,
            score: latest.score,
            baseline: baseline.score,
            raiseAt: next ? toAppointment(next) : null,
            patientId,
          };
          (flag.kind === 'not-on-track' ? notOnTrack : deteriorations).push(row);
        }
      }
    }
    const ruptures = this.#feedback.openRuptures(from, to, ruptureRule, context);
    const today = localDay(context.now, context.timeZone);
    const overdue = this.#schedules.overdue(today, from, fromDay);
    // Every name listed, in one read of the patients rather than one read per row.
    const names = this.#names([...notOnTrack, ...deteriorations, ...ruptures, ...overdue].map((row) => row.patientId));
    const named = <T extends { patientId: string }>(rows: readonly T[]) =>
      rows.map((row) => ({ ...row, patientName: names.get(row.patientId)! }));
    const newestFirst = (a: { date: string; patientName: string }, b: { date: string; patientName: string }) =>
      b.date.localeCompare(a.date) || a.patientName.localeCompare(b.patientName);
    return {
      quarters: [...quarters.values()],
      notOnTrack: named(notOnTrack).sort(newestFirst),
      deteriorations: named(deteriorations).sort(newestFirst),
      ruptures: named(ruptures),
      overdue: named(overdue),
    };
  }

  /** The names the practice's lists show, by patient. */
  #names(patientIds: readonly string[]): Map<string, string> {
    const unique = [...new Set(patientIds)];
    const names = new Map<string, string>();
    for (let start = 0; start < unique.length; start += PATIENTS_PER_READ) {
      const some = unique.slice(start, start + PATIENTS_PER_READ);
      for (const row of this.#db
        .prepare(`SELECT id, given_name, family_name, preferred_name FROM patients WHERE id IN (${some.map(() => '?').join(', ')})`)
        .all<{ id: string; given_name: string; family_name: string; preferred_name: string | null }>(some)) {
        names.set(row.id, patientName({ givenName: row.given_name, familyName: row.family_name, preferredName: row.preferred_name }));
      }
    }
    return names;
  }
}

/** Patients whose series are read in one statement: well under SQLite's limit of bound parameters. */
const PATIENTS_PER_READ = 500;

function localDay(instant: string, timeZone: string): string {
  return instantToLocal(new Date(instant), timeZone).slice(0, 10);
}

function nextQuarter(quarter: string): string {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(6));
  return q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`;
}

/** Rows sorted by patient, in runs of one patient each. */
function* byPatient(rows: readonly ScoreRow[]): Generator<ScoreRow[]> {
  for (let start = 0; start < rows.length;) {
    let end = start;
    while (end < rows.length && rows[end]!.patient_id === rows[start]!.patient_id) end += 1;
    yield rows.slice(start, end);
    start = end;
  }
}
