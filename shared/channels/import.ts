import { channel, type Scope } from '../channel';
import {
  patientsImportedSchema,
  patientsImportInputSchema,
  patientsPreviewInputSchema,
  patientsPreviewSchema,
  sessionsImportedSchema,
  sessionsImportInputSchema,
  sessionsPreviewInputSchema,
  sessionsPreviewSchema,
} from '../import';

/*
 * Import from another practice system. Each kind of file has a preview, which reads the file and
 * changes nothing, and an import, which reads the same file again, checks it again and writes it
 * whole in one transaction, or answers why not and writes nothing.
 */

/** New patients show in the list, in search, in the calendar's patient choices and on today's view. */
const PATIENTS_IMPORTED = ['patients', 'chart', 'search', 'audit', 'calendar', 'appointments', 'today'] as const satisfies readonly Scope[];
/** New sessions show on the calendar, in the patients' charts and attendance, and in the reports. */
const SESSIONS_IMPORTED = [
  'calendar',
  'appointments',
  'sessions',
  'patients',
  'reports',
  'chart',
  'notes',
  'audit',
  'today',
] as const satisfies readonly Scope[];

export const importChannels = {
  /** The file's columns, what each would fill, and every row as it would be imported, with its problems and duplicates. */
  'import:previewPatients': channel({ input: patientsPreviewInputSchema, output: patientsPreviewSchema, needsVault: true }),
  /** Imports the rows not left out; refused, importing nothing, while any of them has a problem. */
  'import:patients': channel({
    input: patientsImportInputSchema,
    output: patientsImportedSchema,
    needsVault: true,
    changes: PATIENTS_IMPORTED,
  }),
  /** The calendar's events with their sessions in the days chosen, each matched to a patient by name where one fits. */
  'import:previewSessions': channel({ input: sessionsPreviewInputSchema, output: sessionsPreviewSchema, needsVault: true }),
  /** Books the chosen events' sessions in the days chosen as single sessions, skipping any the patient already has at that time. */
  'import:sessions': channel({
    input: sessionsImportInputSchema,
    output: sessionsImportedSchema,
    needsVault: true,
    changes: SESSIONS_IMPORTED,
  }),
};
