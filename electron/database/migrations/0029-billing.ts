import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Superbills (shared/billing.ts): the practice's fee schedule, a session's charges (one row per
 * service code, with the fee and diagnoses as they were when it was coded) and the patient's payments
 * and refunds. Charges and payments are clinical records: never changed or deleted; the one thing
 * that may happen to one is being marked entered in error, once. Amounts are integers in the smallest
 * unit of their currency. The fee schedule is the practice's, edited in place (a charge keeps its fee).
 */
export const migration0029Billing: Migration = {
  version: 29,
  name: 'billing',
  up(db) {
    db.exec(`
      CREATE TABLE fee_schedule (
        code TEXT PRIMARY KEY NOT NULL,
        amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount >= 0),
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        updated_at TEXT NOT NULL
      );

      CREATE TABLE charges (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        appointment_id TEXT NOT NULL REFERENCES appointments (id),
        service_date TEXT NOT NULL,
        code TEXT NOT NULL,
        modifier TEXT CHECK (modifier IS NULL OR modifier = '95'),
        units INTEGER NOT NULL CHECK (typeof(units) = 'integer' AND units BETWEEN 1 AND 12),
        fee INTEGER NOT NULL CHECK (typeof(fee) = 'integer' AND fee >= 0),
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        -- JSON: [{ "code": "F33.1", "label": "…" }], primary first.
        diagnoses TEXT NOT NULL CHECK (json_valid(diagnoses) AND json_type(diagnoses) = 'array'),
        minutes INTEGER NOT NULL,
        minutes_source TEXT NOT NULL CHECK (minutes_source IN ('timer', 'scheduled')),
        recorded_at TEXT NOT NULL,
        entered_in_error_at TEXT,
        entered_in_error_reason TEXT CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
      );
      CREATE INDEX charges_by_patient ON charges (patient_id, service_date);
      CREATE INDEX charges_by_appointment ON charges (appointment_id);
      CREATE INDEX charges_by_date ON charges (service_date);

      CREATE TABLE payments (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'refund')),
        date TEXT NOT NULL,
        amount INTEGER NOT NULL CHECK (typeof(amount) = 'integer' AND amount > 0),
        currency TEXT NOT NULL CHECK (length(currency) = 3),
        method TEXT NOT NULL CHECK (method IN ('cash', 'check', 'card', 'bank-transfer', 'other')),
        note TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        entered_in_error_at TEXT,
        entered_in_error_reason TEXT CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
      );
      CREATE INDEX payments_by_patient ON payments (patient_id, date);
      CREATE INDEX payments_by_date ON payments (date);
    `);
    const kept = {
      charges: [
        'id',
        'patient_id',
        'appointment_id',
        'service_date',
        'code',
        'modifier',
        'units',
        'fee',
        'currency',
        'diagnoses',
        'minutes',
        'minutes_source',
        'recorded_at',
      ],
      payments: ['id', 'patient_id', 'kind', 'date', 'amount', 'currency', 'method', 'note', 'recorded_at'],
    };
    for (const [table, columns] of Object.entries(kept)) {
      const changed = columns.map((column) => `NEW.${column} IS NOT OLD.${column}`).join(' OR ');
      db.exec(`
        CREATE TRIGGER ${table}_only_marked_in_error BEFORE UPDATE ON ${table}
        WHEN OLD.entered_in_error_at IS NOT NULL OR NEW.entered_in_error_at IS NULL OR ${changed}
        BEGIN ${raise('HISTORY_APPEND_ONLY', 'an entry is only ever marked entered in error')}; END;
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
        BEGIN ${raise('HISTORY_APPEND_ONLY', 'an entry is marked entered in error, never deleted')}; END;
      `);
    }
  },
};
