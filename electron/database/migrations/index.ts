import type { Database } from '@signalapp/sqlcipher';
import { AppError } from '../../../shared/errors';
import { migration0001Patients } from './0001-patients';
import { migration0002Appointments } from './0002-appointments';
import { migration0003PatientContacts } from './0003-patient-contacts';
import { migration0004AuditLog } from './0004-audit-log';
import { migration0005Diagnoses } from './0005-diagnoses';
import { migration0006Medications } from './0006-medications';
import { migration0007Notes } from './0007-notes';
import { migration0008Search } from './0008-search';
import { migration0009TreatmentPlans } from './0009-treatment-plans';
import { migration0010Feedback } from './0010-feedback';
import { migration0011CancellationTime } from './0011-cancellation-time';
import { migration0012SearchPlans } from './0012-search-plans';
import { migration0013NoteTemplates } from './0013-note-templates';
import { migration0014PatientDemographics } from './0014-patient-demographics';
import { migration0015MeasureAcknowledgement } from './0015-measure-acknowledgement';
import { migration0016Imports } from './0016-imports';
import { migration0017Results } from './0017-results';
import { migration0018Aims } from './0018-aims';
import { migration0019Titrations } from './0019-titrations';
import { migration0020MonitoringAdjustments } from './0020-monitoring-adjustments';
import { migration0021NoteTemplateIds } from './0021-note-template-ids';
import { migration0022PracticeProtocols } from './0022-practice-protocols';
import { migration0023OutcomeFlags } from './0023-outcome-flags';
import { migration0024MeasureSchedules } from './0024-measure-schedules';
import { migration0025GoalRatings } from './0025-goal-ratings';
import { refreshChangeCapture } from '../../features/sync/capture';
import { migration0026Consents } from './0026-consents';
import { migration0027Letters } from './0027-letters';
import { migration0028StandingResults } from './0028-standing-results';
import { migration0029Billing } from './0029-billing';
import { migration0030RuptureAcknowledgements } from './0030-rupture-acknowledgements';
import { migration0031SyncCapture } from './0031-sync-capture';
import { migration0032SyncDevices } from './0032-sync-devices';
import { migration0033AuditChains } from './0033-audit-chains';
import { migration0034CaptureStamps } from './0034-capture-stamps';
import { migration0035PracticeSettings } from './0035-practice-settings';
import { migration0036TemplateVersionNumbers } from './0036-template-version-numbers';
import type { Migration } from './migration';

/** Every migration, in order. Imported statically: the CSP forbids evaluating code from strings. */
export const MIGRATIONS: readonly Migration[] = [
  migration0001Patients,
  migration0002Appointments,
  migration0003PatientContacts,
  migration0004AuditLog,
  migration0005Diagnoses,
  migration0006Medications,
  migration0007Notes,
  migration0008Search,
  migration0009TreatmentPlans,
  migration0010Feedback,
  migration0011CancellationTime,
  migration0012SearchPlans,
  migration0013NoteTemplates,
  migration0014PatientDemographics,
  migration0015MeasureAcknowledgement,
  migration0016Imports,
  migration0017Results,
  migration0018Aims,
  migration0019Titrations,
  migration0020MonitoringAdjustments,
  migration0021NoteTemplateIds,
  migration0022PracticeProtocols,
  migration0023OutcomeFlags,
  migration0024MeasureSchedules,
  migration0025GoalRatings,
  migration0026Consents,
  migration0027Letters,
  migration0028StandingResults,
  migration0029Billing,
  migration0030RuptureAcknowledgements,
  migration0031SyncCapture,
  migration0032SyncDevices,
  migration0033AuditChains,
  migration0034CaptureStamps,
  migration0035PracticeSettings,
  migration0036TemplateVersionNumbers,
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

MIGRATIONS.forEach((migration, index) => {
  if (migration.version !== index + 1) throw new Error(`Migration ${migration.name} is out of order`);
});

export function schemaVersion(db: Database): number {
  const version = db.pragma('user_version', { simple: true });
  return typeof version === 'number' ? version : Number(version);
}

export function tooNewError(): AppError {
  return new AppError(
    'DATABASE_TOO_NEW',
    'This vault was written by a newer version of Alliance. Update Alliance to open it; nothing has been changed.',
  );
}

/**
 * Brings the schema from its recorded version up to `target` in one transaction: either every
 * step and the new `user_version` are written, or nothing is. A database newer than this app
 * is refused untouched.
 */
export function migrate(db: Database, target: number = LATEST_SCHEMA_VERSION): number {
  const current = schemaVersion(db);
  if (current > LATEST_SCHEMA_VERSION) throw tooNewError();
  if (current >= target) return current;
  const apply = db.transaction(() => {
    for (const migration of MIGRATIONS.slice(current, target)) migration.up(db);
    // The capture's triggers, written from the tables as the last step left them (a later migration may add columns).
    if (target >= migration0031SyncCapture.version) refreshChangeCapture(db);
    // PRAGMA takes no bound parameters; the value is an integer we computed.
    db.exec(`PRAGMA user_version = ${Math.trunc(target)}`);
  });
  apply();
  return schemaVersion(db);
}
