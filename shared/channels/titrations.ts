import { z } from 'zod';
import { patientIdSchema } from '../patient';
import {
  titrationConfirmInputSchema,
  titrationInputSchema,
  titrationListSchema,
  titrationScheduleSchema,
  titrationStopInputSchema,
} from '../titration';
import { channel, type Scope } from '../channel';

/* Titration and taper schedules, and the planned changes they put before the psychiatrist. */

/** A schedule is shown in the chart's Medications tab; every change is audited. */
const TITRATION_CHANGES = ['titrations', 'audit'] as const satisfies readonly Scope[];
/** Confirming a step records a dose change in the medication history, which the chart shows. */
const CONFIRM_CHANGES = ['titrations', 'medications', 'chart', 'audit'] as const satisfies readonly Scope[];

export const titrationsChannels = {
  /** The patient's schedules, newest first, and today in the practice's zone (steps due on or before it are planned changes). */
  'titrations:list': channel({
    input: z.strictObject({ patientId: patientIdSchema }),
    output: titrationListSchema,
    needsVault: true,
    // A medication stopped or entered in error by hand changes what its schedules show.
    reads: ['medications'],
  }),
  'titrations:get': channel({
    input: z.strictObject({ scheduleId: z.uuid() }),
    output: titrationScheduleSchema,
    needsVault: true,
    reads: ['medications'],
  }),
  /** Plans a schedule for a current medication; with `replacesId`, the schedule it replaces is stopped and kept. */
  'titrations:create': channel({
    input: titrationInputSchema,
    output: titrationScheduleSchema,
    needsVault: true,
    changes: TITRATION_CHANGES,
  }),
  'titrations:stop': channel({
    input: titrationStopInputSchema,
    output: titrationScheduleSchema,
    needsVault: true,
    changes: TITRATION_CHANGES,
  }),
  /** Confirms a step whose date has come (at its dose, or another): a dose change in the medication history. */
  'titrations:confirm': channel({
    input: titrationConfirmInputSchema,
    output: titrationScheduleSchema,
    needsVault: true,
    changes: CONFIRM_CHANGES,
  }),
  /** Records in the audit log that the patient's copy was printed or saved. */
  'titrations:printed': channel({
    input: z.strictObject({ scheduleId: z.uuid() }),
    output: z.null(),
    needsVault: true,
    changes: ['audit'],
  }),
};
