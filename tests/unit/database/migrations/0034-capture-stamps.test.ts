import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../../electron/database/migrations';
import { migration0034CaptureStamps as migration } from '../../../../electron/database/migrations/0034-capture-stamps';
import { AuditLog } from '../../../../electron/features/audit/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';
import { addNote, addPatient } from './chart-rows';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

/** Capture on, as in a connected vault, with the clock at this stamp. */
function capturingAt(stamp: string): void {
  database.db.prepare('UPDATE sync_clock SET capturing = 1, stamp = $stamp WHERE id = 1').run({ stamp });
}

function stamps(table: string, key: string): { row: string | undefined; fields: string[] } {
  const { db } = database;
  return {
    row: db
      .prepare('SELECT stamp FROM sync_row_stamps WHERE table_name = $t AND row_key = $k', { pluck: true })
      .get<string>({ t: table, k: key }),
    fields: db
      .prepare('SELECT field FROM sync_field_stamps WHERE table_name = $t AND row_key = $k ORDER BY field', { pluck: true })
      .all<string>({ t: table, k: key }),
  };
}

describe(`migration ${migration.version}: the stamps the capture keeps`, () => {
  it('makes a draft’s field stamps its row stamp, so the stamp of its last save is unchanged, and its saves after stamp it whole', () => {
    const { db } = database;
    migrate(db, migration.version - 1);
    capturingAt('stamp-insert');
    addPatient(db, 'p1', 1);
    addNote(db, 'n1', 'p1', '2026-11-30');
    // A save as the capture stamped it before: a stamp for every column of the note.
    const legacy = db.prepare(
      "INSERT OR REPLACE INTO sync_field_stamps (table_name, row_key, field, stamp) VALUES ('notes', 'n1', $field, 'stamp-save')",
    );
    for (const field of ['id', 'patient_id', 'status', 'version', 'updated_at']) legacy.run({ field });
    capturingAt('stamp-edit');
    // A patient's fields keep their own stamps: an edited record merges field by field.
    db.prepare("UPDATE patients SET phone = '+1 555 000 0000' WHERE id = 'p1'").run();
    expect(stamps('patients', 'p1')).toEqual({ row: 'stamp-insert', fields: ['phone'] });
    // An audit entry as the capture stamped it before.
    db.prepare("INSERT INTO sync_row_stamps (table_name, row_key, stamp) VALUES ('audit_log', '[\"d\",1]', 'stamp-insert')").run();

    migrate(db, migration.version);

    expect(stamps('notes', 'n1')).toEqual({ row: 'stamp-save', fields: [] });
    expect(db.prepare("SELECT count(*) FROM sync_row_stamps WHERE table_name = 'audit_log'", { pluck: true }).get()).toBe(0);
    expect(stamps('patients', 'p1')).toEqual({ row: 'stamp-insert', fields: ['phone'] });

    capturingAt('stamp-second-save');
    db.prepare("UPDATE notes SET version = version + 1 WHERE id = 'n1'").run();
    expect(stamps('notes', 'n1')).toEqual({ row: 'stamp-second-save', fields: [] });
    const sent = db
      .prepare("SELECT changes FROM sync_outbox WHERE table_name = 'notes' ORDER BY seq DESC LIMIT 1", { pluck: true })
      .get<string>();
    // Every column, and the save it follows on the version.
    expect(JSON.parse(sent ?? '{}')).toMatchObject({ version: [2, 'stamp-save'], patient_id: ['p1', null], status: ['draft', null] });

    // An audit entry is sent, and keeps no stamp.
    new AuditLog(db).append('2026-12-02T10:00:00.000Z', { action: 'chart.open', recordType: 'patient', recordId: 'p1', patientId: 'p1' });
    expect(db.prepare("SELECT count(*) FROM sync_outbox WHERE table_name = 'audit_log'", { pluck: true }).get()).toBe(1);
    expect(db.prepare("SELECT count(*) FROM sync_row_stamps WHERE table_name = 'audit_log'", { pluck: true }).get()).toBe(0);
  });
});
