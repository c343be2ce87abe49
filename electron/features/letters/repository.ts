/**
 * Letters: begun from a template and the chart, edited as drafts, signed, amended by addenda, sent.
 * Signed letters are final here and in the schema's triggers (migration 0027). A letter to anyone but
 * the patient is written to the recipient of one of the patient's consents: its pre-fill leaves out
 * what that consent does not cover, a draft cannot gain it back, and sending records the disclosure in
 * the same transaction (or is refused). Every write is an audit entry. Runs only inside the worker.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import { z } from 'zod';
import { RECORD_PARTS, partsNotCovered, type Consent, type RecordPart } from '../../../shared/consents';
import { AppError } from '../../../shared/errors';
import {
  LETTER_MESSAGES,
  letterFormats,
  letterParts,
  letterRecipientSchema,
  letterSectionSchema,
  letterTemplateSectionSchema,
  letterText,
  omissionReason,
  omittedSectionSchema,
  prefillLetter,
  type Letter,
  type LetterChart,
  type LetterCreateInput,
  type LetterDraftInput,
  type LetterKind,
  type LetterListItem,
  type LetterTemplate,
  type LetterTemplateDefinition,
  type LetterTemplateSaveInput,
} from '../../../shared/letters';
import { deriveMedications } from '../../../shared/medication';
import { signedText } from '../../../shared/note';
import { instantToLocal } from '../../../shared/recurrence';
import type { AuditLog } from '../audit/repository';
import type { SessionReader } from '../calendar/sessions';
import type { DiagnosesRepository } from '../diagnoses/repository';
import type { FeedbackRepository } from '../feedback/repository';
import type { MedicationsRepository } from '../medications/repository';
import type { NotesRepository } from '../notes/repository';
import type { PatientsRepository } from '../patients/repository';

/** The time, the practice's zone and who signs the letters, as the environment carries them. */
export type LetterContext = { now: string; timeZone: string; clinician: { name: string; credentials: string } };

/** How the letters read a consent: the consents feature's own record of it. */
export type ConsentReader = { get(id: string): Consent };

type LetterRow = {
  seq: number;
  id: string;
  patient_id: string;
  kind: LetterKind;
  template_version: number;
  recipient: string | null;
  consent_id: string | null;
  letter_date: string;
  sections: string;
  omitted: string;
  status: 'draft' | 'signed';
  created_at: string;
  updated_at: string;
  signed_at: string | null;
  signed_by: string | null;
  content_hash: string | null;
  version: number;
};

const CONFLICT_MESSAGE = 'This letter was saved elsewhere since you opened it. It now shows the latest version.';
const TEMPLATE_CONFLICT = 'This template was saved elsewhere since you opened it. It now shows the latest version.';
const DAY_MS = 86_400_000;
/** How far ahead the next appointment is looked for. */
const NEXT_APPOINTMENT_DAYS = 400;
const INSERT_TEMPLATE_VERSION = `INSERT INTO letter_template_versions (template_id, version, label, sections, created_at)
  VALUES ($id, $version, $label, $sections, $now)`;

const planGoalsSchema = z.object({
  goals: z.array(z.object({ patientWords: z.string(), formulation: z.string().default('') }).loose()).default([]),
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function fault(what: string): AppError {
  return new AppError('INTERNAL', `A saved ${what} could not be read.`);
}

function parse<T>(schema: z.ZodType<T>, json: string, what: string): T {
  const parsed = schema.safeParse(JSON.parse(json));
  if (!parsed.success) throw fault(what);
  return parsed.data;
}

export class LettersRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;
  readonly #diagnoses: DiagnosesRepository;
  readonly #medications: MedicationsRepository;
  readonly #feedback: FeedbackRepository;
  readonly #notes: NotesRepository;
  readonly #sessions: SessionReader;
  readonly #consents: ConsentReader;

  constructor(parts: {
    db: Database;
    audit: AuditLog;
    patients: PatientsRepository;
    diagnoses: DiagnosesRepository;
    medications: MedicationsRepository;
    feedback: FeedbackRepository;
    notes: NotesRepository;
    sessions: SessionReader;
    consents: ConsentReader;
  }) {
    this.#db = parts.db;
    this.#audit = parts.audit;
    this.#patients = parts.patients;
    this.#diagnoses = parts.diagnoses;
    this.#medications = parts.medications;
    this.#feedback = parts.feedback;
    this.#notes = parts.notes;
    this.#sessions = parts.sessions;
    this.#consents = parts.consents;
  }

  /* Templates. */

  templates(): LetterTemplate[] {
    return this.#db
      .prepare(
        `SELECT t.id, t.current_version, t.updated_at, v.label, v.sections
         FROM letter_templates t JOIN letter_template_versions v ON v.template_id = t.id AND v.version = t.current_version
         ORDER BY t.rowid`,
      )
      .all<{ id: LetterKind; current_version: number; updated_at: string; label: string; sections: string }>()
      .map((row) => ({
        id: row.id,
        kind: row.id,
        version: row.current_version,
        updatedAt: row.updated_at,
        label: row.label,
        sections: parse(letterTemplateSectionSchema.array(), row.sections, 'letter template'),
      }));
  }

  templateVersion(kind: LetterKind, version: number): LetterTemplateDefinition {
    const row = this.#db
      .prepare('SELECT label, sections FROM letter_template_versions WHERE template_id = $kind AND version = $version')
      .get<{ label: string; sections: string }>({ kind, version });
    if (!row) throw new AppError('NOT_FOUND', 'This letter’s template version is missing from the vault.');
    return { label: row.label, sections: parse(letterTemplateSectionSchema.array(), row.sections, 'letter template') };
  }

  /** Saves an edited template as its next version; letters already begun keep theirs. Audited. */
  saveTemplate(input: LetterTemplateSaveInput, now: string): LetterTemplate {
    this.#db.transaction(() => {
      const current = this.#db
        .prepare('SELECT current_version FROM letter_templates WHERE id = $id', { pluck: true })
        .get<number>({ id: input.id });
      if (current === undefined) throw new AppError('NOT_FOUND', 'There is no such letter template.');
      if (current !== input.baseVersion) throw new AppError('CONFLICT', TEMPLATE_CONFLICT);
      // After a conflict between two devices the version in use may be an earlier one than the last saved.
      const next =
        (this.#db
          .prepare('SELECT max(version) FROM letter_template_versions WHERE template_id = $id', { pluck: true })
          .get<number>({ id: input.id }) ?? current) + 1;
      this.#db.prepare(INSERT_TEMPLATE_VERSION).run({
        id: input.id,
        version: next,
        label: input.label,
        sections: JSON.stringify(input.sections),
        now,
      });
      this.#db
        .prepare('UPDATE letter_templates SET current_version = $next, updated_at = $now WHERE id = $id AND current_version = $base')
        .run({ id: input.id, next, base: current, now });
      this.#audit.append(now, { action: 'letter-template.edit', recordType: 'letter-template', recordId: input.id, patientId: null });
    })();
    const saved = this.templates().find((t) => t.id === input.id);
    if (!saved) throw new AppError('NOT_FOUND', 'There is no such letter template.');
    return saved;
  }

  /* The chart as a letter reads it. */

  /**
   * The chart's data for the parts a letter may carry, and nothing else: a part the recipient's
   * consent does not cover is never read (a note excluded is not even opened).
   */
  chartFor(patientId: string, parts: readonly RecordPart[], context: LetterContext): LetterChart {
    const patient = this.#patients.get(patientId);
    const wants = new Set(parts);
    const chart: LetterChart = {
      patient: { givenName: patient.givenName, familyName: patient.familyName, dateOfBirth: patient.dateOfBirth },
      diagnoses: [],
      medications: [],
      medicationEvents: [],
      measures: [],
      plan: null,
      nextAppointment: null,
      latestNote: null,
    };
    if (wants.has('diagnoses')) chart.diagnoses = this.#diagnoses.current(patientId);
    if (wants.has('medications')) {
      chart.medicationEvents = this.#medications.events(patientId);
      chart.medications = deriveMedications(chart.medicationEvents).current;
    }
    if (wants.has('measures'))
      chart.measures = this.#feedback.measures(patientId).filter((m) => m.instrument === 'phq9' || m.instrument === 'gad7');
    if (wants.has('plan')) {
      chart.plan = this.#plan(patientId);
      const nowMs = Date.parse(context.now);
      const next = this.#sessions
        .ofPatient(patientId, nowMs, nowMs + NEXT_APPOINTMENT_DAYS * DAY_MS, false)
        .find((session) => session.startMs >= nowMs);
      chart.nextAppointment = next ? new Date(next.startMs).toISOString() : null;
    }
    if (wants.has('notes')) {
      const last = this.#notes.lastSigned(patientId);
      if (last) {
        const note = this.#notes.read(last.id, context.now);
        chart.latestNote = {
          serviceDate: note.serviceDate,
          text: signedText({ ...note })
            .split('\n')
            .slice(2)
            .join('\n'),
        };
      }
    }
    return chart;
  }

  /** The plan in force (the last version agreed to), or the version being written when none is. */
  #plan(patientId: string): LetterChart['plan'] {
    const rows = this.#db
      .prepare(
        `SELECT v.status, v.agreement, v.content, v.review_date FROM plan_versions v JOIN treatment_plans p ON p.id = v.plan_id
         WHERE p.patient_id = $patientId ORDER BY v.number DESC`,
      )
      .all<{ status: string; agreement: string | null; content: string; review_date: string }>({ patientId });
    const inForce =
      rows.find((row) => row.status === 'final' && row.agreement !== null && !row.agreement.includes('"method":"declined"')) ?? rows[0];
    if (!inForce) return null;
    const content = parse(planGoalsSchema, inForce.content, 'treatment plan');
    return { goals: content.goals, reviewDate: inForce.review_date };
  }

  /* Letters. */

  list(patientId: string): LetterListItem[] {
    this.#patients.require(patientId);
    const rows = this.#db
      .prepare(
        `SELECT l.*, (SELECT count(*) FROM letter_addenda a WHERE a.letter_id = l.id) AS addendum_count,
           (SELECT count(*) FROM letter_sendings s WHERE s.letter_id = l.id) AS sent_count
         FROM letters l WHERE l.patient_id = $patientId ORDER BY l.letter_date DESC, l.seq DESC`,
      )
      .all<LetterRow & { addendum_count: number; sent_count: number }>({ patientId });
    return rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      recipient: this.#recipient(row),
      letterDate: row.letter_date,
      status: row.status,
      updatedAt: row.updated_at,
      signedAt: row.signed_at,
      signedBy: row.signed_by,
      addendumCount: Number(row.addendum_count),
      sentCount: Number(row.sent_count),
    }));
  }

  /** Every signed letter of the patient with its addenda, oldest first, for a copy of the record. */
  signed(patientId: string): Letter[] {
    return this.#db
      .prepare("SELECT id FROM letters WHERE patient_id = $patientId AND status = 'signed' ORDER BY letter_date, seq", { pluck: true })
      .all<string>({ patientId })
      .map((id) => this.#letter(id));
  }

  /** The whole letter, recorded in the audit log as read. */
  read(id: string, now: string): Letter {
    const letter = this.#letter(id);
    this.#audit.read(now, { action: 'letter.read', recordType: 'letter', recordId: id, patientId: letter.patientId });
    return letter;
  }

  /**
   * Begins a letter from its kind's current template: to the patient, or to the recipient of one of
   * the patient's consents in force, pre-filled with the parts that consent covers.
   */
  create(input: LetterCreateInput, context: LetterContext): Letter {
    const patient = this.#patients.get(input.patientId);
    const today = instantToLocal(new Date(context.now), context.timeZone).slice(0, 10);
    const formats = letterFormats(input.locale, context.timeZone);
    let consent: Consent | null = null;
    if (input.kind === 'patient') {
      if (input.consentId !== null) throw new AppError('INVALID_INPUT', 'A letter to the patient needs no consent.');
    } else {
      if (input.consentId === null) throw new AppError('INVALID_INPUT', LETTER_MESSAGES.consentNeeded);
      consent = this.#consentOf(input.consentId, input.patientId);
      if (partsNotCovered(consent, RECORD_PARTS, today).length === RECORD_PARTS.length)
        throw new AppError('INVALID_INPUT', 'This consent is not in force today, so nothing may be sent under it.');
    }
    const allowed = consent ? RECORD_PARTS.filter((p) => partsNotCovered(consent, [p], today).length === 0) : [...RECORD_PARTS];
    const templateVersion = this.#db
      .prepare('SELECT current_version FROM letter_templates WHERE id = $kind', { pluck: true })
      .get<number>({ kind: input.kind });
    if (templateVersion === undefined) throw new AppError('NOT_FOUND', 'There is no such letter template.');
    const definition = this.templateVersion(input.kind, templateVersion);
    const neededParts = RECORD_PARTS.filter((p) => allowed.includes(p) && definition.sections.some((s) => s.part === p));
    const chart = this.chartFor(input.patientId, neededParts, context);
    const psychiatrist = [context.clinician.name, context.clinician.credentials].filter((s) => s.trim() !== '').join(', ');
    const { sections, omitted } = prefillLetter(definition, chart, {
      today,
      formats,
      allowed,
      why: (part) => (consent ? omissionReason(part, consent, formats) : ''),
      placeholders: {
        patient: `${patient.givenName} ${patient.familyName}`,
        dateOfBirth: formats.date(patient.dateOfBirth),
        psychiatrist: psychiatrist || 'the psychiatrist',
        today: formats.date(today),
        recipient: consent ? consent.recipient.name : `${patient.givenName} ${patient.familyName}`,
      },
    });
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO letters (id, patient_id, kind, template_version, recipient, consent_id, letter_date, sections, omitted, status,
             created_at, updated_at, version)
           VALUES ($id, $patientId, $kind, $templateVersion, $recipient, $consentId, $today, $sections, $omitted, 'draft', $now, $now, 1)`,
        )
        .run({
          id,
          patientId: input.patientId,
          kind: input.kind,
          templateVersion,
          recipient: consent ? JSON.stringify(consent.recipient) : null,
          consentId: consent?.id ?? null,
          today,
          sections: JSON.stringify(sections),
          omitted: JSON.stringify(omitted),
          now: context.now,
        });
      this.#audit.append(context.now, { action: 'letter.create', recordType: 'letter', recordId: id, patientId: input.patientId });
    })();
    return this.#letter(id);
  }

  /** Replaces a draft's section texts; a section the letter does not have (one the consent left out) is refused. */
  saveDraft(input: LetterDraftInput, now: string): { version: number; updatedAt: string } {
    const row = this.#row(input.id);
    if (row.status === 'signed') throw new AppError('NOTE_SIGNED', LETTER_MESSAGES.signed);
    if (row.version !== input.version) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    const sections = this.#sections(row);
    const texts = new Map(input.sections.map((s) => [s.key, s.text]));
    const omitted = new Set(this.#omitted(row).map((o) => o.key));
    for (const key of texts.keys()) {
      if (sections.some((s) => s.key === key)) continue;
      throw new AppError('INVALID_INPUT', omitted.has(key) ? LETTER_MESSAGES.partNotCovered : 'This letter has no such section.', [
        { path: `sections.${key}`, message: omitted.has(key) ? LETTER_MESSAGES.partNotCovered : 'Not a section of this letter' },
      ]);
    }
    const next = sections.map((s) => ({ ...s, text: texts.get(s.key) ?? s.text }));
    let recipient = row.recipient;
    if (input.recipientContact !== null && row.recipient !== null) {
      const current = parse(letterRecipientSchema, row.recipient, 'letter');
      recipient = JSON.stringify({ ...current, contact: input.recipientContact });
    }
    this.#db.transaction(() => {
      const result = this.#db
        .prepare(
          `UPDATE letters SET sections = $sections, recipient = $recipient, updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version AND status = 'draft'`,
        )
        .run({ id: input.id, version: input.version, sections: JSON.stringify(next), recipient, now });
      if (result.changes === 0) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
      this.#audit.touch(now, { action: 'letter.draft-save', recordType: 'letter', recordId: input.id, patientId: row.patient_id });
    })();
    return { version: input.version + 1, updatedAt: now };
  }

  discardDraft(id: string, version: number, now: string): void {
    const row = this.#row(id);
    if (row.status === 'signed') throw new AppError('NOTE_SIGNED', 'This letter is signed; a signed letter is never discarded.');
    if (row.version !== version) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    this.#db.transaction(() => {
      this.#db.prepare("DELETE FROM letters WHERE id = $id AND status = 'draft'").run({ id });
      this.#audit.append(now, { action: 'letter.draft-discard', recordType: 'letter', recordId: id, patientId: row.patient_id });
    })();
  }

  /** Makes the letter final: its text, hashed, under the signer's name and the time. */
  sign(id: string, version: number, signedBy: string, now: string): Letter {
    const row = this.#row(id);
    if (row.status === 'signed') throw new AppError('NOTE_SIGNED', 'This letter is already signed.');
    if (row.version !== version) throw new AppError('CONFLICT', `${CONFLICT_MESSAGE} Read it again before signing.`);
    const letter = this.#letter(id);
    if (letter.sections.every((s) => s.text.trim() === '')) throw new AppError('INVALID_INPUT', LETTER_MESSAGES.emptyLetter);
    const contentHash = sha256(letterText(letter));
    this.#db.transaction(() => {
      const result = this.#db
        .prepare(
          `UPDATE letters SET status = 'signed', signed_at = $now, signed_by = $signedBy, content_hash = $contentHash,
             updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version AND status = 'draft'`,
        )
        .run({ id, version, now, signedBy, contentHash });
      if (result.changes === 0) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
      this.#audit.append(now, { action: 'letter.sign', recordType: 'letter', recordId: id, patientId: row.patient_id });
    })();
    return this.#letter(id);
  }

  addAddendum(letterId: string, text: string, signedBy: string, now: string): Letter {
    const row = this.#row(letterId);
    if (row.status !== 'signed')
      throw new AppError('INVALID_INPUT', 'A draft is still open to changes: edit it instead of adding an addendum.');
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO letter_addenda (id, letter_id, text, created_at, signed_by, content_hash)
           VALUES ($id, $letterId, $text, $now, $signedBy, $contentHash)`,
        )
        .run({ id, letterId, text, now, signedBy, contentHash: sha256(text) });
      this.#audit.append(now, { action: 'letter.addendum', recordType: 'letter-addendum', recordId: id, patientId: row.patient_id });
    })();
    return this.#letter(letterId);
  }

  printed(id: string, now: string): void {
    const row = this.#row(id);
    if (row.status !== 'signed') throw new AppError('INVALID_INPUT', 'Sign the letter before printing it.');
    this.#audit.append(now, { action: 'letter.print', recordType: 'letter', recordId: id, patientId: row.patient_id });
  }

  /**
   * Records that a signed letter was sent, with `disclose` recording the disclosure in the same
   * transaction (it refuses, and nothing is written, when no consent or exception allows it). A
   * letter to the patient is no disclosure.
   */
  send(id: string, now: string, disclose: (letter: Letter) => string | null): Letter {
    const letter = this.#letter(id);
    if (letter.status !== 'signed') throw new AppError('INVALID_INPUT', 'Sign the letter before sending it.');
    this.#db.transaction(() => {
      const disclosureId = disclose(letter);
      const patient = this.#patients.get(letter.patientId);
      this.#db
        .prepare(
          `INSERT INTO letter_sendings (letter_id, sent_at, disclosure_id, recipient_name) VALUES ($id, $now, $disclosureId, $recipient)`,
        )
        .run({ id, now, disclosureId, recipient: letter.recipient?.name ?? `${patient.givenName} ${patient.familyName}` });
      this.#audit.append(now, { action: 'letter.send', recordType: 'letter', recordId: id, patientId: letter.patientId });
    })();
    return this.#letter(id);
  }

  /** The parts a letter carries: what its disclosure names. */
  parts(letter: Letter): RecordPart[] {
    return letterParts(letter.sections);
  }

  #consentOf(consentId: string, patientId: string): Consent {
    const consent = this.#consents.get(consentId);
    if (consent.patientId !== patientId) throw new AppError('NOT_FOUND', 'There is no such consent in this chart.');
    return consent;
  }

  #row(id: string): LetterRow {
    const row = this.#db.prepare('SELECT * FROM letters WHERE id = $id').get<LetterRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no letter with this id.');
    return row;
  }

  #recipient(row: LetterRow): Letter['recipient'] {
    return row.recipient === null ? null : parse(letterRecipientSchema, row.recipient, 'letter');
  }

  #sections(row: LetterRow): Letter['sections'] {
    return parse(letterSectionSchema.array(), row.sections, 'letter');
  }

  #omitted(row: LetterRow): Letter['omitted'] {
    return parse(omittedSectionSchema.array(), row.omitted, 'letter');
  }

  #letter(id: string): Letter {
    const row = this.#row(id);
    const addenda = this.#db
      .prepare('SELECT id, text, created_at, signed_by FROM letter_addenda WHERE letter_id = $id ORDER BY seq')
      .all<{ id: string; text: string; created_at: string; signed_by: string }>({ id })
      .map((a) => ({ id: a.id, text: a.text, createdAt: a.created_at, signedBy: a.signed_by }));
    const sendings = this.#db
      .prepare('SELECT disclosure_id, sent_at, recipient_name FROM letter_sendings WHERE letter_id = $id ORDER BY seq')
      .all<{ disclosure_id: string | null; sent_at: string; recipient_name: string }>({ id })
      .map((s) => ({ disclosureId: s.disclosure_id, sentAt: s.sent_at, recipient: s.recipient_name }));
    return {
      id: row.id,
      patientId: row.patient_id,
      kind: row.kind,
      templateVersion: row.template_version,
      recipient: this.#recipient(row),
      consentId: row.consent_id,
      letterDate: row.letter_date,
      sections: this.#sections(row),
      omitted: this.#omitted(row),
      status: row.status,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
      signedAt: row.signed_at,
      signedBy: row.signed_by,
      contentHash: row.content_hash,
      addenda,
      sendings,
      version: row.version,
    };
  }
}
