import type { Migration } from './migration';
import { NOTE_TEMPLATE_DEFINITIONS, NOTE_TEMPLATES } from '../../../shared/note';
import { raise } from '../schema-guards';

/**
 * Note templates the practice edits, and copy forward.
 *
 * A template keeps every version it ever had: `note_template_versions` rows are never changed or
 * deleted (the triggers hold to that), and a note records the version it was begun with, so an old
 * note always renders with the sections it was written in. The five templates Alliance shipped
 * become version 1 of seeded templates under the same ids, which is what every existing note's
 * `template` already names: existing notes take `template_version` 1 from the column's default,
 * without touching a signed row.
 *
 * A draft copied forward from a signed note names that note, and each field still exactly as copied
 * is marked, so the marker outlives a reload until the clinician edits its section.
 */
export const migration0013NoteTemplates: Migration = {
  version: 13,
  name: 'note-templates',
  up(db) {
    db.exec(`
      CREATE TABLE note_templates (
        id TEXT PRIMARY KEY,
        current_version INTEGER NOT NULL CHECK (current_version > 0),
        archived_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE note_template_versions (
        template_id TEXT NOT NULL REFERENCES note_templates (id),
        version INTEGER NOT NULL CHECK (version > 0),
        label TEXT NOT NULL,
        description TEXT NOT NULL,
        sections TEXT NOT NULL CHECK (json_valid(sections) AND json_type(sections) = 'array'),
        created_at TEXT NOT NULL,
        PRIMARY KEY (template_id, version)
      );
      CREATE TRIGGER note_template_versions_no_update BEFORE UPDATE ON note_template_versions
      BEGIN ${raise('TEMPLATE_VERSION_FINAL', 'a template version is never changed: save a new one')}; END;
      CREATE TRIGGER note_template_versions_no_delete BEFORE DELETE ON note_template_versions
      BEGIN ${raise('TEMPLATE_VERSION_FINAL', 'a template version is never deleted')}; END;

      ALTER TABLE notes ADD COLUMN template_version INTEGER NOT NULL DEFAULT 1 CHECK (template_version > 0);
      ALTER TABLE notes ADD COLUMN copied_from TEXT REFERENCES notes (id);
      ALTER TABLE note_fields ADD COLUMN copied INTEGER NOT NULL DEFAULT 0 CHECK (copied IN (0, 1));
      -- notes:lastSigned: a patient's signed notes, newest service date first.
      CREATE INDEX notes_signed_by_patient ON notes (patient_id, service_date) WHERE status = 'signed';
      -- Signing changes nothing but the signature: the template version included.
      CREATE TRIGGER notes_sign_keeps_template BEFORE UPDATE ON notes
      WHEN OLD.status = 'draft' AND NEW.status = 'signed' AND NEW.template_version IS NOT OLD.template_version
      BEGIN ${raise('NOTE_SIGNED', 'signing changes nothing but the signature')}; END;
    `);
    // Seeded at this fixed instant so every vault holds the same version 1.
    const seededAt = '2026-01-01T00:00:00.000Z';
    const template = db.prepare(`INSERT INTO note_templates (id, current_version, created_at, updated_at) VALUES ($id, 1, $at, $at)`);
    const version = db.prepare(
      `INSERT INTO note_template_versions (template_id, version, label, description, sections, created_at)
       VALUES ($id, 1, $label, $description, $sections, $at)`,
    );
    for (const id of NOTE_TEMPLATES) {
      const definition = NOTE_TEMPLATE_DEFINITIONS[id];
      template.run({ id, at: seededAt });
      version.run({
        id,
        label: definition.label,
        description: definition.description,
        sections: JSON.stringify(definition.sections),
        at: seededAt,
      });
    }
  },
};
