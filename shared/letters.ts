import { z } from 'zod';
import {
  DISCLOSURE_LIMITS,
  DISCLOSURE_MESSAGES,
  RECORD_PART_LABELS,
  disclosureExceptionSchema,
  recordPartSchema,
  type Consent,
  type RecordPart,
} from './consents';
import { dateTimeFormats } from './date-time-formats';
import { calendarDateSchema, timestampSchema } from './dates';
import type { Diagnosis } from './diagnosis';
import { singleLineString } from './input-safety';
import { bandOf } from './measures';
import { describeMedication, type MedicationEvent, type Medication } from './medication';
import { OUTCOME_RULES, readInstrument, type OutcomeInstrument, type ScoredMeasure } from './outcomes';
import { patientIdSchema } from './patient';
import { signatureSchema } from './note';

/*
 * Letters: to the primary care physician, a referral, a reply to a referrer, and a letter to the
 * patient. Each begins from one of the practice's letter templates (versioned like note templates: an
 * edit is a new version, an old one never changes), is pre-filled from the chart, edited freely as
 * text, then signed. A signed letter is final (the schema's triggers hold to it) and gains addenda.
 *
 * A template's sections are free paragraphs or sections that carry a part of the record (diagnoses,
 * medications, measures, plan, notes). A letter to anyone but the patient carries only the parts its
 * recipient's consent covers: the others are left out of the pre-fill, cannot be added, and the
 * editor says why. Everything here is pure, so the pre-fill is tested from a scripted chart.
 */

export const LETTER_KINDS = ['pcp', 'referral', 'referral-reply', 'patient'] as const;
export const letterKindSchema = z.enum(LETTER_KINDS);
export type LetterKind = z.infer<typeof letterKindSchema>;
export const LETTER_KIND_LABELS: Record<LetterKind, string> = {
  pcp: 'To the primary care physician',
  referral: 'Referral',
  'referral-reply': 'Reply to a referrer',
  patient: 'Letter to the patient',
};

/** Placeholders a template's text may hold; filled when a letter is begun. */
export const LETTER_PLACEHOLDERS = {
  '{patient}': 'The patient’s name',
  '{dateOfBirth}': 'The patient’s date of birth',
  '{psychiatrist}': 'The psychiatrist, as Settings names them',
  '{today}': 'The day the letter is begun',
  '{recipient}': 'The recipient’s name',
} as const;

export const LETTER_LIMITS = {
  heading: 120,
  sectionText: 20_000,
  sections: 20,
  label: 80,
  recipientName: 200,
  recipientRole: 200,
  recipientContact: 500,
  addendum: 20_000,
} as const;

export const LETTER_MESSAGES = {
  label: 'Give the template a name',
  sections: 'A letter template needs at least one section',
  duplicateKey: 'Two sections share a key',
  recipientName: 'Name the recipient',
  emptyLetter: 'This letter is empty. Write it before signing.',
  consentNeeded: 'A letter to anyone but the patient is written to a recipient of one of the patient’s consents to share.',
  partNotCovered: 'This section is not covered by the recipient’s consent, so it cannot be added.',
  signed: 'This letter is signed, so it cannot be changed. Add an addendum instead.',
  addendum: 'Write the addendum',
} as const;

/** A section's key: how its text is found from one version of the template to the next. */
export const letterSectionKeySchema = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'Not a section of this letter');

/** One section of a template: a free paragraph (part null) or the place a part of the record is pre-filled. */
export const letterTemplateSectionSchema = z.strictObject({
  key: letterSectionKeySchema,
  /** Printed above the section; empty for a paragraph that runs on (a greeting, a closing). */
  heading: singleLineString().trim().max(LETTER_LIMITS.heading),
  part: recordPartSchema.nullable(),
  /** The words the section begins with, placeholders and all; a part's pre-fill follows them. */
  text: z.string().max(4_000, 'At most 4,000 characters'),
});
export type LetterTemplateSection = z.infer<typeof letterTemplateSectionSchema>;

export const letterTemplateSectionsSchema = z
  .array(letterTemplateSectionSchema)
  .min(1, LETTER_MESSAGES.sections)
  .max(LETTER_LIMITS.sections, `At most ${LETTER_LIMITS.sections} sections`)
  .superRefine((sections, context) => {
    const keys = sections.map((section) => section.key);
    if (new Set(keys).size !== keys.length) context.addIssue({ code: 'custom', message: LETTER_MESSAGES.duplicateKey });
  });

export const letterTemplateDefinitionSchema = z.object({
  label: z.string(),
  sections: z.array(letterTemplateSectionSchema),
});
export type LetterTemplateDefinition = z.infer<typeof letterTemplateDefinitionSchema>;

export const letterTemplateSchema = letterTemplateDefinitionSchema.extend({
  id: letterKindSchema,
  kind: letterKindSchema,
  version: z.number().int().positive(),
  updatedAt: timestampSchema,
});
export type LetterTemplate = z.infer<typeof letterTemplateSchema>;

export const letterTemplateSaveInputSchema = z.strictObject({
  id: letterKindSchema,
  /** The version the edit started from: a save over a newer one answers CONFLICT. */
  baseVersion: z.number().int().positive(),
  label: singleLineString().trim().min(1, LETTER_MESSAGES.label).max(LETTER_LIMITS.label),
  sections: letterTemplateSectionsSchema,
});
export type LetterTemplateSaveInput = z.infer<typeof letterTemplateSaveInputSchema>;

const part = (key: string, heading: string, partName: RecordPart, text = ''): LetterTemplateSection => ({
  key,
  heading,
  part: partName,
  text,
});
const paragraph = (key: string, text: string, heading = ''): LetterTemplateSection => ({ key, heading, part: null, text });

/** The four templates Alliance ships: version 1 of each, seeded by migration 0027. */
export const LETTER_TEMPLATE_DEFINITIONS: Record<LetterKind, LetterTemplateDefinition> = {
  pcp: {
    label: 'Letter to the primary care physician',
    sections: [
      paragraph('greeting', 'Dear {recipient},'),
      paragraph(
        'opening',
        'I saw your patient {patient} (date of birth {dateOfBirth}) for psychiatric care. I am writing to update you on their assessment and treatment.',
      ),
      part('diagnoses', 'Diagnoses', 'diagnoses'),
      part('medications', 'Current medications', 'medications'),
      part('measures', 'Measures', 'measures'),
      part('plan', 'Plan', 'plan'),
      part('notes', 'Latest session', 'notes'),
      paragraph('requests', '', 'What I would ask of you'),
      paragraph('closing', 'Please do not hesitate to contact me with any questions.\n\nYours sincerely,'),
    ],
  },
  referral: {
    label: 'Referral',
    sections: [
      paragraph('greeting', 'Dear {recipient},'),
      paragraph(
        'opening',
        'I would be grateful if you would see {patient} (date of birth {dateOfBirth}), whom I see for psychiatric care.',
      ),
      paragraph('reason', '', 'Reason for referral'),
      part('diagnoses', 'Diagnoses', 'diagnoses'),
      part('medications', 'Current medications', 'medications'),
      part('measures', 'Measures', 'measures'),
      part('plan', 'Treatment so far', 'plan'),
      paragraph('closing', 'Thank you for seeing them.\n\nYours sincerely,'),
    ],
  },
  'referral-reply': {
    label: 'Reply to a referrer',
    sections: [
      paragraph('greeting', 'Dear {recipient},'),
      paragraph(
        'opening',
        'Thank you for referring {patient} (date of birth {dateOfBirth}), whom I assessed. My findings and recommendations follow.',
      ),
      part('notes', 'Assessment', 'notes'),
      part('diagnoses', 'Diagnoses', 'diagnoses'),
      part('medications', 'Current medications', 'medications'),
      part('measures', 'Measures', 'measures'),
      part('plan', 'Recommendations and plan', 'plan'),
      paragraph('closing', 'Thank you again for this referral.\n\nYours sincerely,'),
    ],
  },
  patient: {
    label: 'Letter to the patient',
    sections: [
      paragraph('greeting', 'Dear {patient},'),
      paragraph('body', ''),
      part('plan', 'Your plan', 'plan'),
      part('medications', 'Your medications', 'medications'),
      paragraph('closing', 'With best wishes,'),
    ],
  },
};

/* The chart as a letter reads it. */

export type LetterChart = {
  patient: { givenName: string; familyName: string; dateOfBirth: string };
  /** The chart's diagnoses, those entered in error included (they are left out here). */
  diagnoses: readonly Pick<Diagnosis, 'code' | 'label' | 'status' | 'isPrimary' | 'createdAt' | 'enteredInError'>[];
  /** Current medications, derived from the entries (shared/medication deriveMedications). */
  medications: readonly Medication[];
  /** Every medication entry, for the recent changes (stops included). */
  medicationEvents: readonly MedicationEvent[];
  /** Scored PHQ-9 and GAD-7 measures, any order. */
  measures: readonly { id: string; instrument: string; date: string; score: number; createdAt: string }[];
  /** The plan in force or being written: its goals and review date; null when none was begun. */
  plan: { goals: readonly { patientWords: string; formulation: string }[]; reviewDate: string } | null;
  /** The next session booked, as an instant. */
  nextAppointment: string | null;
  /** The latest signed note, as its text reads. */
  latestNote: { serviceDate: string; text: string } | null;
};

/** How far back a medication change counts as recent. */
export const RECENT_MEDICATION_DAYS = 90;

function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

export type LetterFormats = { date: (isoDate: string) => string; moment: (instant: string) => string };

/** The formats a letter is written in: the renderer's locale, so the letter reads as the screens do. */
export function letterFormats(locale: string, timeZone: string): LetterFormats {
  const formats = dateTimeFormats(locale);
  const moment = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short', timeZone });
  return { date: formats.longCalendarDate, moment: (instant) => moment.format(new Date(instant)) };
}

/** "F33.1 Major depressive disorder, recurrent, moderate (primary)", primary first, then active, in remission. */
export function diagnosesText(chart: Pick<LetterChart, 'diagnoses'>): string {
  const listed = chart.diagnoses
    .filter((d) => d.enteredInError === null && d.status !== 'resolved')
    .sort((a, b) => {
      const rank = (d: (typeof listed)[number]) => (d.isPrimary ? 0 : d.status === 'active' ? 1 : 2);
      return rank(a) - rank(b) || (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0);
    });
  if (listed.length === 0) return 'No current diagnoses recorded.';
  return listed
    .map((d) => {
      const notes = [d.isPrimary ? 'primary' : null, d.status === 'in-remission' ? 'in remission' : null].filter((n) => n !== null);
      return `- ${d.code} ${d.label}${notes.length > 0 ? ` (${notes.join(', ')})` : ''}`;
    })
    .join('\n');
}

/** Current medications with doses, then what changed in the last 90 days (starts, dose changes, stops). */
export function medicationsText(
  chart: Pick<LetterChart, 'medications' | 'medicationEvents'>,
  today: string,
  formats: LetterFormats,
): string {
  const lines = chart.medications.length === 0 ? ['No current medications.'] : chart.medications.map((m) => `- ${describeMedication(m)}`);
  const since = daysBefore(today, RECENT_MEDICATION_DAYS);
  const recent = chart.medicationEvents
    .filter((e) => e.enteredInError === null && e.date >= since && e.date <= today)
    .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : a.recordedAt < b.recordedAt ? 1 : -1));
  if (recent.length > 0) {
    lines.push('', `Changes in the last ${RECENT_MEDICATION_DAYS} days:`);
    for (const e of recent) {
      const what =
        e.kind === 'start'
          ? `started ${e.name} ${e.dose}, ${e.frequency}`
          : e.kind === 'change'
            ? `${e.name} changed to ${e.dose}, ${e.frequency}`
            : `stopped ${e.name}`;
      lines.push(`- ${formats.date(e.date)}: ${what} (${e.reason})`);
    }
  }
  return lines.join('\n');
}

const LETTER_INSTRUMENTS: readonly OutcomeInstrument[] = ['phq9', 'gad7'];
const SYMPTOMS: Record<OutcomeInstrument, string> = { phq9: 'depressive symptoms', gad7: 'anxiety symptoms' };

/** The latest PHQ-9 and GAD-7, each with its severity in words and what it means against the first score. */
export function measuresText(chart: Pick<LetterChart, 'measures'>, formats: LetterFormats): string {
  const lines: string[] = [];
  for (const instrument of LETTER_INSTRUMENTS) {
    const scores: ScoredMeasure[] = chart.measures
      .filter((m) => m.instrument === instrument)
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.createdAt < b.createdAt ? -1 : 1))
      .map((m) => ({ id: m.id, date: m.date, score: m.score }));
    const reading = readInstrument(instrument, scores);
    if (!reading) continue;
    const rule = OUTCOME_RULES[instrument];
    const latest = reading.latest;
    let line = `- ${rule.name} ${latest.score} on ${formats.date(latest.date)}: ${bandOf(instrument, latest.score).toLowerCase()} ${SYMPTOMS[instrument]}`;
    line += latest.reading.caseness
      ? `, at or above the clinical threshold (${rule.caseness})`
      : `, below the clinical threshold (${rule.caseness})`;
    if (latest.number > 1) {
      const change = latest.reading.change;
      const moved = change === 0 ? 'unchanged' : `${change < 0 ? 'down' : 'up'} ${Math.abs(change)} points`;
      const meaning = [
        latest.reading.reliableImprovement ? 'a reliable improvement' : null,
        latest.reading.reliableDeterioration ? 'a reliable deterioration' : null,
        latest.reading.response ? 'a response' : null,
        latest.reading.remission === true ? 'remission' : null,
      ].filter((m) => m !== null);
      line += `; ${moved} from ${reading.baseline.score} on ${formats.date(reading.baseline.date)}`;
      if (meaning.length > 0) line += ` (${meaning.join(', ')})`;
    }
    lines.push(`${line}.`);
  }
  return lines.length > 0 ? lines.join('\n') : 'No PHQ-9 or GAD-7 recorded.';
}

/** The plan's goals in the patient's words, the next review and the next appointment. */
export function planText(chart: Pick<LetterChart, 'plan' | 'nextAppointment'>, formats: LetterFormats): string {
  const lines: string[] = [];
  if (chart.plan === null) lines.push('No treatment plan yet.');
  else {
    const goals = chart.plan.goals.filter((g) => g.patientWords.trim() !== '');
    if (goals.length > 0) {
      lines.push('Goals:');
      goals.forEach((g, i) => lines.push(`${i + 1}. ${g.patientWords.trim()}${g.formulation.trim() ? ` — ${g.formulation.trim()}` : ''}`));
    }
    if (chart.plan.reviewDate) lines.push(`Next review of the plan: ${formats.date(chart.plan.reviewDate)}.`);
  }
  if (chart.nextAppointment !== null) lines.push(`Next appointment: ${formats.moment(chart.nextAppointment)}.`);
  return lines.join('\n');
}

/** The latest signed note, dated. */
export function notesText(chart: Pick<LetterChart, 'latestNote'>, formats: LetterFormats): string {
  if (chart.latestNote === null) return 'No signed session note yet.';
  return `Session of ${formats.date(chart.latestNote.serviceDate)}:\n${chart.latestNote.text.trim()}`;
}

export function partText(partName: RecordPart, chart: LetterChart, today: string, formats: LetterFormats): string {
  switch (partName) {
    case 'diagnoses':
      return diagnosesText(chart);
    case 'medications':
      return medicationsText(chart, today, formats);
    case 'measures':
      return measuresText(chart, formats);
    case 'plan':
      return planText(chart, formats);
    case 'notes':
      return notesText(chart, formats);
  }
}

export type LetterPlaceholders = { patient: string; dateOfBirth: string; psychiatrist: string; today: string; recipient: string };

export function fillPlaceholders(text: string, values: LetterPlaceholders): string {
  return text
    .replaceAll('{patient}', values.patient)
    .replaceAll('{dateOfBirth}', values.dateOfBirth)
    .replaceAll('{psychiatrist}', values.psychiatrist)
    .replaceAll('{today}', values.today)
    .replaceAll('{recipient}', values.recipient);
}

/** One section of a letter as written. */
export const letterSectionSchema = z.object({
  key: letterSectionKeySchema,
  heading: z.string(),
  part: recordPartSchema.nullable(),
  text: z.string().max(LETTER_LIMITS.sectionText, `At most ${LETTER_LIMITS.sectionText.toLocaleString('en')} characters`),
});
export type LetterSection = z.infer<typeof letterSectionSchema>;

/** A section of the template left out of a letter, and why, in words the editor shows. */
export const omittedSectionSchema = z.object({ key: z.string(), heading: z.string(), part: recordPartSchema, reason: z.string() });
export type OmittedSection = z.infer<typeof omittedSectionSchema>;

/** A practice's words inside a sentence of the app's: isolated (FSI … PDI), so their direction never spills into the sentence. */
function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}

/** "Dr Haddad's consent of 3 March 2026 covers diagnoses only" / "… covers diagnoses and medications". */
export function consentCoverage(consent: Pick<Consent, 'recipient' | 'validFrom' | 'parts'>, formats: LetterFormats): string {
  const parts = consent.parts.map((p) => RECORD_PART_LABELS[p].toLowerCase());
  const listed = parts.length <= 1 ? (parts[0] ?? 'nothing') : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  return `${isolated(consent.recipient.name)}’s consent of ${formats.date(consent.validFrom)} covers ${listed}${parts.length === 1 ? ' only' : ''}`;
}

/** Why a section is missing: "Medications are not included: Dr Haddad's consent of 3 March 2026 covers diagnoses only". */
export function omissionReason(
  partName: RecordPart,
  consent: Pick<Consent, 'recipient' | 'validFrom' | 'parts'>,
  formats: LetterFormats,
): string {
  return `${RECORD_PART_LABELS[partName]} ${partName === 'diagnoses' || partName === 'medications' || partName === 'notes' || partName === 'measures' ? 'are' : 'is'} not included: ${consentCoverage(consent, formats)}.`;
}

/**
 * The letter's sections from a template and the chart: placeholders filled, each part's text after
 * the section's own words. A part not in `allowed` is left out, with the reason `why` gives.
 */
export function prefillLetter(
  definition: Pick<LetterTemplateDefinition, 'sections'>,
  chart: LetterChart,
  options: {
    today: string;
    formats: LetterFormats;
    placeholders: LetterPlaceholders;
    allowed: readonly RecordPart[];
    why: (part: RecordPart) => string;
  },
): { sections: LetterSection[]; omitted: OmittedSection[] } {
  const sections: LetterSection[] = [];
  const omitted: OmittedSection[] = [];
  const texts = new Map<RecordPart, string>();
  for (const section of definition.sections) {
    const intro = fillPlaceholders(section.text, options.placeholders);
    if (section.part === null) {
      sections.push({ key: section.key, heading: section.heading, part: null, text: intro });
      continue;
    }
    if (!options.allowed.includes(section.part)) {
      omitted.push({ key: section.key, heading: section.heading, part: section.part, reason: options.why(section.part) });
      continue;
    }
    let text = texts.get(section.part);
    if (text === undefined) {
      text = partText(section.part, chart, options.today, options.formats);
      texts.set(section.part, text);
    }
    sections.push({
      key: section.key,
      heading: section.heading,
      part: section.part,
      text: intro.trim() ? `${intro.trim()}\n${text}` : text,
    });
  }
  return { sections, omitted };
}

/** The parts of the record a letter carries: those of its sections that hold any text. */
export function letterParts(sections: readonly Pick<LetterSection, 'part' | 'text'>[]): RecordPart[] {
  const parts = new Set<RecordPart>();
  for (const s of sections) if (s.part !== null && s.text.trim() !== '') parts.add(s.part);
  return [...parts];
}

/** The letter as signed and hashed, and as its FHIR attachment and the CSV carry it. */
export function letterText(letter: Pick<Letter, 'recipient' | 'letterDate' | 'sections'>): string {
  const lines: string[] = [letter.letterDate];
  if (letter.recipient)
    lines.push([letter.recipient.name, letter.recipient.role, letter.recipient.contact].filter((l) => l.trim()).join('\n'));
  for (const section of letter.sections) {
    if (section.text.trim() === '') continue;
    lines.push(section.heading ? `${section.heading}\n${section.text.trim()}` : section.text.trim());
  }
  return lines.join('\n\n');
}

/* Letters as stored and as channels carry them. */

export const letterRecipientSchema = z.strictObject({
  name: singleLineString().trim().min(1, LETTER_MESSAGES.recipientName).max(LETTER_LIMITS.recipientName),
  role: singleLineString().trim().max(LETTER_LIMITS.recipientRole),
  contact: z.string().trim().max(LETTER_LIMITS.recipientContact),
});
export type LetterRecipient = z.infer<typeof letterRecipientSchema>;

export const LETTER_STATUSES = ['draft', 'signed'] as const;

export const letterAddendumSchema = z.object({ id: z.uuid(), text: z.string(), createdAt: timestampSchema, signedBy: z.string() });
export type LetterAddendum = z.infer<typeof letterAddendumSchema>;

export const letterSendingSchema = z.object({ disclosureId: z.uuid().nullable(), sentAt: timestampSchema, recipient: z.string() });
export type LetterSending = z.infer<typeof letterSendingSchema>;

export const letterSchema = z.object({
  id: z.uuid(),
  patientId: patientIdSchema,
  kind: letterKindSchema,
  templateVersion: z.number().int().positive(),
  /** Null for a letter to the patient. */
  recipient: letterRecipientSchema.nullable(),
  /** The consent the recipient was chosen from; null for a letter to the patient. */
  consentId: z.uuid().nullable(),
  letterDate: calendarDateSchema,
  sections: z.array(letterSectionSchema),
  omitted: z.array(omittedSectionSchema),
  status: z.enum(LETTER_STATUSES),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
  signedAt: timestampSchema.nullable(),
  signedBy: z.string().nullable(),
  contentHash: z.string().nullable(),
  addenda: z.array(letterAddendumSchema),
  sendings: z.array(letterSendingSchema),
  version: z.number().int().positive(),
});
export type Letter = z.infer<typeof letterSchema>;

export const letterSummarySchema = letterSchema.pick({
  id: true,
  kind: true,
  recipient: true,
  letterDate: true,
  status: true,
  updatedAt: true,
  signedAt: true,
  signedBy: true,
});
export const letterListItemSchema = letterSummarySchema.extend({ addendumCount: z.number().int(), sentCount: z.number().int() });
export type LetterListItem = z.infer<typeof letterListItemSchema>;

/** A BCP 47 language tag, e.g. en-US: the language the renderer writes dates in. */
export const localeSchema = z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/, 'Not a language tag');

export const letterCreateInputSchema = z.strictObject({
  patientId: patientIdSchema,
  kind: letterKindSchema,
  /** The consent whose recipient the letter goes to; null only for a letter to the patient. */
  consentId: z.uuid().nullable(),
  locale: localeSchema,
});
export type LetterCreateInput = z.infer<typeof letterCreateInputSchema>;

export const letterDraftInputSchema = z.strictObject({
  id: z.uuid(),
  version: z.number().int().positive(),
  /** Each section's text by key; only the letter's own sections. */
  sections: z.array(z.strictObject({ key: letterSectionKeySchema, text: letterSectionSchema.shape.text })).max(LETTER_LIMITS.sections),
  /** The recipient's contact as it should be printed (address, fax). */
  recipientContact: z.string().trim().max(LETTER_LIMITS.recipientContact).nullable(),
});
export type LetterDraftInput = z.infer<typeof letterDraftInputSchema>;

export const letterSignInputSchema = z.strictObject({ id: z.uuid(), version: z.number().int().positive(), signedBy: signatureSchema });

export const letterAddendumInputSchema = z.strictObject({
  letterId: z.uuid(),
  text: z
    .string()
    .trim()
    .min(1, LETTER_MESSAGES.addendum)
    .max(LETTER_LIMITS.addendum, `At most ${LETTER_LIMITS.addendum.toLocaleString('en')} characters`),
  signedBy: signatureSchema,
});

/** Sending a signed letter: under the consent it was written to, or under an exception the law allows, with its reason. */
export const letterSendInputSchema = z.strictObject({
  id: z.uuid(),
  exception: z
    .strictObject({
      exception: disclosureExceptionSchema,
      reason: z
        .string()
        .trim()
        .min(1, DISCLOSURE_MESSAGES.exceptionReason)
        .max(DISCLOSURE_LIMITS.exceptionReason, `At most ${DISCLOSURE_LIMITS.exceptionReason.toLocaleString('en')} characters`),
    })
    .nullable(),
});
export type LetterSendInput = z.infer<typeof letterSendInputSchema>;
