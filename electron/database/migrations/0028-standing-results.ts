import type { Migration } from './migration';

/**
 * The practice-wide monitoring list reads each patient's newest few results of every kind. Through
 * `results_by_patient` each of those cost a visit to the table to see whether the row was entered in
 * error, then another to read its value: thousands of page reads (and decryptions) per listing. This
 * index holds the standing results alone (partial: entered in error left out) with every column the
 * listing reads, so it is answered from the index without touching the table. `entered_in_error_at`
 * is among the columns (always NULL here) only so SQLite sees the index covers a query that names it.
 */
export const migration0028StandingResults: Migration = {
  version: 28,
  name: 'standing-results',
  up(db) {
    db.exec(`
      CREATE INDEX results_standing ON results
        (patient_id, analyte, taken_on, unit, canonical_value, range_low, range_high, entered_in_error_at)
        WHERE entered_in_error_at IS NULL;
    `);
  },
};
