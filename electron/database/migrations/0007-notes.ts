import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * Session notes. A note is a draft until signed; its fields are rows of `note_fields`, one per
 * template field. Signing is final, and the database itself holds to that: once a note is signed,
 * the triggers refuse any change or deletion of the note and its fields, and addenda (the only way
 * to add to a signed note) can be neither changed nor deleted. The app checks first and answers
 * NOTE_SIGNED; the triggers are there for anything that gets past it.
 *
 * `seq` is the note's number in the search index (a stable integer rowid). A calendar session has at
 * most one note.
 */
export const migration0007Notes: Migration = {
  version: 7,
  name: 'notes',
  up(db) {
    db.exec(`
      CREATE TABLE notes (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        appointment_id TEXT REFERENCES appointments (id),
        template TEXT NOT NULL CHECK (template IN ('psychiatric-follow-up', 'intake', 'soap', 'dap', 'free-text')),
        service_date TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        signed_at TEXT,
        signed_by TEXT,
        content_hash TEXT,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
        CHECK ((status = 'signed') = (signed_at IS NOT NULL)),
        CHECK ((signed_at IS NULL) = (signed_by IS NULL)),
        CHECK ((signed_at IS NULL) = (content_hash IS NULL))
      );
      -- notes:list: one patient's notes, newest service date first, a page at a time.
      CREATE INDEX notes_by_patient ON notes (patient_id, service_date, id);
      CREATE UNIQUE INDEX notes_one_per_session ON notes (appointment_id) WHERE appointment_id IS NOT NULL;
      CREATE INDEX notes_drafts ON notes (patient_id) WHERE status = 'draft';

      CREATE TABLE note_fields (
        note_id TEXT NOT NULL REFERENCES notes (id),
        key TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (note_id, key)
      );

      CREATE TABLE note_addenda (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        note_id TEXT NOT NULL REFERENCES notes (id),
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        signed_by TEXT NOT NULL,
        content_hash TEXT NOT NULL
      );
      CREATE INDEX note_addenda_by_note ON note_addenda (note_id, seq);

      CREATE TRIGGER notes_signed_no_update BEFORE UPDATE ON notes WHEN OLD.status = 'signed'
      BEGIN ${raise('NOTE_SIGNED', 'a signed note cannot be changed')}; END;
      CREATE TRIGGER notes_signed_no_delete BEFORE DELETE ON notes WHEN OLD.status = 'signed'
      BEGIN ${raise('NOTE_SIGNED', 'a signed note cannot be deleted')}; END;
      -- A note is signed as a draft's last change: nothing else may happen in that update.
      CREATE TRIGGER notes_sign_only BEFORE UPDATE ON notes
      WHEN OLD.status = 'draft' AND NEW.status = 'signed'
        AND (NEW.id IS NOT OLD.id OR NEW.patient_id IS NOT OLD.patient_id OR NEW.template IS NOT OLD.template
          OR NEW.service_date IS NOT OLD.service_date OR NEW.appointment_id IS NOT OLD.appointment_id)
      BEGIN ${raise('NOTE_SIGNED', 'signing changes nothing but the signature')}; END;

      CREATE TRIGGER note_fields_signed_no_insert BEFORE INSERT ON note_fields
      WHEN (SELECT status FROM notes WHERE id = NEW.note_id) = 'signed'
      BEGIN ${raise('NOTE_SIGNED', 'a signed note cannot be changed')}; END;
      CREATE TRIGGER note_fields_signed_no_update BEFORE UPDATE ON note_fields
      WHEN (SELECT status FROM notes WHERE id = OLD.note_id) = 'signed' OR (SELECT status FROM notes WHERE id = NEW.note_id) = 'signed'
      BEGIN ${raise('NOTE_SIGNED', 'a signed note cannot be changed')}; END;
      CREATE TRIGGER note_fields_signed_no_delete BEFORE DELETE ON note_fields
      WHEN (SELECT status FROM notes WHERE id = OLD.note_id) = 'signed'
      BEGIN ${raise('NOTE_SIGNED', 'a signed note cannot be changed')}; END;

      CREATE TRIGGER note_addenda_only_on_signed BEFORE INSERT ON note_addenda
      WHEN (SELECT status FROM notes WHERE id = NEW.note_id) IS NOT 'signed'
      BEGIN ${raise('NOTE_NOT_SIGNED', 'only a signed note takes addenda')}; END;
      CREATE TRIGGER note_addenda_no_update BEFORE UPDATE ON note_addenda
      BEGIN ${raise('NOTE_SIGNED', 'an addendum cannot be changed')}; END;
      CREATE TRIGGER note_addenda_no_delete BEFORE DELETE ON note_addenda
      BEGIN ${raise('NOTE_SIGNED', 'an addendum cannot be deleted')}; END;
    `);
  },
};
