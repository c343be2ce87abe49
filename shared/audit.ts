import { z } from 'zod';
import { timestampSchema } from './dates';

/*
 * The audit log: every chart opened, every note read, signed or amended, every change to a chart,
 * appended in order and chained by hash. It holds references only (what kind of record, which
 * one, whose chart), never clinical text.
 */

export const AUDIT_ACTIONS = [
  'chart.open',
  'patient.create',
  'patient.update',
  'patient.archive',
  'patient.restore',
  'patient.renumber',
  'diagnosis.add',
  'diagnosis.update',
  'diagnosis.entered-in-error',
  'medication.start',
  'medication.change',
  'medication.stop',
  'medication.entered-in-error',
  'result.record',
  'result.entered-in-error',
  'titration.create',
  'titration.stop',
  'titration.complete',
  'titration.confirm',
  'titration.print',
  'allergy.add',
  'allergy.entered-in-error',
  'allergy.none-known',
  'note.create',
  'note.read',
  'note.draft-save',
  'note.draft-discard',
  'note.sign',
  'note.addendum',
  'note.print',
  'note.copy-forward',
  'template.create',
  'template.edit',
  'template.archive',
  'template.restore',
  'plan.create',
  'plan.read',
  'plan.draft-save',
  'plan.agree',
  'plan.revise',
  'plan.objective-status',
  'plan.progress',
  'plan.print',
  'plan.goal-rating',
  'plan.progress-summary-print',
  'feedback.record',
  'feedback.read',
  'measure.record',
  'measure.acknowledge',
  'patient-mode.enter',
  'patient-mode.leave',
  'session.book',
  'session.change',
  'session.cancel',
  'session.attendance',
  'session.start',
  'session.end',
  'import.patients',
  'import.sessions',
  'record.export-pdf',
  'record.print',
  'record.export-fhir',
  'practice.export',
  'aims.record',
  'monitoring.adjust',
  'monitoring.practice-protocol',
  'aims.entered-in-error',
  'outcomes.read',
  'outcome-flag.acknowledge',
  'measure-schedule.set',
  'letter.create',
  'letter.read',
  'letter.draft-save',
  'letter.draft-discard',
  'letter.sign',
  'letter.addendum',
  'letter.print',
  'letter.send',
  'letter-template.edit',
  'consent.record',
  'consent.revoke',
  'consent.entered-in-error',
  'consent.print-form',
  'disclosure.record',
  'disclosure.print-accounting',
  'billing.code',
  'billing.charge-entered-in-error',
  'billing.payment',
  'billing.refund',
  'billing.payment-entered-in-error',
  'billing.fees',
  'billing.read',
  'billing.print',
  'practice.setting',
  'practice.setting-adopted',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  'chart.open': 'Chart opened',
  'patient.create': 'Patient added',
  'patient.update': 'Details changed',
  'patient.archive': 'Patient archived',
  'patient.restore': 'Patient restored',
  'patient.renumber': 'Chart number changed (another device had given the same number)',
  'diagnosis.add': 'Diagnosis added',
  'diagnosis.update': 'Diagnosis changed',
  'diagnosis.entered-in-error': 'Diagnosis marked entered in error',
  'medication.start': 'Medication started',
  'medication.change': 'Medication dose changed',
  'medication.stop': 'Medication stopped',
  'medication.entered-in-error': 'Medication entry marked entered in error',
  'result.record': 'Result recorded',
  'result.entered-in-error': 'Result marked entered in error',
  'titration.create': 'Titration or taper schedule planned',
  'titration.stop': 'Titration or taper schedule stopped',
  'titration.complete': 'Titration or taper schedule completed',
  'titration.confirm': 'Planned dose change confirmed',
  'titration.print': 'Titration or taper schedule printed for the patient',
  'allergy.add': 'Allergy recorded',
  'allergy.entered-in-error': 'Allergy marked entered in error',
  'allergy.none-known': 'No known allergies recorded',
  'note.create': 'Note started',
  'note.read': 'Note read',
  'note.draft-save': 'Draft saved',
  'note.draft-discard': 'Draft discarded',
  'note.sign': 'Note signed',
  'note.addendum': 'Addendum added',
  'note.print': 'Note printed',
  'note.copy-forward': 'Note copied forward into a new draft',
  'template.create': 'Note template created',
  'template.edit': 'Note template saved as a new version',
  'template.archive': 'Note template archived',
  'template.restore': 'Note template restored',
  'plan.create': 'Treatment plan begun',
  'plan.read': 'Treatment plan read',
  'plan.draft-save': 'Treatment plan draft saved',
  'plan.agree': 'Treatment plan agreed',
  'plan.revise': 'Treatment plan revised',
  'plan.objective-status': 'Objective status changed',
  'plan.progress': 'Progress update added',
  'plan.print': 'Treatment plan summary printed',
  'plan.goal-rating': 'Goals rated',
  'plan.progress-summary-print': 'Progress summary printed for the patient',
  'feedback.record': 'Session feedback recorded',
  'feedback.read': 'Feedback and measures read',
  'measure.record': 'Outcome measure recorded',
  'measure.acknowledge': 'Item-9 answer acknowledged',
  'patient-mode.enter': 'Laptop handed to the patient',
  'patient-mode.leave': 'Laptop taken back from the patient',
  'session.book': 'Session booked',
  'session.change': 'Session changed',
  'session.cancel': 'Session cancelled',
  'session.attendance': 'Attendance recorded',
  'session.start': 'Session started',
  'session.end': 'Session ended',
  'import.patients': 'Patients imported from a CSV file',
  'import.sessions': 'Sessions imported from a calendar file',
  'record.export-pdf': 'Record exported as a PDF (not encrypted)',
  'record.print': 'Record printed',
  'record.export-fhir': 'Record exported as FHIR (not encrypted)',
  'practice.export': 'Whole practice exported (not encrypted)',
  'aims.record': 'AIMS examination recorded',
  'monitoring.adjust': 'Monitoring schedule adjusted for the patient',
  'monitoring.practice-protocol': 'Monitoring protocol changed for the practice',
  'aims.entered-in-error': 'AIMS examination marked entered in error',
  'outcomes.read': 'Outcome reading (change, expected course, flags) read',
  'outcome-flag.acknowledge': 'Outcome flag acknowledged',
  'measure-schedule.set': 'Measurement schedule set for the patient',
  'letter.create': 'Letter begun',
  'letter.read': 'Letter read',
  'letter.draft-save': 'Letter draft saved',
  'letter.draft-discard': 'Letter draft discarded',
  'letter.sign': 'Letter signed',
  'letter.addendum': 'Addendum added to a letter',
  'letter.print': 'Letter printed',
  'letter.send': 'Letter sent to its recipient',
  'letter-template.edit': 'Letter template saved as a new version',
  'consent.record': 'Consent to share recorded',
  'consent.revoke': 'Consent to share revoked',
  'consent.entered-in-error': 'Consent to share marked entered in error',
  'consent.print-form': 'Consent form printed for the patient to sign',
  'disclosure.record': 'Information shared outside the practice (disclosure recorded)',
  'disclosure.print-accounting': 'Accounting of disclosures printed for the patient',
  'billing.code': 'Session coded for billing',
  'billing.charge-entered-in-error': 'Charge marked entered in error',
  'billing.payment': 'Payment recorded',
  'billing.refund': 'Refund recorded',
  'billing.payment-entered-in-error': 'Payment or refund marked entered in error',
  'billing.fees': 'Fee schedule changed for the practice',
  'billing.read': 'Billing account read',
  'billing.print': 'Superbill or statement printed for the patient',
  'practice.setting': 'Practice setting changed',
  'practice.setting-adopted': 'Practice setting brought into the vault from this device’s preferences',
};

export const AUDIT_RECORD_TYPES = [
  'patient',
  'diagnosis',
  'medication',
  'titration',
  'allergy',
  /** A lab result or vital sign. */
  'result',
  'note',
  'addendum',
  /** One of the practice's note templates (no patient's). */
  'note-template',
  'appointment',
  'series',
  'plan',
  'plan-version',
  'progress-update',
  /** The patient's own rating of how close they are to a goal of their plan. */
  'goal-rating',
  'feedback',
  'measure',
  /** One import from another practice system (the imports table says from what kind of file, and how many). */
  'import',
  /** The practice as a whole: an export of every chart. */
  'practice',
  /** An AIMS examination (Abnormal Involuntary Movement Scale). */
  'aims',
  /** A patient's own interval for a monitoring check, or the check set aside. */
  'monitoring-adjustment',
  /** The practice's own intervals or target band for a monitoring check, or the check set aside for the practice. */
  'practice-protocol-change',
  /** The acknowledgement of a flag: not on track, reliable deterioration, or a rupture. */
  'outcome-flag',
  /** One instrument given an interval on a patient's measurement schedule, or taken off it. */
  'measure-schedule',
  /** A letter to a physician, a referrer or the patient. */
  'letter',
  /** An addendum to a signed letter. */
  'letter-addendum',
  /** One of the practice's letter templates (no patient's). */
  'letter-template',
  /** A consent to share (release of information): who may receive which parts of the record, for what, until when. */
  'consent',
  /** Something that left the practice: what, to whom, under which consent or exception. */
  'disclosure',
  /** A charge: one service code of a coded session, with its fee. */
  'charge',
  /** A payment or a refund. */
  'payment',
  /** The practice's fee schedule (no patient's). */
  'fee-schedule',
  /** One of the practice's settings (shared/preferences.ts), named by its key; never its value. */
  'practice-setting',
] as const;
export const auditRecordTypeSchema = z.enum(AUDIT_RECORD_TYPES);
export type AuditRecordType = z.infer<typeof auditRecordTypeSchema>;

/** A device's id: 32 hexadecimal digits (shared/sync/hlc.ts's device id). */
export const auditDeviceIdSchema = z.string().regex(/^[0-9a-f]{32}$/);

export const auditEntrySchema = z.object({
  /** The device that wrote the entry: each device keeps its own chain (docs/sync.md, Audit). */
  deviceId: auditDeviceIdSchema,
  /** The entry's position in its device's chain, from 1. */
  seq: z.number().int().positive(),
  at: timestampSchema,
  action: auditActionSchema,
  recordType: auditRecordTypeSchema,
  recordId: z.string(),
  patientId: z.string().nullable(),
  /** SHA-256 (hex) of this entry and the hash before it in its device's chain. */
  hash: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** An entry of a chart's history, with the name of the device that wrote it (`sync_devices`). */
export const auditHistoryEntrySchema = auditEntrySchema.extend({ device: z.string() });
export type AuditHistoryEntry = z.infer<typeof auditHistoryEntrySchema>;

/** Where a device's chain stops following: the device, by name, and the position. */
export const auditBreakSchema = z.object({
  deviceId: z.string(),
  /** The device's name in this vault ("Laptop"), or how it is known when it has none. */
  device: z.string(),
  seq: z.number().int(),
  at: z.string(),
  problem: z.string(),
});
export type AuditBreak = z.infer<typeof auditBreakSchema>;

export const auditVerificationSchema = z.object({
  entries: z.number().int(),
  /** Every device's chain, this device's first and the others by name, each checked from its first entry. */
  chains: z.array(
    z.object({
      deviceId: z.string(),
      device: z.string(),
      thisDevice: z.boolean(),
      entries: z.number().int(),
      firstBroken: auditBreakSchema.nullable(),
    }),
  ),
  /** The first break found in any chain; null when every chain holds. */
  firstBroken: auditBreakSchema.nullable(),
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

/** The hash before the first entry of every device's chain. */
export const AUDIT_GENESIS = '0'.repeat(64);

/**
 * The exact text an entry's hash covers: the previous hash, then the device that wrote it, then
 * each field on its own line. Fixed here so any tool can re-check the chains from the raw database.
 *
 * Entries written before chains were kept per device (migration 0033) cover the same lines without
 * the device (`withDevice` false); they stay as they were written and are checked that way, and
 * only at the start of a chain: once an entry covers its device, every later one must too.
 */
export function auditHashInput(previousHash: string, entry: Omit<AuditEntry, 'hash'>, withDevice = true): string {
  const fields = [entry.seq, entry.at, entry.action, entry.recordType, entry.recordId, entry.patientId ?? ''];
  return [previousHash, ...(withDevice ? [entry.deviceId] : []), ...fields].join('\n');
}
