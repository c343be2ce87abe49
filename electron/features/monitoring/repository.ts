/**
 * What is due, read from the medication history and the results as they stand: nothing here is
 * stored, so a start, a dose change or a result recorded moves the dates at once. Runs only inside
 * the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import {
  DUE_SOON_DAYS,
  currentAdjustments,
  type AppliedAdjustment,
  type MonitoringAdjustment,
  type MonitoringAdjustmentInput,
  MONITORING_PROTOCOLS,
  addDays,
  dueChecks,
  takesDrug,
  type MonitoringMedicationEvent,
  type MonitoringResult,
  type PatientMonitoring,
  type PracticeMonitoring,
  type PracticeProtocolChange,
  type PracticeProtocolChangeInput,
  type PracticeProtocols,
  practiceBands,
  practiceProtocolChangeSchema,
  practiceProtocols,
} from '../../../shared/monitoring';
import { instantToLocal } from '../../../shared/recurrence';
import { rangeFlag, type AnalyteCode, type PracticeBands } from '../../../shared/results';
import type { CallEnvironment } from '../handlers';
import type { AimsRepository } from '../aims/repository';
import type { AuditLog } from '../audit/repository';
import type { MedicationsRepository } from '../medications/repository';
import type { PatientsRepository } from '../patients/repository';
import type { ResultsRepository } from '../results/repository';

/** Every drug any protocol follows or counts as interacting: a patient on none of them has nothing due. */
const FOLLOWED_DRUGS = [...new Set(MONITORING_PROTOCOLS.flatMap((protocol) => [...protocol.drugs, ...(protocol.interactingDrugs ?? [])]))];
const PROTOCOL_DRUGS = [...new Set(MONITORING_PROTOCOLS.flatMap((protocol) => protocol.drugs))];
const FOLLOWED_ANALYTES = [
  ...new Set(
    MONITORING_PROTOCOLS.flatMap((protocol) => protocol.checks.flatMap((check) => check.clearedBy)).filter((code) => code !== 'aims'),
  ),
] as AnalyteCode[];
const FOLLOWED_ANALYTE_SET: ReadonlySet<string> = new Set(FOLLOWED_ANALYTES);

/** The most results of one kind a schedule looks back on: a level's run of in-range levels. */
const RESULTS_THAT_DECIDE = Math.max(
  1,
  ...MONITORING_PROTOCOLS.flatMap((protocol) =>
    protocol.checks.map((check) => (check.schedule.kind === 'level' ? check.schedule.stableAfterInRange : 1)),
  ),
);

type EventRow = {
  patient_id: string;
  medication_id: string;
  kind: 'start' | 'change' | 'stop';
  date: string;
  name: string;
  recorded_at: string;
  entered_in_error_at: string | null;
};
type ResultRow = {
  patient_id: string;
  analyte: AnalyteCode;
  unit: string;
  canonical_value: number;
  taken_on: string;
  range_low: number | null;
  range_high: number | null;
};
type AdjustmentRow = {
  patient_id: string;
  protocol: MonitoringAdjustment['protocol'];
  check_id: string;
  kind: MonitoringAdjustment['kind'];
  every_days: number | null;
  reason: string;
  created_at: string;
};
type Adjustment = MonitoringAdjustment & { reason: string; since: string };

function toAdjustment(row: AdjustmentRow): Adjustment {
  return {
    protocol: row.protocol,
    check: row.check_id,
    kind: row.kind,
    everyDays: row.every_days,
    reason: row.reason,
    since: row.created_at,
  };
}

/** The adjustments that apply, in words the chart shows: the check's name beside each. */
function applied(adjustments: readonly Adjustment[]): AppliedAdjustment[] {
  return [...currentAdjustments(adjustments).values()].flatMap((adjustment) => {
    const check = MONITORING_PROTOCOLS.find((protocol) => protocol.id === adjustment.protocol)?.checks.find(
      (c) => c.id === adjustment.check,
    );
    if (!check || adjustment.kind === 'protocol') return [];
    return [{ ...adjustment, kind: adjustment.kind, label: check.label }];
  });
}

type PracticeChangeRow = {
  id: string;
  protocol: PracticeProtocolChange['protocol'];
  check_id: string;
  kind: PracticeProtocolChange['kind'];
  phases: string | null;
  band_low: number | null;
  band_high: number | null;
  reason: string;
  source: string;
  changed_by: string;
  created_at: string;
};

const phasesSchema = practiceProtocolChangeSchema.shape.phases;

function toPracticeChange(row: PracticeChangeRow): PracticeProtocolChange {
  return {
    id: row.id,
    protocol: row.protocol,
    check: row.check_id,
    kind: row.kind,
    phases: row.phases === null ? null : phasesSchema.parse(JSON.parse(row.phases)),
    band: row.band_low === null && row.band_high === null ? null : { low: row.band_low, high: row.band_high },
    reason: row.reason,
    source: row.source,
    by: row.changed_by,
    at: row.created_at,
  };
}

const PRACTICE_CHANGES_SQL = 'SELECT * FROM practice_protocol_changes ORDER BY created_at, rowid';

const ADJUSTMENTS_SQL = 'SELECT * FROM monitoring_adjustments WHERE patient_id = $patientId ORDER BY created_at, rowid';

type PatientRow = { id: string; chart_number: number; given_name: string; family_name: string; date_of_birth: string };

function toResult(row: Omit<ResultRow, 'patient_id'>, bands: PracticeBands): MonitoringResult {
  const outOfRange =
    rangeFlag(
      {
        analyte: row.analyte,
        unit: row.unit,
        canonicalValue: row.canonical_value,
        rangeLow: row.range_low,
        rangeHigh: row.range_high,
      },
      bands,
    ) !== null;
  return { analyte: row.analyte, takenOn: row.taken_on, outOfRange };
}

function todayOf({ now, timeZone }: Pick<CallEnvironment, 'now' | 'timeZone'>): string {
  return instantToLocal(new Date(now), timeZone).slice(0, 10);
}

function group<T extends { patient_id: string }>(rows: readonly T[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const list = map.get(row.patient_id);
    if (list) list.push(row);
    else map.set(row.patient_id, [row]);
  }
  return map;
}

/** The entries of the active patients' medication history naming one of `$names` (a JSON array). */
const PRACTICE_EVENTS_SQL = `
  SELECT patient_id, medication_id, kind, date, name, recorded_at, entered_in_error_at
    FROM medication_events
   WHERE name IN (SELECT value FROM json_each($names))
     AND patient_id NOT IN (SELECT id FROM patients WHERE archived_at IS NOT NULL)`;

/**
 * Every patient's newest `$kept` standing results of each kind, read from the results_standing index
 * alone (migration 0030): each kind's `$kept`-th newest date, then the kind's results from that date
 * on. Results taken on the same day as that one all come back; `newestOfEachKind` keeps `$kept`.
 */
export const NEWEST_RESULTS_SQL = `
  WITH kind AS (
    SELECT patient_id, analyte,
           (SELECT taken_on FROM results INDEXED BY results_standing
             WHERE patient_id = k.patient_id AND analyte = k.analyte AND entered_in_error_at IS NULL
             ORDER BY taken_on DESC LIMIT 1 OFFSET $kept - 1) AS since
      FROM (SELECT DISTINCT patient_id, analyte FROM results INDEXED BY results_standing WHERE entered_in_error_at IS NULL) k
  )
  SELECT r.rowid AS row, r.patient_id, r.analyte, r.unit, r.canonical_value, r.taken_on, r.range_low, r.range_high
    FROM kind JOIN results r INDEXED BY results_standing
      ON r.patient_id = kind.patient_id AND r.analyte = kind.analyte AND r.taken_on >= coalesce(kind.since, '')
   WHERE r.entered_in_error_at IS NULL`;

/**
 * The newest `kept` rows of each patient's kind of result, in the order they were taken (and, on one
 * day, entered): the query may give a kind a few more when several were taken on the day it starts from.
 */
export function newestOfEachKind<T extends { row: number; patient_id: string; analyte: string; taken_on: string }>(
  rows: readonly T[],
  kept: number,
): T[] {
  const kinds = new Map<string, T[]>();
  for (const row of rows) {
    const key = `${row.patient_id}\u0000${row.analyte}`;
    const list = kinds.get(key);
    if (list) list.push(row);
    else kinds.set(key, [row]);
  }
  const newest: T[] = [];
  for (const list of kinds.values()) {
    list.sort((a, b) => (a.taken_on < b.taken_on ? -1 : a.taken_on > b.taken_on ? 1 : a.row - b.row));
    for (let i = Math.max(0, list.length - kept); i < list.length; i += 1) newest.push(list[i]!);
  }
  return newest;
}

export class MonitoringRepository {
  readonly #db: Database;
  readonly #patients: PatientsRepository;
  readonly #medications: MedicationsRepository;
  readonly #results: ResultsRepository;
  readonly #aims: AimsRepository;
  readonly #audit: AuditLog;

  constructor(
    db: Database,
    {
      patients,
      medications,
      results,
      aims,
      audit,
    }: {
      patients: PatientsRepository;
      medications: MedicationsRepository;
      results: ResultsRepository;
      aims: AimsRepository;
      audit: AuditLog;
    },
  ) {
    this.#db = db;
    this.#patients = patients;
    this.#medications = medications;
    this.#results = results;
    this.#aims = aims;
    this.#audit = audit;
  }

  /** Adds the patient's adjustment of one check (audited); answers what is due after it. */
  adjust(patientId: string, input: MonitoringAdjustmentInput, environment: Pick<CallEnvironment, 'now' | 'timeZone'>): PatientMonitoring {
    this.#patients.require(patientId);
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO monitoring_adjustments (id, patient_id, protocol, check_id, kind, every_days, reason, created_at)
           VALUES ($id, $patientId, $protocol, $check, $kind, $everyDays, $reason, $now)`,
        )
        .run({
          id,
          patientId,
          protocol: input.protocol,
          check: input.check,
          kind: input.change.kind,
          everyDays: input.change.kind === 'interval' ? input.change.everyDays : null,
          reason: input.reason,
          now: environment.now,
        });
      this.#audit.append(environment.now, { action: 'monitoring.adjust', recordType: 'monitoring-adjustment', recordId: id, patientId });
    })();
    return this.patient(patientId, environment);
  }

  /** Every change the practice made to the protocols, the oldest first. */
  protocols(): PracticeProtocols {
    return { changes: this.#practiceChanges() };
  }

  /** Adds the practice's change to one check of a protocol (audited, with who made it); answers every change. */
  changeProtocol(input: PracticeProtocolChangeInput, environment: Pick<CallEnvironment, 'now' | 'clinician'>): PracticeProtocols {
    const id = randomUUID();
    const schedule = input.change.kind === 'schedule' ? input.change : null;
    const by = [environment.clinician.name, environment.clinician.credentials].filter((part) => part.trim() !== '').join(', ');
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO practice_protocol_changes (id, protocol, check_id, kind, phases, band_low, band_high, reason, source, changed_by, created_at)
           VALUES ($id, $protocol, $check, $kind, $phases, $bandLow, $bandHigh, $reason, $source, $by, $now)`,
        )
        .run({
          id,
          protocol: input.protocol,
          check: input.check,
          kind: input.change.kind,
          phases: schedule ? JSON.stringify(schedule.phases) : null,
          bandLow: schedule?.band?.low ?? null,
          bandHigh: schedule?.band?.high ?? null,
          reason: input.reason,
          source: input.source,
          by,
          now: environment.now,
        });
      this.#audit.append(environment.now, {
        action: 'monitoring.practice-protocol',
        recordType: 'practice-protocol-change',
        recordId: id,
        patientId: null,
      });
    })();
    return this.protocols();
  }

  #practiceChanges(): PracticeProtocolChange[] {
    return this.#db.prepare(PRACTICE_CHANGES_SQL).all<PracticeChangeRow>().map(toPracticeChange);
  }

  patient(patientId: string, environment: Pick<CallEnvironment, 'now' | 'timeZone'>): PatientMonitoring {
    const patient = this.#patients.get(patientId);
    const today = todayOf(environment);
    const changes = this.#practiceChanges();
    const bands = practiceBands(changes);
    const results = this.#results
      .results(patientId)
      .filter((result) => result.enteredInError === null)
      .map((result) =>
        toResult(
          {
            analyte: result.analyte,
            unit: result.unit,
            canonical_value: result.canonicalValue,
            taken_on: result.takenOn,
            range_low: result.rangeLow,
            range_high: result.rangeHigh,
          },
          bands,
        ),
      );
    const examinations = this.#aims
      .list(patientId)
      .filter((examination) => examination.enteredInError === null)
      .map((examination): MonitoringResult => ({ analyte: 'aims', takenOn: examination.examinedOn, outOfRange: false }));
    const adjustments = this.#db.prepare(ADJUSTMENTS_SQL).all<AdjustmentRow>({ patientId }).map(toAdjustment);
    const due = dueChecks(
      {
        today,
        dateOfBirth: patient.dateOfBirth,
        medicationEvents: this.#medications.events(patientId),
        results: [...results, ...examinations],
        adjustments,
      },
      practiceProtocols(changes),
    );
    return { today, due, adjustments: applied(adjustments) };
  }

  /**
   * Each active patient with a check overdue or due within a week, the most overdue first. Read in
   * a few set-wise queries, none per patient: the medication entries naming a followed drug (found
   * by the few distinct names in the history), the newest results of each followed analyte (from the
   * standing-results index alone), each patient's newest AIMS examination, then the names of the
   * patients followed.
   */
  practice(environment: Pick<CallEnvironment, 'now' | 'timeZone'>): PracticeMonitoring {
    const today = todayOf(environment);
    // A practice's history names a few dozen drugs: which of them a protocol follows is decided once
    // per name, and only their entries are read (the rest of the history, antidepressants and all, is not).
    const followedNames = this.#db
      .prepare('SELECT DISTINCT name FROM medication_events', { pluck: true })
      .all<string>()
      .filter((name) => takesDrug(name, FOLLOWED_DRUGS));
    if (followedNames.length === 0) return { today, patients: [] };
    const events = this.#db.prepare(PRACTICE_EVENTS_SQL).all<EventRow>({ names: JSON.stringify(followedNames) });
    const byPatient = group(events);
    const followed = [...byPatient].filter(([, rows]) => rows.some((row) => takesDrug(row.name, PROTOCOL_DRUGS))).map(([id]) => id);
    if (followed.length === 0) return { today, patients: [] };
    const ids = JSON.stringify(followed);
    // Only the newest results of each kind decide what is due (the schedules look at the last one, or
    // the last few levels): read those, not years of history.
    const results = group(
      newestOfEachKind(
        this.#db.prepare(NEWEST_RESULTS_SQL).all<ResultRow & { row: number }>({ kept: RESULTS_THAT_DECIDE }),
        RESULTS_THAT_DECIDE,
      ).filter((row) => FOLLOWED_ANALYTE_SET.has(row.analyte)),
    );
    // An AIMS examination counts by its date alone: each patient's newest.
    const examined = new Map(
      this.#db
        .prepare(
          'SELECT patient_id, max(examined_on) AS examined_on FROM aims_examinations WHERE entered_in_error_at IS NULL GROUP BY patient_id',
        )
        .all<{ patient_id: string; examined_on: string }>()
        .map((row) => [row.patient_id, row.examined_on]),
    );
    const adjustments = group(this.#db.prepare('SELECT * FROM monitoring_adjustments ORDER BY created_at, rowid').all<AdjustmentRow>());
    const changes = this.#practiceChanges();
    const protocols = practiceProtocols(changes);
    const bands = practiceBands(changes);
    const people = new Map(
      this.#db
        .prepare(
          'SELECT id, chart_number, given_name, family_name, date_of_birth FROM patients WHERE id IN (SELECT value FROM json_each($ids))',
        )
        .all<PatientRow>({ ids })
        .map((row) => [row.id, row]),
    );
    const soon = addDays(today, DUE_SOON_DAYS);
    const patients: PracticeMonitoring['patients'] = [];
    for (const patientId of followed) {
      const person = people.get(patientId);
      if (!person) continue;
      const medicationEvents: MonitoringMedicationEvent[] = (byPatient.get(patientId) ?? []).map((row) => ({
        medicationId: row.medication_id,
        kind: row.kind,
        date: row.date,
        name: row.name,
        recordedAt: row.recorded_at,
        enteredInError: row.entered_in_error_at,
      }));
      const due = dueChecks(
        {
          today,
          dateOfBirth: person.date_of_birth,
          medicationEvents,
          adjustments: (adjustments.get(patientId) ?? []).map(toAdjustment),
          results: [
            ...(results.get(patientId) ?? []).map((row) => toResult(row, bands)),
            ...(examined.has(patientId) ? [{ analyte: 'aims' as const, takenOn: examined.get(patientId) ?? '', outOfRange: false }] : []),
          ],
        },
        protocols,
      ).filter((check) => check.dueOn <= soon);
      if (due.length === 0) continue;
      patients.push({ patientId, chartNumber: person.chart_number, givenName: person.given_name, familyName: person.family_name, due });
    }
    patients.sort(
      (a, b) =>
        (a.due[0]?.dueOn ?? '').localeCompare(b.due[0]?.dueOn ?? '') ||
        a.familyName.localeCompare(b.familyName) ||
        a.chartNumber - b.chartNumber,
    );
    return { today, patients };
  }
}
