/**
 * Session notes: drafts, signing, addenda. Signed notes are final here and in the schema's triggers
 * (migration 0007). Every note read, every draft saved (once per sitting), every signature and every
 * addendum goes to the audit log; the search index follows each write. Runs only inside the worker.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import type { AppointmentKind, OccurrenceRef } from '../../../shared/appointment';
import { AppError } from '../../../shared/errors';
import {
  brokenLines,
  invalidChoices,
  isEmptyNote,
  signedText,
  templateFields,
  unknownFields,
  type Addendum,
  type Note,
  type NoteFields,
  type NoteSummary,
  type TemplateDefinition,
} from '../../../shared/note';
import { instantToLocal } from '../../../shared/recurrence';
import { indexNote, unindexNote } from '../search/search-index';
import type { AppointmentsRepository } from '../calendar/appointments';
import type { AuditLog } from '../audit/repository';
import type { PatientsRepository } from '../patients/repository';
import { NoteTemplatesRepository } from './templates';

/** The time and the practice's zone: the worker has neither of its own. */
export type ClinicalContext = { now: string; timeZone: string };

type NoteRow = {
  seq: number;
  id: string;
  patient_id: string;
  appointment_id: string | null;
  template: string;
  template_version: number;
  copied_from: string | null;
  copied_from_date: string | null;
  service_date: string;
  status: 'draft' | 'signed';
  created_at: string;
  updated_at: string;
  signed_at: string | null;
  signed_by: string | null;
  content_hash: string | null;
  version: number;
  session_start: string | null;
  session_end: string | null;
  session_kind: AppointmentKind | null;
};

type AddendumRow = { id: string; note_id: string; text: string; created_at: string; signed_by: string };

const PREVIEW_LENGTH = 240;

const NOTE_COLUMNS = `n.*, a.start_utc AS session_start, a.end_utc AS session_end, a.kind AS session_kind,
  (SELECT c.service_date FROM notes c WHERE c.id = n.copied_from) AS copied_from_date`;
const NOTE_FROM = `notes n LEFT JOIN appointments a ON a.id = n.appointment_id`;

/** One page of a patient's notes, newest service date first, from notes_by_patient. */
export const NOTES_PAGE_SQL = `
  SELECT ${NOTE_COLUMNS} FROM ${NOTE_FROM}
  WHERE n.patient_id = $patientId AND (n.service_date < $afterDate OR (n.service_date = $afterDate AND n.id < $afterId))
  ORDER BY n.service_date DESC, n.id DESC LIMIT $limit`;

const CONFLICT_MESSAGE = 'This note was saved elsewhere since you opened it. It now shows the latest version.';
const SIGNED_MESSAGE = 'This note is signed, so it cannot be changed. Add an addendum instead.';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function session(row: NoteRow): Note['session'] {
  if (row.appointment_id === null || row.session_start === null || row.session_end === null || row.session_kind === null) return null;
  return { appointmentId: row.appointment_id, start: row.session_start, end: row.session_end, kind: row.session_kind };
}

/** The first words of the note in its template's order, on one line. */
function preview(definition: TemplateDefinition, fields: NoteFields): string {
  for (const field of templateFields(definition)) {
    const text = (fields[field.key] ?? '').replace(/\s+/g, ' ').trim();
    if (text === '') continue;
    const labelled = field.kind === 'text' ? text : `${field.label}: ${text}`;
    return labelled.length > PREVIEW_LENGTH ? `${labelled.slice(0, PREVIEW_LENGTH - 1).trimEnd()}…` : labelled;
  }
  return '';
}

export class NotesRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;
  readonly #appointments: AppointmentsRepository;
  /** The practice's templates and their versions. */
  readonly templates: NoteTemplatesRepository;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository, appointments: AppointmentsRepository) {
    this.#db = db;
    this.templates = new NoteTemplatesRepository(db, audit);
    this.#audit = audit;
    this.#patients = patients;
    this.#appointments = appointments;
  }

  list(patientId: string, limit: number, after: { serviceDate: string; id: string } | null): { notes: NoteSummary[]; more: boolean } {
    this.#patients.require(patientId);
    const rows = this.#db.prepare(NOTES_PAGE_SQL).all<NoteRow>({
      patientId,
      // Past the end of any date and id: the first page.
      afterDate: after?.serviceDate ?? '9999-12-31',
      afterId: after?.id ?? '~',
      limit: limit + 1,
    });
    const page = rows.slice(0, limit);
    return { notes: this.#summaries(page), more: rows.length > limit };
  }

  /** Every note of the patient, for the timeline. */
  all(patientId: string): NoteSummary[] {
    return this.#summaries(
      this.#db
        .prepare(`SELECT ${NOTE_COLUMNS} FROM ${NOTE_FROM} WHERE n.patient_id = $patientId ORDER BY n.service_date DESC, n.id DESC`)
        .all<NoteRow>({ patientId }),
    );
  }

  /** Every signed note of the patient with its addenda, oldest first, for a copy of the record; the export records its own audit entry. */
  signed(patientId: string): Note[] {
    return this.#db
      .prepare("SELECT id FROM notes WHERE patient_id = $patientId AND status = 'signed' ORDER BY service_date, seq", { pluck: true })
      .all<string>({ patientId })
      .map((id) => this.#note(id));
  }

  draftCount(patientId: string): number {
    return Number(
      this.#db.prepare("SELECT count(*) FROM notes WHERE patient_id = $patientId AND status = 'draft'", { pluck: true }).get({ patientId }),
    );
  }

  /** The whole note, recorded in the audit log as read. */
  read(id: string, now: string): Note {
    const note = this.#note(id);
    this.#audit.read(now, { action: 'note.read', recordType: 'note', recordId: id, patientId: note.patientId });
    return note;
  }

  forSession(ref: OccurrenceRef): NoteSummary | null {
    let appointmentId: string;
    if (ref.type === 'single') appointmentId = ref.id;
    else {
      const stored = this.#db
        .prepare('SELECT id FROM appointments WHERE series_id = $seriesId AND original_start = $slot', { pluck: true })
        .get<string>({ seriesId: ref.seriesId, slot: ref.originalStart });
      if (stored === undefined) return null;
      appointmentId = stored;
    }
    const row = this.#db
      .prepare(`SELECT ${NOTE_COLUMNS} FROM ${NOTE_FROM} WHERE n.appointment_id = $appointmentId`)
      .get<NoteRow>({ appointmentId });
    return row ? (this.#summaries([row])[0] ?? null) : null;
  }

  /** The patient's latest signed note, offered to copy forward. */
  lastSigned(patientId: string): { id: string; serviceDate: string; template: string; templateName: string } | null {
    this.#patients.require(patientId);
    const row = this.#db
      .prepare(
        `SELECT id, service_date, template, template_version FROM notes
         WHERE patient_id = $patientId AND status = 'signed' ORDER BY service_date DESC, signed_at DESC LIMIT 1`,
      )
      .get<{ id: string; service_date: string; template: string; template_version: number }>({ patientId });
    if (!row) return null;
    return {
      id: row.id,
      serviceDate: row.service_date,
      template: row.template,
      templateName: this.templates.version(row.template, row.template_version).label,
    };
  }

  create(
    input: { patientId: string; template: string; session: OccurrenceRef | null; serviceDate: string | null; copyFrom?: string | null },
    context: ClinicalContext,
  ): Note {
    this.#patients.require(input.patientId);
    const { version: templateVersion, definition } = this.templates.current(input.template, true);
    const today = instantToLocal(new Date(context.now), context.timeZone).slice(0, 10);
    const id = randomUUID();
    this.#db.transaction(() => {
      let appointmentId: string | null = null;
      let serviceDate = input.serviceDate ?? today;
      if (input.session) {
        const appointment = this.#appointments.get(input.session);
        if (appointment.patientId !== input.patientId) throw new AppError('INVALID_INPUT', 'This session belongs to another patient.');
        const sessionDay = instantToLocal(new Date(appointment.start), context.timeZone).slice(0, 10);
        if (sessionDay > today) throw new AppError('INVALID_INPUT', 'This session has not happened yet. Write its note on the day.');
        const existing = this.forSession(input.session);
        if (existing) throw new AppError('CONFLICT', 'This session already has a note. Open it from the session.');
        appointmentId = this.#appointments.store(input.session, context.now);
        serviceDate = input.serviceDate ?? sessionDay;
      }
      if (serviceDate > today)
        throw new AppError('INVALID_INPUT', 'The date of service must be today or earlier.', [
          { path: 'serviceDate', message: 'Today or earlier' },
        ]);
      const copied = input.copyFrom ? this.#copyable(input.copyFrom, input.patientId, definition) : null;
      this.#db
        .prepare(
          `INSERT INTO notes (id, patient_id, appointment_id, template, template_version, service_date, status, created_at, updated_at,
             version, copied_from)
           VALUES ($id, $patientId, $appointmentId, $template, $templateVersion, $serviceDate, 'draft', $now, $now, 1, $copiedFrom)`,
        )
        .run({
          id,
          patientId: input.patientId,
          appointmentId,
          template: input.template,
          templateVersion,
          serviceDate,
          now: context.now,
          copiedFrom: copied ? (input.copyFrom ?? null) : null,
        });
      if (copied) {
        const insert = this.#db.prepare('INSERT INTO note_fields (note_id, key, text, copied) VALUES ($id, $key, $text, 1)');
        for (const [key, text] of Object.entries(copied)) insert.run({ id, key, text });
      }
      indexNote(this.#db, this.#seq(id));
      this.#audit.append(context.now, { action: 'note.create', recordType: 'note', recordId: id, patientId: input.patientId });
      if (copied && input.copyFrom)
        this.#audit.append(context.now, {
          action: 'note.copy-forward',
          recordType: 'note',
          recordId: input.copyFrom,
          patientId: input.patientId,
        });
    })();
    return this.#note(id);
  }

  /** Replaces a draft's fields with what the editor holds now. */
  /**
   * Replaces a draft's fields with what the editor holds now. `copiedKeys` are the fields the editor
   * still shows as copied forward; a field keeps that mark only if it had it, so nothing typed here
   * can pass for copied.
   */
  saveDraft(
    id: string,
    version: number,
    fields: NoteFields,
    serviceDate: string,
    now: string,
    copiedKeys: readonly string[] = [],
  ): { version: number; updatedAt: string } {
    const row = this.#row(id);
    if (row.status === 'signed') throw new AppError('NOTE_SIGNED', SIGNED_MESSAGE);
    if (row.version !== version) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    this.#refuseUnknownFields(this.#definition(row), fields);
    const stillCopied = new Set(copiedKeys);
    const before = this.#fields(id);
    const wasCopied = new Set(this.#copiedKeys(id));
    const keepsMark = (key: string, text: string) => stillCopied.has(key) && wasCopied.has(key) && before[key] === text;
    this.#db.transaction(() => {
      const result = this.#db
        .prepare(
          `UPDATE notes SET service_date = $serviceDate, updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version AND status = 'draft'`,
        )
        .run({ id, version, serviceDate, now });
      if (result.changes === 0) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
      this.#db.prepare('DELETE FROM note_fields WHERE note_id = $id').run({ id });
      const insert = this.#db.prepare('INSERT INTO note_fields (note_id, key, text, copied) VALUES ($id, $key, $text, $copied)');
      for (const [key, text] of Object.entries(fields))
        if (text.trim() !== '') insert.run({ id, key, text, copied: keepsMark(key, text) ? 1 : 0 });
      indexNote(this.#db, row.seq);
      this.#audit.touch(now, { action: 'note.draft-save', recordType: 'note', recordId: id, patientId: row.patient_id });
    })();
    return { version: version + 1, updatedAt: now };
  }

  discardDraft(id: string, version: number, now: string): void {
    const row = this.#row(id);
    if (row.status === 'signed') throw new AppError('NOTE_SIGNED', 'This note is signed; a signed note is never discarded.');
    if (row.version !== version) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    this.#db.transaction(() => {
      unindexNote(this.#db, row.seq);
      this.#db.prepare('DELETE FROM note_fields WHERE note_id = $id').run({ id });
      this.#db.prepare("DELETE FROM notes WHERE id = $id AND status = 'draft'").run({ id });
      this.#audit.append(now, { action: 'note.draft-discard', recordType: 'note', recordId: id, patientId: row.patient_id });
    })();
  }

  /** Makes the note final: its text, hashed, under the signer's name and the time. */
  sign(id: string, version: number, signedBy: string, now: string): Note {
    const row = this.#row(id);
    if (row.status === 'signed') throw new AppError('NOTE_SIGNED', 'This note is already signed.');
    if (row.version !== version) throw new AppError('CONFLICT', `${CONFLICT_MESSAGE} Read it again before signing.`);
    const fields = this.#fields(id);
    if (isEmptyNote(fields)) throw new AppError('INVALID_INPUT', 'This note is empty. Write it before signing.');
    const contentHash = sha256(
      signedText({ template: row.template, serviceDate: row.service_date, fields, definition: this.#definition(row) }),
    );
    this.#db.transaction(() => {
      const result = this.#db
        .prepare(
          `UPDATE notes SET status = 'signed', signed_at = $now, signed_by = $signedBy, content_hash = $contentHash,
             updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version AND status = 'draft'`,
        )
        .run({ id, version, now, signedBy, contentHash });
      if (result.changes === 0) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
      this.#audit.append(now, { action: 'note.sign', recordType: 'note', recordId: id, patientId: row.patient_id });
    })();
    return this.#note(id);
  }

  addAddendum(noteId: string, text: string, signedBy: string, now: string): Note {
    const row = this.#row(noteId);
    if (row.status !== 'signed')
      throw new AppError('INVALID_INPUT', 'A draft is still open to changes: edit it instead of adding an addendum.');
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO note_addenda (id, note_id, text, created_at, signed_by, content_hash)
           VALUES ($id, $noteId, $text, $now, $signedBy, $contentHash)`,
        )
        .run({ id, noteId, text, now, signedBy, contentHash: sha256(text) });
      indexNote(this.#db, row.seq);
      this.#audit.append(now, { action: 'note.addendum', recordType: 'addendum', recordId: id, patientId: row.patient_id });
    })();
    return this.#note(noteId);
  }

  printed(id: string, now: string): void {
    const row = this.#row(id);
    if (row.status !== 'signed') throw new AppError('INVALID_INPUT', 'Only a signed note is printed.');
    this.#audit.append(now, { action: 'note.print', recordType: 'note', recordId: id, patientId: row.patient_id });
  }

  /**
   * The signed note's fields that fit a draft of `definition`: the same keys, and a single line only
   * where the new template wants one. Refused when it is not this patient's signed note.
   */
  #copyable(sourceId: string, patientId: string, definition: TemplateDefinition): NoteFields {
    const source = this.#db.prepare('SELECT patient_id, status FROM notes WHERE id = $id').get<{ patient_id: string; status: string }>({
      id: sourceId,
    });
    if (!source || source.patient_id !== patientId) throw new AppError('NOT_FOUND', 'There is no such note in this chart to copy forward.');
    if (source.status !== 'signed') throw new AppError('INVALID_INPUT', 'Only a signed note is copied forward.');
    const fields = this.#fields(sourceId);
    const copied: NoteFields = {};
    for (const field of templateFields(definition)) {
      const text = fields[field.key];
      if (text === undefined || text.trim() === '') continue;
      if (field.kind === 'choice' && !field.options?.includes(text)) continue;
      copied[field.key] = text;
    }
    for (const key of brokenLines(definition, copied)) delete copied[key];
    return copied;
  }

  #copiedKeys(id: string): string[] {
    return this.#db
      .prepare('SELECT key FROM note_fields WHERE note_id = $id AND copied = 1 ORDER BY key', { pluck: true })
      .all<string>({ id });
  }

  #definition(row: Pick<NoteRow, 'template' | 'template_version'>): TemplateDefinition {
    return this.templates.version(row.template, row.template_version);
  }

  #refuseUnknownFields(definition: TemplateDefinition, fields: NoteFields): void {
    const unknown = unknownFields(definition, fields);
    if (unknown.length > 0) {
      throw new AppError('INVALID_INPUT', `A ${definition.label} note has no field ${unknown.join(', ')}.`);
    }
    const lines = brokenLines(definition, fields);
    if (lines.length > 0)
      throw new AppError(
        'INVALID_INPUT',
        'This field holds a single line.',
        lines.map((key) => ({ path: `fields.${key}`, message: 'A single line, without line breaks' })),
      );
    const choices = invalidChoices(definition, fields);
    if (choices.length > 0)
      throw new AppError(
        'INVALID_INPUT',
        'Choose one of the offered answers.',
        choices.map((key) => ({ path: `fields.${key}`, message: 'Choose one of the offered answers' })),
      );
  }

  #row(id: string): NoteRow {
    const row = this.#db.prepare(`SELECT ${NOTE_COLUMNS} FROM ${NOTE_FROM} WHERE n.id = $id`).get<NoteRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no note with this id.');
    return row;
  }

  #seq(id: string): number {
    return this.#row(id).seq;
  }

  #fields(id: string): NoteFields {
    const fields: NoteFields = {};
    for (const { key, text } of this.#db
      .prepare('SELECT key, text FROM note_fields WHERE note_id = $id')
      .all<{ key: string; text: string }>({ id }))
      fields[key] = text;
    return fields;
  }

  #note(id: string): Note {
    const row = this.#row(id);
    const addenda: Addendum[] = this.#db
      .prepare('SELECT id, note_id, text, created_at, signed_by FROM note_addenda WHERE note_id = $id ORDER BY seq')
      .all<AddendumRow>({ id })
      .map((a) => ({ id: a.id, noteId: a.note_id, text: a.text, createdAt: a.created_at, signedBy: a.signed_by }));
    return {
      id: row.id,
      patientId: row.patient_id,
      template: row.template,
      templateVersion: row.template_version,
      definition: this.#definition(row),
      serviceDate: row.service_date,
      session: session(row),
      fields: this.#fields(id),
      status: row.status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      signedAt: row.signed_at,
      signedBy: row.signed_by,
      contentHash: row.content_hash,
      addenda,
      version: row.version,
      copiedFrom:
        row.copied_from !== null && row.copied_from_date !== null ? { noteId: row.copied_from, serviceDate: row.copied_from_date } : null,
      copiedKeys: row.status === 'draft' ? this.#copiedKeys(id) : [],
    };
  }

  /** Summaries with their previews and addendum counts: two queries for the whole page. */
  #summaries(rows: NoteRow[]): NoteSummary[] {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const placeholders = ids.map(() => '?').join(', ');
    const fields = new Map<string, NoteFields>();
    for (const { note_id, key, text } of this.#db
      .prepare(`SELECT note_id, key, substr(text, 1, ${PREVIEW_LENGTH + 40}) AS text FROM note_fields WHERE note_id IN (${placeholders})`)
      .all<{ note_id: string; key: string; text: string }>(ids)) {
      const note = fields.get(note_id) ?? {};
      note[key] = text;
      fields.set(note_id, note);
    }
    const addenda = new Map<string, number>(
      this.#db
        .prepare(`SELECT note_id, count(*) AS n FROM note_addenda WHERE note_id IN (${placeholders}) GROUP BY note_id`)
        .all<{ note_id: string; n: number }>(ids)
        .map((row) => [row.note_id, Number(row.n)]),
    );
    return rows.map((row) => ({
      id: row.id,
      patientId: row.patient_id,
      template: row.template,
      serviceDate: row.service_date,
      session: session(row),
      status: row.status,
      updatedAt: row.updated_at,
      signedAt: row.signed_at,
      signedBy: row.signed_by,
      preview: preview(this.#definition(row), fields.get(row.id) ?? {}),
      addendumCount: addenda.get(row.id) ?? 0,
      templateName: this.#definition(row).label,
    }));
  }
}
