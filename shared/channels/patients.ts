import { z } from 'zod';
import { patientIdSchema, patientInputSchema, patientSchema, patientSummarySchema } from '../patient';
import { channel, versionSchema, type Scope } from '../channel';

/* Patients: the list, demographics and contacts, archiving. */

/** A patient's details show on the chart, in search, on the calendar's sessions and in the audit history. */
const PATIENT_CHANGES = ['patients', 'chart', 'search', 'audit', 'calendar', 'appointments'] as const satisfies readonly Scope[];

export const patientsChannels = {
  'patients:list': channel({
    input: z.strictObject({ includeArchived: z.boolean().default(false) }),
    output: z.array(patientSummarySchema),
    needsVault: true,
  }),
  'patients:get': channel({ input: z.strictObject({ id: patientIdSchema }), output: patientSchema, needsVault: true }),
  'patients:create': channel({
    input: z.strictObject({ patient: patientInputSchema }),
    output: patientSchema,
    needsVault: true,
    changes: PATIENT_CHANGES,
  }),
  'patients:update': channel({
    input: z.strictObject({ id: patientIdSchema, version: versionSchema, patient: patientInputSchema }),
    output: patientSchema,
    needsVault: true,
    changes: PATIENT_CHANGES,
  }),
  /**
   * Hides a patient from the list. With `cancelFutureSessions`, every session they have booked from now
   * on is cancelled in the same transaction (by the clinician, reason "patient archived"); without it,
   * their sessions stay booked.
   */
  'patients:archive': channel({
    input: z.strictObject({ id: patientIdSchema, version: versionSchema, cancelFutureSessions: z.boolean().default(false) }),
    output: patientSchema,
    needsVault: true,
    changes: [...PATIENT_CHANGES, 'sessions', 'reports'],
  }),
  'patients:restore': channel({
    input: z.strictObject({ id: patientIdSchema, version: versionSchema }),
    output: patientSchema,
    needsVault: true,
    changes: PATIENT_CHANGES,
  }),
};
