import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Repositories } from '../../../electron/database/connection';
import { migrate } from '../../../electron/database/migrations';
import { practiceEnvironment } from '../../../electron/features/preferences/practice-settings';
import { DEFAULT_PRACTICE_SETTINGS, displayPracticeSetting } from '../../../shared/preferences';
import { encodeHlc } from '../../../shared/sync/hlc';
import { openEncryptedDatabase, type EncryptedDatabase } from '../support/encrypted-database';

let database: EncryptedDatabase;
let repos: Repositories;
const NOW = '2026-12-02T09:00:00.000Z';

beforeAll(async () => {
  database = await openEncryptedDatabase();
  migrate(database.db);
  repos = connect(database.db);
});
afterAll(async () => {
  await database.dispose();
});

type AuditRow = { action: string; record_type: string; record_id: string; patient_id: string | null };
function auditEntries(): AuditRow[] {
  return database.db
    .prepare("SELECT action, record_type, record_id, patient_id FROM audit_log WHERE record_type = 'practice-setting' ORDER BY seq")
    .all<AuditRow>();
}

describe('the practice’s settings in the vault', () => {
  it('read as the defaults in a vault that has none', () => {
    expect(repos.practice.read()).toEqual(DEFAULT_PRACTICE_SETTINGS);
  });

  it('keep what was written, and audit each setting changed by its name, never its value', () => {
    const updated = repos.practice.update(
      { planReviewDays: 60, crisisContacts: 'Samaritans 116 123', workingHours: { start: '08:00', end: '16:00', days: [1, 3] } },
      NOW,
    );
    expect(updated).toMatchObject({ planReviewDays: 60, crisisContacts: 'Samaritans 116 123', feedbackAlertBelow: 6 });
    expect(repos.practice.read()).toEqual(updated);
    const entries = auditEntries();
    expect(entries.map((entry) => entry.record_id).sort()).toEqual(['crisisContacts', 'planReviewDays', 'workingHours']);
    expect(entries.every((entry) => entry.action === 'practice.setting' && entry.patient_id === null)).toBe(true);
    expect(JSON.stringify(database.db.prepare('SELECT * FROM audit_log').all())).not.toContain('Samaritans');
  });

  it('write nothing, and audit nothing, for a setting sent unchanged', () => {
    const before = auditEntries().length;
    const version = () => database.db.prepare("SELECT version FROM practice_settings WHERE key = 'planReviewDays'", { pluck: true }).get();
    const was = version();
    repos.practice.update({ planReviewDays: 60, feedbackAlertBelow: 6 }, NOW);
    expect(version()).toBe(was);
    expect(auditEntries()).toHaveLength(before);
    expect(database.db.prepare("SELECT count(*) FROM practice_settings WHERE key = 'feedbackAlertBelow'", { pluck: true }).get()).toBe(0);
  });

  it('refuse a value the form would refuse, and change nothing', () => {
    const before = repos.practice.read();
    expect(() => repos.practice.update({ planReviewDays: 3 }, NOW)).toThrow();
    expect(() => repos.practice.update({ crisisContacts: Array.from({ length: 9 }, (_, i) => `Line ${i}`).join('\n') }, NOW)).toThrow();
    expect(repos.practice.read()).toEqual(before);
  });

  it('read a stored value that no longer parses as its default, and keep reading the others', () => {
    const { db } = database;
    db.prepare("UPDATE practice_settings SET value = '\"ninety\"' WHERE key = 'planReviewDays'").run();
    db.prepare("INSERT INTO practice_settings (key, value, updated_at) VALUES ('currency', '42', $now)").run({ now: NOW });
    db.prepare("INSERT INTO practice_settings (key, value, updated_at) VALUES ('aSettingFromANewerVersion', 'true', $now)").run({
      now: NOW,
    });
    const settings = repos.practice.read();
    expect(settings.planReviewDays).toBe(DEFAULT_PRACTICE_SETTINGS.planReviewDays);
    expect(settings.currency).toBe('USD');
    expect(settings.crisisContacts).toBe('Samaritans 116 123');
    expect(settings).not.toHaveProperty('aSettingFromANewerVersion');
  });

  it('are what a worker channel runs with, beside the moment main sent', () => {
    const env = practiceEnvironment(repos.practice.read(), { now: NOW, timeZone: 'Europe/London' });
    expect(env).toMatchObject({
      now: NOW,
      timeZone: 'Europe/London',
      workingHours: { start: '08:00', end: '16:00', days: [1, 3] },
      feedbackRule: { below: 6, dropBy: 2 },
      planReviewDays: 90,
    });
  });

  it('read as a person reads them in a conflict', () => {
    expect(displayPracticeSetting('planReviewDays', 60)).toBe('60 days');
    expect(displayPracticeSetting('workingHours', { start: '08:00', end: '16:00', days: [3, 1] })).toBe('08:00–16:00, Mon Wed');
    expect(displayPracticeSetting('crisisContacts', '')).toBe('empty');
    expect(displayPracticeSetting('feedbackDropBy', 1)).toBe('1 point');
  });
});

describe('a setting edited again and again once the vault replicates', () => {
  it('is captured each time, the field’s stamp moving on (an upsert’s conflict clause refused the third edit)', () => {
    const { db } = database;
    const stampAt = (minute: number) => encodeHlc({ wallMs: Date.UTC(2026, 11, 2, 9, minute), counter: 0, deviceId: 'c'.repeat(32) });
    db.prepare('UPDATE sync_clock SET capturing = 1, stamp = $stamp').run({ stamp: stampAt(1) });
    try {
      for (const [minute, days] of [
        [2, 30],
        [3, 40],
        [4, 50],
      ] as const) {
        db.prepare('UPDATE sync_clock SET stamp = $stamp').run({ stamp: stampAt(minute) });
        repos.practice.update({ planReviewDays: days }, NOW);
      }
      expect(repos.practice.read().planReviewDays).toBe(50);
      const captured = db
        .prepare("SELECT changes FROM sync_outbox WHERE table_name = 'practice_settings' AND row_key = 'planReviewDays' ORDER BY seq", {
          pluck: true,
        })
        .all<string>()
        .map((changes) => (JSON.parse(changes) as { value: [string, string | null] }).value);
      expect(captured.slice(-2)).toEqual([
        ['40', stampAt(2)],
        ['50', stampAt(3)],
      ]);
    } finally {
      db.prepare("UPDATE sync_clock SET capturing = 0, stamp = ''").run();
      db.prepare('DELETE FROM sync_outbox').run();
    }
  });
});

describe('a device’s settings from before they moved into the vault', () => {
  it('are written once, only where the vault has none and only when not the default, and audited', () => {
    database.db.prepare('DELETE FROM practice_settings').run();
    repos.practice.update({ planReviewDays: 45 }, NOW);
    const adopted = repos.practice.adopt(
      { planReviewDays: 120, feedbackAlertBelow: 7, lateCancellationHours: 24, currency: 'EURO', practiceName: 'Harbour Street' },
      NOW,
    );
    expect(adopted.sort()).toEqual(['feedbackAlertBelow', 'practiceName']);
    expect(repos.practice.read()).toMatchObject({
      planReviewDays: 45,
      feedbackAlertBelow: 7,
      practiceName: 'Harbour Street',
      currency: 'USD',
    });
    const adoptedEntries = auditEntries().filter((entry) => entry.action === 'practice.setting-adopted');
    expect(adoptedEntries.map((entry) => entry.record_id).sort()).toEqual(['feedbackAlertBelow', 'practiceName']);
    expect(repos.practice.adopt({ feedbackAlertBelow: 3 }, NOW)).toEqual([]);
    expect(repos.practice.read().feedbackAlertBelow).toBe(7);
  });
});
