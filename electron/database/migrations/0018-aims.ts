import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * AIMS examinations (Abnormal Involuntary Movement Scale): one row per examination, every item's
 * rating in its own checked column, and the total of items 1–7 kept with them (and checked against
 * them). Like the medication history, a row is never changed or deleted: it may only be marked
 * entered in error, once. The "AIMS due" schedule reads this table.
 */
export const migration0018Aims: Migration = {
  version: 18,
  name: 'aims',
  up(db) {
    const rating = (column: string) => `${column} INTEGER NOT NULL CHECK (${column} BETWEEN 0 AND 4)`;
    const items = [1, 2, 3, 4, 5, 6, 7].map((n) => `item_${n}`);
    db.exec(`
      CREATE TABLE aims_examinations (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        examined_on TEXT NOT NULL CHECK (examined_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        ${items.map(rating).join(',\n        ')},
        ${rating('severity')},
        ${rating('incapacitation')},
        ${rating('awareness')},
        dental_problems INTEGER NOT NULL CHECK (dental_problems IN (0, 1)),
        wears_dentures INTEGER NOT NULL CHECK (wears_dentures IN (0, 1)),
        total INTEGER NOT NULL CHECK (total = ${items.join(' + ')}),
        note TEXT NOT NULL,
        examined_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        entered_in_error_at TEXT,
        entered_in_error_reason TEXT CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
      );
      CREATE INDEX aims_examinations_by_patient ON aims_examinations (patient_id, examined_on);
    `);
    const kept = [
      'id',
      'patient_id',
      'examined_on',
      ...items,
      'severity',
      'incapacitation',
      'awareness',
      'dental_problems',
      'wears_dentures',
      'total',
      'note',
      'examined_by',
      'created_at',
    ];
    const changed = kept.map((column) => `NEW.${column} IS NOT OLD.${column}`).join(' OR ');
    db.exec(`
      CREATE TRIGGER aims_examinations_only_marked_in_error BEFORE UPDATE ON aims_examinations
      WHEN OLD.entered_in_error_at IS NOT NULL OR NEW.entered_in_error_at IS NULL OR ${changed}
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'an examination is only ever marked entered in error')}; END;
      CREATE TRIGGER aims_examinations_no_delete BEFORE DELETE ON aims_examinations
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'an examination is marked entered in error, never deleted')}; END;
    `);
  },
};
