import type { Migration } from './migration';
import { LETTER_KINDS, LETTER_TEMPLATE_DEFINITIONS } from '../../../shared/letters';
import { raise } from '../schema-guards';

/**
 * Letters, and the templates they begin from.
 *
 * Letter templates are versioned as note templates are (0013): a version is never changed or
 * deleted, an edit is the next version, and a letter names the version it was begun from. The four
 * kinds Alliance ships are seeded as version 1.
 *
 * A letter is a draft until signed; its sections (the text as edited) are one JSON array. Signing is
 * final and the database holds to it as it does for notes (0007): a signed letter cannot be changed or
 * deleted, signing changes nothing but the signature, addenda go only on a signed letter and are
 * themselves never changed. Each time a letter is sent (or printed for its recipient) a row of
 * `letter_sendings` names the disclosure recorded with it; those rows only ever grow.
 */
export const migration0027Letters: Migration = {
  version: 27,
  name: 'letters',
  up(db) {
    const kinds = LETTER_KINDS.map((kind) => `'${kind}'`).join(', ');
    db.exec(`
      CREATE TABLE letter_templates (
        id TEXT PRIMARY KEY CHECK (id IN (${kinds})),
        current_version INTEGER NOT NULL CHECK (current_version > 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE letter_template_versions (
        template_id TEXT NOT NULL REFERENCES letter_templates (id),
        version INTEGER NOT NULL CHECK (version > 0),
        label TEXT NOT NULL,
        sections TEXT NOT NULL CHECK (json_valid(sections) AND json_type(sections) = 'array'),
        created_at TEXT NOT NULL,
        PRIMARY KEY (template_id, version)
      );
      CREATE TRIGGER letter_template_versions_no_update BEFORE UPDATE ON letter_template_versions
      BEGIN ${raise('TEMPLATE_VERSION_FINAL', 'a template version is never changed: save a new one')}; END;
      CREATE TRIGGER letter_template_versions_no_delete BEFORE DELETE ON letter_template_versions
      BEGIN ${raise('TEMPLATE_VERSION_FINAL', 'a template version is never deleted')}; END;

      CREATE TABLE letters (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        kind TEXT NOT NULL CHECK (kind IN (${kinds})),
        template_version INTEGER NOT NULL,
        recipient TEXT CHECK (recipient IS NULL OR json_valid(recipient)),
        consent_id TEXT,
        letter_date TEXT NOT NULL,
        sections TEXT NOT NULL CHECK (json_valid(sections) AND json_type(sections) = 'array'),
        omitted TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(omitted) AND json_type(omitted) = 'array'),
        status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'signed')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        signed_at TEXT,
        signed_by TEXT,
        content_hash TEXT,
        version INTEGER NOT NULL DEFAULT 1 CHECK (version > 0),
        FOREIGN KEY (kind, template_version) REFERENCES letter_template_versions (template_id, version),
        CHECK ((status = 'signed') = (signed_at IS NOT NULL)),
        CHECK ((signed_at IS NULL) = (signed_by IS NULL)),
        CHECK ((signed_at IS NULL) = (content_hash IS NULL)),
        -- Only a letter to the patient has no recipient.
        CHECK ((kind = 'patient') = (recipient IS NULL))
      );
      -- letters:list: one patient's letters, newest first.
      CREATE INDEX letters_by_patient ON letters (patient_id, letter_date, seq);

      CREATE TRIGGER letters_signed_no_update BEFORE UPDATE ON letters WHEN OLD.status = 'signed'
      BEGIN ${raise('LETTER_SIGNED', 'a signed letter cannot be changed')}; END;
      CREATE TRIGGER letters_signed_no_delete BEFORE DELETE ON letters WHEN OLD.status = 'signed'
      BEGIN ${raise('LETTER_SIGNED', 'a signed letter cannot be deleted')}; END;
      CREATE TRIGGER letters_sign_only BEFORE UPDATE ON letters
      WHEN OLD.status = 'draft' AND NEW.status = 'signed'
        AND (NEW.id IS NOT OLD.id OR NEW.patient_id IS NOT OLD.patient_id OR NEW.kind IS NOT OLD.kind
          OR NEW.template_version IS NOT OLD.template_version OR NEW.recipient IS NOT OLD.recipient
          OR NEW.consent_id IS NOT OLD.consent_id OR NEW.letter_date IS NOT OLD.letter_date
          OR NEW.sections IS NOT OLD.sections OR NEW.omitted IS NOT OLD.omitted)
      BEGIN ${raise('LETTER_SIGNED', 'signing changes nothing but the signature')}; END;

      CREATE TABLE letter_addenda (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        letter_id TEXT NOT NULL REFERENCES letters (id),
        text TEXT NOT NULL,
        created_at TEXT NOT NULL,
        signed_by TEXT NOT NULL,
        content_hash TEXT NOT NULL
      );
      CREATE INDEX letter_addenda_by_letter ON letter_addenda (letter_id, seq);
      CREATE TRIGGER letter_addenda_only_on_signed BEFORE INSERT ON letter_addenda
      WHEN (SELECT status FROM letters WHERE id = NEW.letter_id) IS NOT 'signed'
      BEGIN ${raise('LETTER_NOT_SIGNED', 'only a signed letter takes addenda')}; END;
      CREATE TRIGGER letter_addenda_no_update BEFORE UPDATE ON letter_addenda
      BEGIN ${raise('LETTER_SIGNED', 'an addendum cannot be changed')}; END;
      CREATE TRIGGER letter_addenda_no_delete BEFORE DELETE ON letter_addenda
      BEGIN ${raise('LETTER_SIGNED', 'an addendum cannot be deleted')}; END;

      CREATE TABLE letter_sendings (
        seq INTEGER PRIMARY KEY,
        letter_id TEXT NOT NULL REFERENCES letters (id),
        sent_at TEXT NOT NULL,
        -- The disclosure recorded with it (the accounting of disclosures); null for a letter the patient received.
        disclosure_id TEXT,
        recipient_name TEXT NOT NULL
      );
      CREATE INDEX letter_sendings_by_letter ON letter_sendings (letter_id, seq);
      CREATE TRIGGER letter_sendings_only_signed BEFORE INSERT ON letter_sendings
      WHEN (SELECT status FROM letters WHERE id = NEW.letter_id) IS NOT 'signed'
      BEGIN ${raise('LETTER_NOT_SIGNED', 'only a signed letter is sent')}; END;
      CREATE TRIGGER letter_sendings_no_update BEFORE UPDATE ON letter_sendings
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a sending is never changed')}; END;
      CREATE TRIGGER letter_sendings_no_delete BEFORE DELETE ON letter_sendings
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'a sending is never deleted')}; END;
    `);
    // Seeded at this fixed instant so every vault holds the same version 1.
    const seededAt = '2026-01-01T00:00:00.000Z';
    const template = db.prepare(`INSERT INTO letter_templates (id, current_version, created_at, updated_at) VALUES ($id, 1, $at, $at)`);
    const version = db.prepare(
      `INSERT INTO letter_template_versions (template_id, version, label, sections, created_at) VALUES ($id, 1, $label, $sections, $at)`,
    );
    for (const id of LETTER_KINDS) {
      const definition = LETTER_TEMPLATE_DEFINITIONS[id];
      template.run({ id, at: seededAt });
      version.run({ id, label: definition.label, sections: JSON.stringify(definition.sections), at: seededAt });
    }
  },
};
