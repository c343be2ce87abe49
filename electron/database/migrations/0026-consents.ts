import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Consents to share (releases of information) and the accounting of disclosures (shared/consents.ts).
 * Both are clinical records. A consent is what the patient agreed, as recorded: never edited or
 * deleted. It changes twice at most, each once: revoked (the day, the reason, when it was recorded)
 * and marked entered in error (when, why), like the medication tables. A disclosure is a fact of
 * what left the practice: triggers refuse every UPDATE and DELETE.
 *
 * Parts are a JSON array of shared RECORD_PARTS; coverage is computed by shared/consents.ts, the
 * same function the window and the tests use.
 */
export const migration0026Consents: Migration = {
  version: 26,
  name: 'consents',
  up(db) {
    db.exec(`
      CREATE TABLE consents (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        recipient_name TEXT NOT NULL CHECK (length(recipient_name) > 0),
        recipient_role TEXT NOT NULL,
        recipient_contact TEXT NOT NULL,
        parts TEXT NOT NULL CHECK (json_valid(parts) AND json_type(parts) = 'array' AND json_array_length(parts) > 0),
        purpose TEXT NOT NULL CHECK (length(purpose) > 0),
        valid_from TEXT NOT NULL,
        valid_until TEXT CHECK (valid_until IS NULL OR valid_until >= valid_from),
        given_as TEXT NOT NULL CHECK (given_as IN ('signed-form', 'verbal', 'written')),
        recorded_at TEXT NOT NULL,
        revoked_on TEXT,
        revocation_reason TEXT,
        revoked_at TEXT,
        entered_in_error_at TEXT,
        entered_in_error_reason TEXT,
        CHECK ((revoked_on IS NULL) = (revoked_at IS NULL) AND (revoked_on IS NULL) = (revocation_reason IS NULL)),
        CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
      );
      -- The chart's Sharing tab, and the consents a disclosure may rest on.
      CREATE INDEX consents_by_patient ON consents (patient_id, valid_from);

      CREATE TABLE disclosures (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        disclosed_at TEXT NOT NULL,
        item TEXT NOT NULL CHECK (item IN ('letter', 'record-pdf', 'record-fhir', 'printed-note', 'printed-plan', 'progress-summary')),
        item_id TEXT,
        parts TEXT NOT NULL CHECK (json_valid(parts) AND json_type(parts) = 'array' AND json_array_length(parts) > 0),
        basis TEXT NOT NULL CHECK (basis IN ('patient', 'consent', 'exception')),
        consent_id TEXT REFERENCES consents (id),
        exception TEXT CHECK (exception IS NULL OR exception IN ('emergency', 'required-by-law', 'continuity-of-care', 'other')),
        exception_reason TEXT,
        -- Who received it, as named when it was sent (a consent's recipient may be one of many).
        recipient_name TEXT,
        recipient_role TEXT,
        recipient_contact TEXT,
        CHECK ((basis = 'consent') = (consent_id IS NOT NULL)),
        CHECK ((basis = 'exception') = (exception IS NOT NULL) AND (exception IS NULL) = (exception_reason IS NULL)),
        CHECK (exception_reason IS NULL OR length(exception_reason) > 0),
        CHECK ((basis = 'patient') = (recipient_name IS NULL)),
        CHECK ((recipient_name IS NULL) = (recipient_role IS NULL) AND (recipient_name IS NULL) = (recipient_contact IS NULL))
      );
      -- The accounting of disclosures, newest first.
      CREATE INDEX disclosures_by_patient ON disclosures (patient_id, disclosed_at);
    `);
    const kept = [
      'id',
      'patient_id',
      'recipient_name',
      'recipient_role',
      'recipient_contact',
      'parts',
      'purpose',
      'valid_from',
      'valid_until',
      'given_as',
      'recorded_at',
    ];
    const changed = (columns: string[]) => columns.map((column) => `NEW.${column} IS NOT OLD.${column}`).join(' OR ');
    const revocation = ['revoked_on', 'revocation_reason', 'revoked_at'];
    const error = ['entered_in_error_at', 'entered_in_error_reason'];
    db.exec(`
      CREATE TRIGGER consents_only_revoked_or_marked BEFORE UPDATE ON consents
      WHEN ${changed(kept)}
        OR (OLD.revoked_at IS NOT NULL AND (${changed(revocation)}))
        OR (OLD.entered_in_error_at IS NOT NULL AND (${changed(error)}))
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a consent is only ever revoked, or marked entered in error, once')}; END;
      CREATE TRIGGER consents_no_delete BEFORE DELETE ON consents
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a consent is revoked, never deleted')}; END;
      CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a disclosure is never changed')}; END;
      CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a disclosure is never deleted')}; END;
    `);
  },
};
