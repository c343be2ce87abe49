/**
 * The practice's note templates. Creating one writes version 1 under a new id; saving an edit writes
 * a new version beside the old ones, which stay as they were for the notes written with them
 * (migration 0013's triggers refuse any change to a saved version, and since 0021 a note can only
 * name a saved version). Archiving hides a template from "New note" and keeps every version. Names
 * differ among the templates in use, so "New note" never offers two alike. Each of these writes is
 * an audit entry of the practice's (no patient's). Runs only inside the worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import {
  noteSectionSchema,
  sameNamedTemplate,
  TEMPLATE_MESSAGES,
  type NoteTemplateRecord,
  type TemplateCreateInput,
  type TemplateDefinition,
  type TemplateSaveInput,
} from '../../../shared/note-templates';
import type { AuditLog } from '../audit/repository';

type TemplateRow = {
  id: string;
  current_version: number;
  archived_at: string | null;
  updated_at: string;
  label: string;
  description: string;
  sections: string;
};

const CONFLICT_MESSAGE = 'This template was saved elsewhere since you opened it. It now shows the latest version.';

/** A version's sections as stored; a row that does not read as sections is a fault, said plainly. */
function parseSections(json: string): TemplateDefinition['sections'] {
  const parsed = noteSectionSchema.array().safeParse(JSON.parse(json));
  if (!parsed.success) throw new AppError('INTERNAL', 'A saved template version could not be read.');
  return parsed.data;
}

const INSERT_VERSION = `INSERT INTO note_template_versions (template_id, version, label, description, sections, created_at)
  VALUES ($id, $version, $label, $description, $sections, $now)`;

export class NoteTemplatesRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #versions = new Map<string, TemplateDefinition>();

  constructor(db: Database, audit: AuditLog) {
    this.#db = db;
    this.#audit = audit;
  }

  /** Every template at its current version, archived ones last. */
  list(): NoteTemplateRecord[] {
    return this.#db
      .prepare(
        `SELECT t.id, t.current_version, t.archived_at, t.updated_at, v.label, v.description, v.sections
         FROM note_templates t JOIN note_template_versions v ON v.template_id = t.id AND v.version = t.current_version
         ORDER BY t.archived_at IS NOT NULL, t.rowid`,
      )
      .all<TemplateRow>()
      .map((row) => ({
        id: row.id,
        version: row.current_version,
        archived: row.archived_at !== null,
        updatedAt: row.updated_at,
        label: row.label,
        description: row.description,
        sections: parseSections(row.sections),
      }));
  }

  /** The current version of a template, refused when it is archived and `forNewNote`. */
  current(id: string, forNewNote: boolean): { version: number; definition: TemplateDefinition } {
    const row = this.#db
      .prepare('SELECT current_version, archived_at FROM note_templates WHERE id = $id')
      .get<{ current_version: number; archived_at: string | null }>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no such template.');
    if (forNewNote && row.archived_at !== null)
      throw new AppError('INVALID_INPUT', 'This template is archived. Restore it in Settings, or choose another.');
    return { version: row.current_version, definition: this.version(id, row.current_version) };
  }

  /** One saved version; versions never change, so each is read once per connection. */
  version(id: string, version: number): TemplateDefinition {
    const key = `${id}\u0000${version}`;
    const cached = this.#versions.get(key);
    if (cached) return cached;
    const row = this.#db
      .prepare('SELECT label, description, sections FROM note_template_versions WHERE template_id = $id AND version = $version')
      .get<{ label: string; description: string; sections: string }>({ id, version });
    if (!row) throw new AppError('NOT_FOUND', 'This note’s template version is missing from the vault.');
    const definition = { label: row.label, description: row.description, sections: parseSections(row.sections) };
    this.#versions.set(key, definition);
    return definition;
  }

  /** A new template of the practice's own: version 1 under a new id, offered for new notes at once. */
  create(input: TemplateCreateInput, now: string): NoteTemplateRecord {
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#refuseTakenName(input.label, null);
      this.#db
        .prepare('INSERT INTO note_templates (id, current_version, created_at, updated_at) VALUES ($id, 1, $now, $now)')
        .run({ id, now });
      this.#db.prepare(INSERT_VERSION).run({
        id,
        version: 1,
        label: input.label,
        description: input.description,
        sections: JSON.stringify(input.sections),
        now,
      });
      this.#audited(now, 'template.create', id);
    })();
    return this.#record(id);
  }

  /** Saves an edit as the next version. A field keeps its key across versions, so copy forward finds it. */
  save(input: TemplateSaveInput, now: string): NoteTemplateRecord {
    this.#db.transaction(() => {
      const current = this.current(input.id, false);
      if (current.version !== input.baseVersion) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
      this.#refuseTakenName(input.label, input.id);
      // After a conflict between two devices the version in use may be an earlier one than the last saved.
      const next = this.#lastVersion(input.id) + 1;
      this.#db.prepare(INSERT_VERSION).run({
        id: input.id,
        version: next,
        label: input.label,
        description: input.description,
        sections: JSON.stringify(input.sections),
        now,
      });
      const result = this.#db
        .prepare('UPDATE note_templates SET current_version = $next, updated_at = $now WHERE id = $id AND current_version = $base')
        .run({ id: input.id, next, base: input.baseVersion, now });
      if (result.changes === 0) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
      this.#audited(now, 'template.edit', input.id);
    })();
    return this.#record(input.id);
  }

  /** Archives a template (no longer offered for new notes; notes written with it keep it) or brings it back. */
  setArchived(id: string, archived: boolean, now: string): NoteTemplateRecord {
    this.#db.transaction(() => {
      this.current(id, false);
      const record = this.#record(id);
      if (record.archived === archived) return;
      if (archived && this.list().filter((template) => !template.archived).length === 1)
        throw new AppError('INVALID_INPUT', 'Keep at least one template for new notes.');
      if (!archived && sameNamedTemplate(record.label, this.list(), id))
        throw new AppError('INVALID_INPUT', TEMPLATE_MESSAGES.restoreDuplicate(record.label));
      this.#db
        .prepare('UPDATE note_templates SET archived_at = $archivedAt, updated_at = $now WHERE id = $id')
        .run({ id, archivedAt: archived ? now : null, now });
      this.#audited(now, archived ? 'template.archive' : 'template.restore', id);
    })();
    return this.#record(id);
  }

  /** The highest version saved of a template, which need not be the one in use (see sync conflicts). */
  #lastVersion(id: string): number {
    return (
      this.#db.prepare('SELECT max(version) FROM note_template_versions WHERE template_id = $id', { pluck: true }).get<number>({ id }) ?? 0
    );
  }

  /** Refuses a name a template in use already has (`exceptId` is the template being renamed). */
  #refuseTakenName(label: string, exceptId: string | null): void {
    const taken = sameNamedTemplate(label, this.list(), exceptId);
    if (taken)
      throw new AppError('INVALID_INPUT', TEMPLATE_MESSAGES.duplicateName(taken.label), [
        { path: 'label', message: TEMPLATE_MESSAGES.duplicateName(taken.label) },
      ]);
  }

  #audited(now: string, action: 'template.create' | 'template.edit' | 'template.archive' | 'template.restore', id: string): void {
    this.#audit.append(now, { action, recordType: 'note-template', recordId: id, patientId: null });
  }

  #record(id: string): NoteTemplateRecord {
    const record = this.list().find((template) => template.id === id);
    if (!record) throw new AppError('NOT_FOUND', 'There is no such template.');
    return record;
  }
}
