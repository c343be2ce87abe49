import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0036TemplateVersionNumbers as migration } from '../../../../electron/database/migrations/0036-template-version-numbers';
import {
  CAPTURE_TRIGGER_PREFIX,
  captureTriggers,
  REPLICATED_TABLES,
  type CapturedColumn,
} from '../../../../electron/features/sync/capture';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addPatient } from './chart-rows';

let database: EncryptedDatabase;
beforeAll(async () => {
  database = await openEncryptedDatabase();
});
afterAll(async () => {
  await database.dispose();
});

/** Capture on, as in a connected vault, with the clock at this stamp. */
function capturingAt(stamp: string): void {
  database.db.prepare('UPDATE sync_clock SET capturing = 1, stamp = $stamp WHERE id = 1').run({ stamp });
}

/** What the last captured change of an appointment sent: its columns. */
function lastSent(): string[] {
  const changes = database.db
    .prepare("SELECT changes FROM sync_outbox WHERE table_name = 'appointments' ORDER BY seq DESC LIMIT 1", { pluck: true })
    .get<string>();
  return Object.keys(JSON.parse(changes ?? '{}') as Record<string, unknown>).sort();
}

const changeVersion = () =>
  database.db.prepare("UPDATE note_template_versions SET label = 'Changed' WHERE template_id = 'soap' AND version = 1").run();

describe(`migration ${migration.version}: template version numbers, and columns sent together`, () => {
  it('sends a late arrival’s minutes alone before, and with its attendance and cancellation after', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    // The capture triggers as a vault at the migration before holds them: written before columns went together.
    for (const operation of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER ${CAPTURE_TRIGGER_PREFIX}appointments_${operation}`);
    const columns = db.prepare("SELECT name, type FROM pragma_table_info('appointments')").all<CapturedColumn>();
    db.exec(captureTriggers('appointments', { ...REPLICATED_TABLES.appointments, key: ['id'], policy: 'edited', together: [] }, columns));
    capturingAt('stamp-1');
    addPatient(db, 'p1', 1);
    db.exec(`INSERT INTO appointments (id, patient_id, start_utc, end_utc, duration_minutes, kind, attendance, late_minutes, created_at, updated_at)
      VALUES ('a1', 'p1', '2026-12-01T09:00:00Z', '2026-12-01T09:50:00Z', 50, 'follow-up', 'late', 10, 'now', 'now')`);
    capturingAt('stamp-2');
    db.exec("UPDATE appointments SET late_minutes = 15 WHERE id = 'a1'");
    expect(lastSent()).toEqual(['late_minutes']);

    migrate(db, migration.version);

    capturingAt('stamp-3');
    db.exec("UPDATE appointments SET late_minutes = 20 WHERE id = 'a1'");
    expect(lastSent()).toEqual(['attendance', 'cancelled_at', 'late_minutes']);
    // A column bound to none is sent alone, as before.
    capturingAt('stamp-4');
    db.exec("UPDATE appointments SET location = 'Room 7' WHERE id = 'a1'");
    expect(lastSent()).toEqual(['location']);
  });

  it('lets a template version change only while received changes are applied, and never be deleted', () => {
    const { db } = database;
    expect(changeVersion).toThrow(/TEMPLATE_VERSION_FINAL/);
    db.prepare('UPDATE sync_clock SET applying = 1 WHERE id = 1').run();
    changeVersion();
    expect(() => db.exec("DELETE FROM note_template_versions WHERE template_id = 'soap'")).toThrow(/TEMPLATE_VERSION_FINAL/);
    expect(() => db.exec("UPDATE letter_template_versions SET label = 'Changed' WHERE version = 1")).not.toThrow();
    db.prepare('UPDATE sync_clock SET applying = 0 WHERE id = 1').run();
    expect(() => db.exec("UPDATE letter_template_versions SET label = 'Again' WHERE version = 1")).toThrow(/TEMPLATE_VERSION_FINAL/);
  });
});
