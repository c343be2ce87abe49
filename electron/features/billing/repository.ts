/**
 * Fees, charges and payments (shared/billing.ts). A coded session is one charge per service code,
 * with the fee and the diagnoses as they were that day; charges and payments are never changed or
 * deleted, only marked entered in error (migration 0028's triggers refuse anything else), and a
 * refund is an entry of its own. Every write is audited in its transaction. Runs only in the worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { KEPT, type AppointmentKind, type Attendance } from '../../../shared/appointment';
import {
  balanceOf,
  billingDocumentInputSchema,
  codeSessionInputSchema,
  feeScheduleInputSchema,
  paymentInputSchema,
  proposeCodes,
  type Amounts,
  type BillingAccount,
  type BillingDocument,
  type BillingSession,
  type Charge,
  type ChargeDiagnosis,
  type CodeSessionInput,
  type Fee,
  type Modifier,
  type Payment,
  type PaymentInput,
  type PaymentKind,
  type PaymentMethod,
  type PracticeMoney,
  type ServiceCodeValue,
} from '../../../shared/billing';
import { AppError } from '../../../shared/errors';
import { displayName } from '../../../shared/patient';
import { instantToLocal } from '../../../shared/recurrence';
import type { AuditLog } from '../audit/repository';
import type { DiagnosesRepository } from '../diagnoses/repository';
import type { PatientsRepository } from '../patients/repository';

type ChargeRow = {
  id: string;
  patient_id: string;
  appointment_id: string;
  service_date: string;
  code: ServiceCodeValue;
  modifier: Modifier;
  units: number;
  fee: number;
  currency: string;
  diagnoses: string;
  minutes: number;
  minutes_source: 'timer' | 'scheduled';
  recorded_at: string;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
};

type PaymentRow = {
  id: string;
  patient_id: string;
  kind: PaymentKind;
  date: string;
  amount: number;
  currency: string;
  method: PaymentMethod;
  note: string;
  recorded_at: string;
  entered_in_error_at: string | null;
  entered_in_error_reason: string | null;
};

type SessionRow = {
  id: string;
  patient_id: string;
  start_utc: string;
  duration_minutes: number;
  kind: AppointmentKind;
  is_video: number;
  attendance: Attendance;
  late_minutes: number | null;
  actual_start: string | null;
  actual_end: string | null;
};

function inError(row: { entered_in_error_at: string | null; entered_in_error_reason: string | null }) {
  return row.entered_in_error_at === null ? null : { at: row.entered_in_error_at, reason: row.entered_in_error_reason ?? '' };
}

function toCharge(row: ChargeRow): Charge {
  return {
    id: row.id,
    patientId: row.patient_id,
    appointmentId: row.appointment_id,
    serviceDate: row.service_date,
    code: row.code,
    modifier: row.modifier,
    units: row.units,
    fee: row.fee,
    currency: row.currency,
    diagnoses: JSON.parse(row.diagnoses) as ChargeDiagnosis[],
    minutes: row.minutes,
    minutesSource: row.minutes_source,
    recordedAt: row.recorded_at,
    enteredInError: inError(row),
  };
}

function toPayment(row: PaymentRow): Payment {
  return {
    id: row.id,
    patientId: row.patient_id,
    kind: row.kind,
    date: row.date,
    amount: row.amount,
    currency: row.currency,
    method: row.method,
    note: row.note,
    recordedAt: row.recorded_at,
    enteredInError: inError(row),
  };
}

/**
 * A session's length: the timer's when it ran start to end, the schedule's otherwise, less the
 * minutes a patient arrived late (the session still ended on time).
 */
function lengthOf(row: SessionRow): { minutes: number; minutesSource: 'timer' | 'scheduled' } {
  if (row.actual_start !== null && row.actual_end !== null) {
    return { minutes: Math.round((Date.parse(row.actual_end) - Date.parse(row.actual_start)) / 60_000), minutesSource: 'timer' };
  }
  const late = row.attendance === 'late' ? (row.late_minutes ?? 0) : 0;
  return { minutes: Math.max(0, row.duration_minutes - late), minutesSource: 'scheduled' };
}

const THREE_YEARS_MS = 3 * 365.25 * 24 * 60 * 60 * 1000;
const KEPT_SQL = [...KEPT].map((a) => `'${a}'`).join(', ');

export class BillingRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;
  readonly #diagnoses: DiagnosesRepository;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository, diagnoses: DiagnosesRepository) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
    this.#diagnoses = diagnoses;
  }

  fees(): Fee[] {
    return this.#db.prepare('SELECT code, amount, currency FROM fee_schedule ORDER BY code').all<Fee>();
  }

  /** Sets the fees of the codes given (in the practice's currency); a code left out keeps its fee. */
  setFees(raw: unknown, currency: string, now: string): Fee[] {
    const { fees } = feeScheduleInputSchema.parse(raw);
    this.#db.transaction(() => {
      // An update, then an insert where there was none: not an upsert, whose DO UPDATE makes SQLite override
      // the OR REPLACE of the replication capture triggers it fires, so a fee's second change failed on a connected vault.
      const update = this.#db.prepare(
        'UPDATE fee_schedule SET amount = $amount, currency = $currency, updated_at = $now WHERE code = $code',
      );
      const insert = this.#db.prepare(
        'INSERT INTO fee_schedule (code, amount, currency, updated_at) VALUES ($code, $amount, $currency, $now)',
      );
      for (const fee of fees) {
        const values = { code: fee.code, amount: fee.amount, currency, now };
        if (update.run(values).changes === 0) insert.run(values);
      }
      this.#audit.append(now, { action: 'billing.fees', recordType: 'fee-schedule', recordId: 'practice', patientId: null });
    })();
    return this.fees();
  }

  #sessions(patientId: string): SessionRow[] {
    return this.#db
      .prepare(
        `SELECT id, patient_id, start_utc, duration_minutes, kind, is_video, attendance, late_minutes, actual_start, actual_end
         FROM appointments WHERE patient_id = $patientId AND attendance IN (${KEPT_SQL}) ORDER BY start_utc`,
      )
      .all<SessionRow>({ patientId });
  }

  charges(patientId: string): Charge[] {
    return this.#db
      .prepare('SELECT * FROM charges WHERE patient_id = $patientId ORDER BY service_date, recorded_at, rowid')
      .all<ChargeRow>({ patientId })
      .map(toCharge);
  }

  payments(patientId: string): Payment[] {
    return this.#db
      .prepare('SELECT * FROM payments WHERE patient_id = $patientId ORDER BY date, recorded_at, rowid')
      .all<PaymentRow>({ patientId })
      .map(toPayment);
  }

  /** The chart's Billing tab: kept sessions with their proposals and charges, payments and the balance. */
  account(patientId: string, env: { now: string; timeZone: string; currency: string }): BillingAccount {
    this.#patients.require(patientId);
    const charges = this.charges(patientId);
    const payments = this.payments(patientId);
    const active = new Map<string, Charge[]>();
    for (const charge of charges) {
      if (charge.enteredInError !== null) continue;
      const list = active.get(charge.appointmentId) ?? [];
      list.push(charge);
      active.set(charge.appointmentId, list);
    }
    const rows = this.#sessions(patientId);
    const sessions: BillingSession[] = rows.map((row, index) => {
      const previous = rows[index - 1];
      const newPatient = previous === undefined || Date.parse(row.start_utc) - Date.parse(previous.start_utc) > THREE_YEARS_MS;
      const length = lengthOf(row);
      const isVideo = row.is_video === 1;
      return {
        appointmentId: row.id,
        start: row.start_utc,
        date: instantToLocal(new Date(row.start_utc), env.timeZone).slice(0, 10),
        kind: row.kind,
        attendance: row.attendance,
        isVideo,
        scheduledMinutes: row.duration_minutes,
        ...length,
        newPatient,
        proposal: proposeCodes({
          kind: row.kind,
          minutes: length.minutes,
          therapyMinutes: 0,
          newPatient,
          prescriber: true,
          family: null,
          isVideo,
        }),
        charges: active.get(row.id) ?? [],
      };
    });
    sessions.reverse();
    this.#audit.read(env.now, { action: 'billing.read', recordType: 'patient', recordId: patientId, patientId });
    return {
      patientId,
      currency: env.currency,
      sessions,
      charges,
      payments,
      balance: balanceOf(charges, payments),
      diagnoses: this.#diagnoses.current(patientId).map((d) => ({ code: d.code, label: d.label, isPrimary: d.isPrimary })),
      fees: this.fees(),
    };
  }

  /**
   * Codes a kept session: one charge per line at today's fee, with the chosen diagnoses. A session
   * already coded is recoded only with a reason; its charges are then marked entered in error.
   */
  code(raw: CodeSessionInput, env: { now: string; timeZone: string; currency: string }): Charge[] {
    const input = codeSessionInputSchema.parse(raw);
    const session = this.#db.prepare('SELECT * FROM appointments WHERE id = $id').get<SessionRow>({ id: input.appointmentId });
    if (!session) throw new AppError('NOT_FOUND', 'This session could not be found.');
    if (!KEPT.has(session.attendance)) throw new AppError('CONFLICT', 'Only a session that took place can be coded for billing.');
    const inForce = this.#db
      .prepare('SELECT * FROM charges WHERE appointment_id = $id AND entered_in_error_at IS NULL')
      .all<ChargeRow>({ id: session.id });
    if (inForce.length > 0 && input.replaceReason === null)
      throw new AppError('CONFLICT', 'This session is already coded. Say why the codes change, and they are replaced.');
    const chart = new Map(this.#diagnoses.current(session.patient_id).map((d) => [d.code, d.label]));
    const diagnoses = input.diagnoses.map((code) => {
      const label = chart.get(code);
      if (label === undefined) throw new AppError('INVALID_INPUT', `${code} is not among the chart’s diagnoses in force.`);
      return { code, label };
    });
    if (new Set(input.diagnoses).size !== input.diagnoses.length) throw new AppError('INVALID_INPUT', 'Choose each diagnosis once.');
    const fees = new Map(this.fees().map((fee) => [fee.code, fee]));
    for (const line of input.lines) {
      const fee = fees.get(line.code);
      if (fee && fee.currency !== env.currency)
        throw new AppError('CONFLICT', `The fee for ${line.code} is in ${fee.currency}; set it again in Settings in ${env.currency}.`);
    }
    const length = lengthOf(session);
    const serviceDate = instantToLocal(new Date(session.start_utc), env.timeZone).slice(0, 10);
    const ids: string[] = [];
    this.#db.transaction(() => {
      for (const old of inForce) this.#markCharge(old, input.replaceReason ?? '', env.now);
      const insert = this.#db.prepare(
        `INSERT INTO charges (id, patient_id, appointment_id, service_date, code, modifier, units, fee, currency, diagnoses, minutes, minutes_source, recorded_at)
         VALUES ($id, $patientId, $appointmentId, $serviceDate, $code, $modifier, $units, $fee, $currency, $diagnoses, $minutes, $source, $now)`,
      );
      for (const line of input.lines) {
        const id = randomUUID();
        ids.push(id);
        insert.run({
          id,
          patientId: session.patient_id,
          appointmentId: session.id,
          serviceDate,
          code: line.code,
          modifier: line.modifier,
          units: line.units,
          fee: fees.get(line.code)?.amount ?? 0,
          currency: env.currency,
          diagnoses: JSON.stringify(diagnoses),
          minutes: length.minutes,
          source: length.minutesSource,
          now: env.now,
        });
        this.#audit.append(env.now, { action: 'billing.code', recordType: 'charge', recordId: id, patientId: session.patient_id });
      }
    })();
    return ids.map((id) => this.#charge(id));
  }

  #charge(id: string): Charge {
    const row = this.#db.prepare('SELECT * FROM charges WHERE id = $id').get<ChargeRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'This charge could not be found.');
    return toCharge(row);
  }

  #markCharge(row: ChargeRow, reason: string, now: string) {
    this.#db
      .prepare('UPDATE charges SET entered_in_error_at = $now, entered_in_error_reason = $reason WHERE id = $id')
      .run({ id: row.id, now, reason });
    this.#audit.append(now, {
      action: 'billing.charge-entered-in-error',
      recordType: 'charge',
      recordId: row.id,
      patientId: row.patient_id,
    });
  }

  chargeInError(id: string, reason: string, now: string): Charge {
    const row = this.#db.prepare('SELECT * FROM charges WHERE id = $id').get<ChargeRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'This charge could not be found.');
    if (row.entered_in_error_at !== null) throw new AppError('CONFLICT', 'This charge is already marked entered in error.');
    this.#db.transaction(() => this.#markCharge(row, reason, now))();
    return this.#charge(id);
  }

  recordPayment(raw: PaymentInput, currency: string, now: string): Payment {
    const input = paymentInputSchema.parse(raw);
    this.#patients.require(input.patientId);
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO payments (id, patient_id, kind, date, amount, currency, method, note, recorded_at)
           VALUES ($id, $patientId, $kind, $date, $amount, $currency, $method, $note, $now)`,
        )
        .run({ id, ...input, currency, now });
      this.#audit.append(now, {
        action: input.kind === 'refund' ? 'billing.refund' : 'billing.payment',
        recordType: 'payment',
        recordId: id,
        patientId: input.patientId,
      });
    })();
    return this.#payment(id);
  }

  #payment(id: string): Payment {
    const row = this.#db.prepare('SELECT * FROM payments WHERE id = $id').get<PaymentRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'This payment could not be found.');
    return toPayment(row);
  }

  paymentInError(id: string, reason: string, now: string): Payment {
    const row = this.#db.prepare('SELECT * FROM payments WHERE id = $id').get<PaymentRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'This payment could not be found.');
    if (row.entered_in_error_at !== null) throw new AppError('CONFLICT', 'This entry is already marked entered in error.');
    this.#db.transaction(() => {
      this.#db
        .prepare('UPDATE payments SET entered_in_error_at = $now, entered_in_error_reason = $reason WHERE id = $id')
        .run({ id, now, reason });
      this.#audit.append(now, {
        action: 'billing.payment-entered-in-error',
        recordType: 'payment',
        recordId: id,
        patientId: row.patient_id,
      });
    })();
    return this.#payment(id);
  }

  /** A superbill or statement: charges and payments in force in the period, with the balance before and after. */
  document(raw: unknown, currency: string): BillingDocument {
    const input = billingDocumentInputSchema.parse(raw);
    this.#patients.require(input.patientId);
    const charges = this.charges(input.patientId).filter((c) => c.enteredInError === null);
    const payments = this.payments(input.patientId).filter((p) => p.enteredInError === null);
    const before = balanceOf(
      charges.filter((c) => c.serviceDate < input.from),
      payments.filter((p) => p.date < input.from),
    );
    const inCharges = charges.filter(
      (c) =>
        c.serviceDate >= input.from &&
        c.serviceDate <= input.to &&
        (input.appointmentId === null || c.appointmentId === input.appointmentId),
    );
    if (input.appointmentId !== null && inCharges.length === 0)
      throw new AppError('NOT_FOUND', 'This session has no charges in force: code it before printing its superbill.');
    const inPayments = payments.filter((p) => p.date >= input.from && p.date <= input.to);
    const through = balanceOf(
      charges.filter((c) => c.serviceDate <= input.to),
      payments.filter((p) => p.date <= input.to),
    );
    return {
      patientId: input.patientId,
      from: input.from,
      to: input.to,
      currency,
      charges: inCharges,
      payments: inPayments,
      openingBalance: before,
      totalCharged: balanceOf(inCharges, []),
      totalPaid: balanceOf([], inPayments).map((a) => ({ currency: a.currency, amount: -a.amount })),
      closingBalance: through,
    };
  }

  printed(patientId: string, now: string): void {
    this.#patients.require(patientId);
    this.#audit.append(now, { action: 'billing.print', recordType: 'patient', recordId: patientId, patientId });
  }

  /** Billed and paid per month (the last `months`), and every patient whose balance is not zero. */
  practice(currency: string): PracticeMoney {
    const billed = this.#db
      .prepare(
        `SELECT substr(service_date, 1, 7) AS month, currency, sum(fee * units) AS amount FROM charges
         WHERE entered_in_error_at IS NULL GROUP BY month, currency`,
      )
      .all<{ month: string; currency: string; amount: number }>();
    const paid = this.#db
      .prepare(
        `SELECT substr(date, 1, 7) AS month, currency, sum(CASE kind WHEN 'refund' THEN -amount ELSE amount END) AS amount FROM payments
         WHERE entered_in_error_at IS NULL GROUP BY month, currency`,
      )
      .all<{ month: string; currency: string; amount: number }>();
    const months = new Map<string, { billed: Amounts; paid: Amounts }>();
    const at = (month: string) => {
      const found = months.get(month) ?? { billed: [], paid: [] };
      months.set(month, found);
      return found;
    };
    for (const row of billed) at(row.month).billed.push({ currency: row.currency, amount: row.amount });
    for (const row of paid) at(row.month).paid.push({ currency: row.currency, amount: row.amount });
    const balances = this.#db
      .prepare(
        `SELECT patient_id, currency, sum(amount) AS amount FROM (
           SELECT patient_id, currency, fee * units AS amount FROM charges WHERE entered_in_error_at IS NULL
           UNION ALL
           SELECT patient_id, currency, CASE kind WHEN 'refund' THEN amount ELSE -amount END FROM payments WHERE entered_in_error_at IS NULL
         ) GROUP BY patient_id, currency HAVING sum(amount) <> 0`,
      )
      .all<{ patient_id: string; currency: string; amount: number }>();
    const byPatient = new Map<string, Amounts>();
    for (const row of balances) {
      const list = byPatient.get(row.patient_id) ?? [];
      list.push({ currency: row.currency, amount: row.amount });
      byPatient.set(row.patient_id, list);
    }
    const openBalances = [...byPatient].map(([patientId, balance]) => ({
      patientId,
      patientName: displayName(this.#patients.get(patientId)),
      balance,
    }));
    openBalances.sort((a, b) => a.patientName.localeCompare(b.patientName));
    return {
      currency,
      months: [...months].sort(([a], [b]) => b.localeCompare(a)).map(([month, totals]) => ({ month, ...totals })),
      openBalances,
    };
  }
}
