import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * A patient's own interval for a monitoring check (an AIMS every 12 months at low risk, say), or the
 * check set aside for them, each with its reason. Rows are added, never changed or deleted: the newest
 * for a check is the one that applies, and going back to the protocol's interval is a row of its own,
 * so the chart keeps why the schedule was what it was on any day.
 */
export const migration0020MonitoringAdjustments: Migration = {
  version: 20,
  name: 'monitoring-adjustments',
  up(db) {
    db.exec(`
      CREATE TABLE monitoring_adjustments (
        id TEXT PRIMARY KEY NOT NULL,
        patient_id TEXT NOT NULL REFERENCES patients (id),
        protocol TEXT NOT NULL,
        check_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('interval', 'off', 'protocol')),
        every_days INTEGER CHECK ((kind = 'interval') = (every_days IS NOT NULL) AND (every_days IS NULL OR every_days BETWEEN 7 AND 1096)),
        reason TEXT NOT NULL CHECK (length(reason) > 0),
        created_at TEXT NOT NULL
      );
      CREATE INDEX monitoring_adjustments_by_patient ON monitoring_adjustments (patient_id, protocol, check_id, created_at);
      CREATE TRIGGER monitoring_adjustments_no_update BEFORE UPDATE ON monitoring_adjustments
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'an adjustment is followed by another, never changed')}; END;
      CREATE TRIGGER monitoring_adjustments_no_delete BEFORE DELETE ON monitoring_adjustments
      BEGIN ${raise('HISTORY_APPEND_ONLY', 'an adjustment is followed by another, never deleted')}; END;
    `);
  },
};
