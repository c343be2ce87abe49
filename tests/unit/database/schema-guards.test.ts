/**
 * Every guard the schema's triggers raise has its code and words in one table, and a guard that
 * fires reaches the person as that code, never as INTERNAL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../electron/database/migrations';
import { guardError, raise, SCHEMA_GUARDS, type SchemaGuard } from '../../../electron/database/schema-guards';
import { AuditLog } from '../../../electron/features/audit/repository';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';

const opened: EncryptedDatabase[] = [];
afterEach(async () => {
  for (const database of opened.splice(0)) await database.dispose();
});

async function migrated(): Promise<EncryptedDatabase> {
  const database = await openEncryptedDatabase();
  opened.push(database);
  migrate(database.db);
  return database;
}

function refusal(run: () => void): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('The statement was not refused.');
}

describe('the schema’s guards', () => {
  it('every guard a trigger raises is in the table, and every guard in the table is raised somewhere', async () => {
    const { db } = await migrated();
    const triggers = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger'").all<{ sql: string }>();
    const raised = new Set(triggers.flatMap(({ sql }) => [...sql.matchAll(/RAISE\(ABORT, '([A-Z_]+):/g)].map((match) => match[1])));
    expect([...raised].sort()).toEqual(Object.keys(SCHEMA_GUARDS).sort());
  });

  it('a guard that fires in a trigger answers its own code and words', async () => {
    const { db } = await migrated();
    db.exec('CREATE TEMP TABLE probe (guard TEXT)');
    for (const [name, { code, message }] of Object.entries(SCHEMA_GUARDS)) {
      db.exec(
        `CREATE TEMP TRIGGER probe_${name} BEFORE INSERT ON probe WHEN NEW.guard = '${name}' BEGIN ${raise(name as SchemaGuard, 'as the schema would')}; END`,
      );
      const fired = refusal(() => db.prepare('INSERT INTO probe (guard) VALUES (?)').run([name]));
      expect(guardError(fired)?.toShape()).toEqual({ code, message });
    }
  });

  it('the audit log’s own trigger refuses an edit, as APPEND_ONLY', async () => {
    const { db } = await migrated();
    new AuditLog(db).append('2026-12-01T09:00:00.000Z', { action: 'chart.open', recordType: 'patient', recordId: 'p1', patientId: 'p1' });
    const edited = refusal(() => db.exec("UPDATE audit_log SET record_id = 'p2'"));
    expect(guardError(edited)?.code).toBe('APPEND_ONLY');
  });
});
