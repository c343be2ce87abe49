import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AUDIT_ACTIONS } from '../../../shared/audit';
import { AuditLog } from '../../../electron/features/audit/repository';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { openVaultDatabase } from '../../fixtures/import';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';
import { migrate } from '../../../electron/database/migrations';
import { openEncryptedDatabase } from '../support/encrypted-database';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const SECRET = 'Disclosed childhood trauma at the second session';

/** A chart worked on as a psychiatrist works: opened, a diagnosis, a medication, a note signed and amended. */
async function workOnChart(v: CalendarVault) {
  const patientId = v.maren.id;
  await v.call('chart:summary', { patientId });
  await v.call('diagnoses:add', { patientId, diagnosis: { code: 'F43.10', status: 'active', isPrimary: true, onsetDate: '', note: '' } });
  await v.call('medications:record', {
    patientId,
    entry: {
      kind: 'start',
      name: 'Prazosin',
      dose: '1 mg',
      route: 'oral',
      frequency: 'at night',
      date: '2026-03-10',
      reason: 'Nightmares',
    },
  });
  const note = await v.call('notes:create', { patientId, template: 'free-text', session: null, serviceDate: null });
  const saved = await v.call('notes:saveDraft', { id: note.id, version: 1, fields: { text: SECRET }, serviceDate: note.serviceDate });
  await v.call('notes:sign', { id: note.id, version: saved.version, signedBy: 'Dr Reyes' });
  await v.call('notes:addAddendum', { noteId: note.id, text: `${SECRET}, addendum`, signedBy: 'Dr Reyes' });
  await v.call('notes:get', { id: note.id });
  return note.id;
}

describe('the audit log', () => {
  it('records every opening, reading and change of a chart, in order, with references only', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const noteId = await workOnChart(vault);
    const history = await vault.call('audit:forPatient', { patientId: vault.maren.id });
    expect(history.map((entry) => entry.action).reverse()).toEqual([
      'patient.create',
      'chart.open',
      'diagnosis.add',
      'medication.start',
      'note.create',
      'note.draft-save',
      'note.sign',
      'note.addendum',
      'note.read',
    ]);
    expect(history.find((entry) => entry.action === 'note.sign')).toMatchObject({
      recordType: 'note',
      recordId: noteId,
      patientId: vault.maren.id,
      at: '2026-03-10T12:00:00.000Z',
    });
    expect(JSON.stringify(history)).not.toContain('trauma');
    expect((await vault.call('audit:forPatient', { patientId: vault.tomas.id })).map((entry) => entry.action)).toEqual(['patient.create']);
    expect(await vault.call('audit:verify', {})).toMatchObject({
      entries: 10,
      chains: [{ device: 'This device', thisDevice: true, entries: 10, firstBroken: null }],
      firstBroken: null,
    });
  });

  it('records a chart opened again within ten minutes once, and again after', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const opened = async () =>
      (await vault.call('audit:forPatient', { patientId })).filter((entry) => entry.action === 'chart.open').length;
    await vault.call('chart:summary', { patientId });
    vault.setNow('2026-03-10T12:09:00.000Z');
    await vault.call('chart:summary', { patientId });
    expect(await opened()).toBe(1);
    vault.setNow('2026-03-10T12:11:00.000Z');
    await vault.call('chart:summary', { patientId });
    expect(await opened()).toBe(2);
  });

  it('commits a reading without waiting for the disk, and every change still waiting for it', async () => {
    const database = await openEncryptedDatabase();
    try {
      const { db } = database;
      migrate(db);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      const audit = new AuditLog(db);
      const levels: string[] = [];
      const exec = vi.spyOn(db, 'exec');
      const insert = db.prepare.bind(db);
      vi.spyOn(db, 'prepare').mockImplementation((sql: string, options?: object) => {
        if (sql.includes('INSERT INTO audit_log')) levels.push(String(db.prepare('PRAGMA synchronous', { pluck: true }).get()));
        return insert(sql, options as never);
      });
      const reading = { action: 'chart.open', recordType: 'patient', recordId: 'p1', patientId: 'p1' } as const;
      audit.read('2026-03-10T12:00:00.000Z', reading);
      audit.append('2026-03-10T12:01:00.000Z', { action: 'patient.update', recordType: 'patient', recordId: 'p1', patientId: 'p1' });
      // 1 is NORMAL (WAL: no fsync at commit), 2 is FULL.
      expect(levels).toEqual(['1', '2']);
      expect(db.prepare('PRAGMA synchronous', { pluck: true }).get()).toBe(2);
      expect(exec.mock.calls.map(([sql]) => sql)).toEqual(['PRAGMA synchronous = NORMAL', 'PRAGMA synchronous = FULL']);

      // Inside a transaction the level cannot change: the reading is committed, or rolled back, with it.
      levels.length = 0;
      expect(() =>
        db.transaction(() => {
          audit.read('2026-03-10T12:30:00.000Z', { ...reading, recordId: 'p2', patientId: 'p2' });
          throw new Error('the change failed');
        })(),
      ).toThrow('the change failed');
      expect(levels).toEqual(['2']);
      expect(db.prepare("SELECT count(*) FROM audit_log WHERE record_id = 'p2'", { pluck: true }).get()).toBe(0);
      expect(audit.verify()).toMatchObject({ entries: 2, firstBroken: null });
    } finally {
      vi.restoreAllMocks();
      await database.dispose();
    }
  });

  it('is append-only in the database, and editing or removing any one entry is found at that entry', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    await workOnChart(vault);
    await vault.call('vault:lock', {});

    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    try {
      expect(() => db.prepare("UPDATE audit_log SET action = 'chart.open' WHERE seq = 3").run()).toThrow(/AUDIT_APPEND_ONLY/);
      expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 3').run()).toThrow(/AUDIT_APPEND_ONLY/);
      // No clinical words anywhere in the log.
      const everything = JSON.stringify(db.prepare('SELECT * FROM audit_log').all());
      expect(everything).not.toMatch(/trauma|Prazosin|Nightmares|F43/);

      // Someone with the raw key can drop the guards; the chain still gives them away.
      db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
      const log = new AuditLog(db);
      const count = Number(db.prepare('SELECT count(*) FROM audit_log', { pluck: true }).get());
      expect(count).toBe(10);
      const tamperings: [string, (seq: number) => string][] = [
        ['action', () => `'${AUDIT_ACTIONS[0]}' || ''`],
        ['at', () => `'2020-01-01T00:00:00.000Z'`],
        ['record_id', () => `'someone-else'`],
        ['patient_id', () => `NULL`],
      ];
      for (let seq = 1; seq <= count; seq += 1) {
        const original = db.prepare('SELECT * FROM audit_log WHERE seq = $seq').get<Record<string, string | number | null>>({ seq })!;
        for (const [column, value] of tamperings) {
          db.prepare(`UPDATE audit_log SET ${column} = ${value(seq)} WHERE seq = $seq`).run({ seq });
          const changed = db.prepare(`SELECT ${column} FROM audit_log WHERE seq = $seq`, { pluck: true }).get({ seq }) !== original[column];
          if (changed) expect(log.verify().firstBroken?.seq, `${column} of entry ${seq}`).toBe(seq);
          db.prepare(`UPDATE audit_log SET ${column} = $value WHERE seq = $seq`).run({ seq, value: original[column] ?? null });
        }
        expect(log.verify().firstBroken).toBeNull();
      }
      // A changed hash is found at its entry.
      const hash = db.prepare('SELECT hash FROM audit_log WHERE seq = 4', { pluck: true }).get<string>()!;
      db.prepare('UPDATE audit_log SET hash = $hash WHERE seq = 4').run({ hash: `${hash[0] === '0' ? '1' : '0'}${hash.slice(1)}` });
      expect(log.verify().firstBroken?.seq).toBe(4);
      db.prepare('UPDATE audit_log SET hash = $hash WHERE seq = 4').run({ hash });
      expect(log.verify().firstBroken).toBeNull();
      // Removing an entry leaves a gap that is named.
      db.prepare('DELETE FROM audit_log WHERE seq = 6').run();
      expect(log.verify().firstBroken).toMatchObject({ seq: 6, problem: expect.stringMatching(/Entry 6 is missing/) });
      // An entry moved to another device's chain leaves a gap in its own, and a chain that does not start at 1 in the other.
      const other = 'f'.repeat(32);
      db.prepare('UPDATE audit_log SET device_id = $other WHERE seq = 10').run({ other });
      expect(log.verify().chains.find((chain) => chain.deviceId === other)?.firstBroken).toMatchObject({
        seq: 1,
        device: 'Unnamed device ffffffff',
        problem: expect.stringMatching(/Entry 1 is missing: the device's chain starts at 10/),
      });
    } finally {
      db.close();
    }
  });

  it('answers the verification through the bridge, naming the first broken entry', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    await workOnChart(vault);
    await vault.call('vault:lock', {});
    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    try {
      db.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET at = '2026-03-10T11:00:00.000Z' WHERE seq = 7;");
    } finally {
      db.close();
    }
    await vault.call('vault:unlock', { passphrase: 'lantern orchard quietly violet harbor' });
    const verification = await vault.call('audit:verify', {});
    expect(verification.firstBroken).toMatchObject({
      seq: 7,
      device: 'This device',
      problem: expect.stringMatching(/Entry 7 does not match its hash/),
    });
  });
});
