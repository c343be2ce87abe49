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
   * Each active patient with a check overdue or due within a week, the most overdue first. Three
   * readings: the medication entries naming a followed drug, the newest results of each followed
   * analyte and AIMS examination, then the names of the patients followed.
   */
  practice(environment: Pick<CallEnvironment, 'now' | 'timeZone'>): PracticeMonitoring {
    const today = todayOf(environment);
    const events = this.#db
      .prepare(
        `SELECT e.patient_id, e.medication_id, e.kind, e.date, e.name, e.recorded_at, e.entered_in_error_at
           FROM medication_events e JOIN patients p ON p.id = e.patient_id
          WHERE p.archived_at IS NULL`,
      )
      .all<EventRow>()
      .filter((row) => takesDrug(row.name, FOLLOWED_DRUGS));
    const byPatient = group(events);
    const followed = [...byPatient].filter(([, rows]) => rows.some((row) => takesDrug(row.name, PROTOCOL_DRUGS))).map(([id]) => id);
    if (followed.length === 0) return { today, patients: [] };
    const ids = JSON.stringify(followed);
    // Only the newest results of each kind decide what is due (the schedules look at the last one, or
    // the last few levels): read those, not years of history.
    const results = group(
      this.#db
        .prepare(
          // Each kind of result a patient has, then its newest few through the (patient, analyte, taken_on) index.
          `SELECT r.patient_id, r.analyte, r.unit, r.canonical_value, r.taken_on, r.range_low, r.range_high
             FROM (SELECT DISTINCT patient_id, analyte FROM results WHERE analyte IN (SELECT value FROM json_each($analytes))) kind
             JOIN results r ON r.rowid IN (
               SELECT rowid FROM results
                WHERE patient_id = kind.patient_id AND analyte = kind.analyte AND entered_in_error_at IS NULL
                ORDER BY taken_on DESC, rowid DESC LIMIT $kept
             )`,
        )
        .all<ResultRow>({ analytes: JSON.stringify(FOLLOWED_ANALYTES), kept: RESULTS_THAT_DECIDE }),
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
