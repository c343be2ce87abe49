import type { Database } from '@signalapp/sqlcipher';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, schemaVersion } from '../../../../electron/database/migrations';
import { ATTENDANCE_SQL, ON_TIME_SQL } from '../../../../electron/features/calendar/attendance';
import { RANGE_APPOINTMENTS_SQL, RANGE_SERIES_SQL } from '../../../../electron/features/calendar/sessions';
import { openEncryptedDatabase, type EncryptedDatabase } from '../../support/encrypted-database';

let database: EncryptedDatabase;
beforeEach(async () => {
  database = await openEncryptedDatabase();
});
afterEach(async () => {
  await database.dispose();
});

const STAMP = '2024-01-01T00:00:00.000Z';

function addPatient(db: Database, id: string, chart: number): void {
  db.prepare(
    `INSERT INTO patients (id, chart_number, given_name, family_name, date_of_birth, created_at, updated_at)
     VALUES ($id, $chart, 'Ida', 'Brennan', '1980-01-01', $stamp, $stamp)`,
  ).run({ id, chart, stamp: STAMP });
}

type SessionRow = {
  id: string;
  patient: string;
  start: string;
  end: string;
  series?: string;
  slot?: string;
  attendance?: string;
  late?: number | null;
};

function addSession(db: Database, row: SessionRow): void {
  db.prepare(
    `INSERT INTO appointments (id, patient_id, series_id, original_start, original_start_utc, start_utc, end_utc, duration_minutes,
       kind, attendance, late_minutes, created_at, updated_at)
     VALUES ($id, $patient, $series, $slot, $slotUtc, $start, $end, 50, 'therapy', $attendance, $late, $stamp, $stamp)`,
  ).run({
    id: row.id,
    patient: row.patient,
    series: row.series ?? null,
    slot: row.slot ?? null,
    slotUtc: row.slot ? `${row.slot}.000Z` : null,
    start: row.start,
    end: row.end,
    attendance: row.attendance ?? 'scheduled',
    late: row.late ?? null,
    stamp: STAMP,
  });
}

function addSeries(db: Database, id: string, patient: string, first: string, last: string | null): void {
  db.prepare(
    `INSERT INTO series (id, patient_id, first_start, time_zone, frequency, interval, end_type, end_date, duration_minutes, kind,
       first_start_utc, last_start_utc, created_at, updated_at)
     VALUES ($id, $patient, $first, 'UTC', 'weekly', 1, $endType, $endDate, 50, 'therapy', $firstUtc, $last, $stamp, $stamp)`,
  ).run({
    id,
    patient,
    first,
    endType: last === null ? 'never' : 'until',
    endDate: last === null ? null : last.slice(0, 10),
    firstUtc: `${first}.000Z`,
    last: last === null ? null : `${last}.000Z`,
    stamp: STAMP,
  });
}

function plan(db: Database, sql: string, params?: Record<string, string>): string {
  const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  return (params ? statement.all(params) : statement.all()).map((row) => String(row['detail'])).join('\n');
}

/** A small practice: a thousand sessions over years, some series, so the planner has something to choose between. */
function fillPractice(db: Database): void {
  for (let p = 1; p <= 40; p += 1) addPatient(db, `p${p}`, p);
  const day = 86_400_000;
  const start = Date.parse('2010-01-04T09:00:00.000Z');
  for (let i = 0; i < 1000; i += 1) {
    const at = start + i * 5 * day;
    addSession(db, {
      id: `a${i}`,
      patient: `p${(i % 40) + 1}`,
      start: new Date(at).toISOString(),
      end: new Date(at + 50 * 60_000).toISOString(),
    });
  }
  for (let s = 0; s < 60; s += 1) {
    const first = new Date(start + s * 60 * day).toISOString().slice(0, 19);
    const last = s % 5 === 0 ? null : new Date(start + (s * 60 + 200) * day).toISOString().slice(0, 19);
    addSeries(db, `s${s}`, `p${(s % 40) + 1}`, first, last);
  }
  db.exec('ANALYZE');
}

describe('migration 0002: appointments', () => {
  it('takes a version 1 database to version 2 and keeps its patients', () => {
    const { db } = database;
    migrate(db, 1);
    addPatient(db, 'p1', 1);
    expect(migrate(db, 2)).toBe(2);
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare('SELECT count(*) FROM patients', { pluck: true }).get()).toBe(1);
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", { pluck: true }).all();
    expect(tables).toEqual(expect.arrayContaining(['appointments', 'patients', 'series']));
    const indexes = db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'", { pluck: true }).all();
    expect(indexes).toEqual(
      expect.arrayContaining([
        'series_by_span',
        'series_by_patient',
        'appointments_by_start',
        'appointments_by_slot',
        'appointments_by_patient',
        'appointments_running',
      ]),
    );
  });

  it('holds one row per series slot, and a session and its series must belong to a patient that exists', () => {
    const { db } = database;
    migrate(db, 2);
    addPatient(db, 'p1', 1);
    addSeries(db, 's1', 'p1', '2026-03-10T09:00:00', null);
    const slot = {
      patient: 'p1',
      series: 's1',
      slot: '2026-03-10T09:00:00',
      start: '2026-03-10T09:00:00.000Z',
      end: '2026-03-10T09:50:00.000Z',
    };
    addSession(db, { id: 'a1', ...slot });
    expect(() => addSession(db, { id: 'a2', ...slot })).toThrow(/UNIQUE/);
    // Two one-offs at the same time are a double booking, which the app warns about, not a broken row.
    addSession(db, { id: 'o1', patient: 'p1', start: '2026-03-11T09:00:00.000Z', end: '2026-03-11T09:50:00.000Z' });
    addSession(db, { id: 'o2', patient: 'p1', start: '2026-03-11T09:00:00.000Z', end: '2026-03-11T09:50:00.000Z' });
    expect(() =>
      addSession(db, { id: 'x', patient: 'nobody', start: '2026-03-12T09:00:00.000Z', end: '2026-03-12T09:50:00.000Z' }),
    ).toThrow(/FOREIGN KEY/);
    expect(() => addSeries(db, 's2', 'nobody', '2026-03-10T09:00:00', null)).toThrow(/FOREIGN KEY/);
  });

  it('refuses rows that contradict themselves: late without minutes, an end before the start, a slot without its series', () => {
    const { db } = database;
    migrate(db, 2);
    addPatient(db, 'p1', 1);
    const at = { patient: 'p1', start: '2026-03-10T09:00:00.000Z', end: '2026-03-10T09:50:00.000Z' };
    expect(() => addSession(db, { id: 'a', ...at, attendance: 'late', late: null })).toThrow(/CHECK/);
    expect(() => addSession(db, { id: 'b', ...at, attendance: 'attended', late: 5 })).toThrow(/CHECK/);
    expect(() => addSession(db, { id: 'c', ...at, attendance: 'gone' })).toThrow(/CHECK/);
    expect(() => addSession(db, { id: 'd', patient: 'p1', start: at.end, end: at.start })).toThrow(/CHECK/);
    expect(() => addSession(db, { id: 'e', ...at, slot: '2026-03-10T09:00:00' })).toThrow(/CHECK/);
    addSession(db, { id: 'f', ...at, attendance: 'late', late: 7 });
    expect(db.prepare("SELECT late_minutes FROM appointments WHERE id = 'f'", { pluck: true }).get()).toBe(7);
  });

  it('serves a week of the calendar from the indexes: sessions by start and by slot, series by span', () => {
    const { db } = database;
    migrate(db, 2);
    fillPractice(db);
    const week = { low: '2012-03-05T00:00:00.000Z', to: '2012-03-12T00:00:00.000Z' };
    const sessionsPlan = plan(db, RANGE_APPOINTMENTS_SQL, week);
    expect(sessionsPlan).toMatch(/appointments_by_start/);
    expect(sessionsPlan).toMatch(/appointments_by_slot/);
    expect(sessionsPlan).not.toMatch(/SCAN a\b/);
    expect(sessionsPlan).not.toMatch(/SCAN p\b/);
    const seriesPlan = plan(db, RANGE_SERIES_SQL, week);
    expect(seriesPlan).toMatch(/SEARCH s USING (COVERING )?INDEX series_by_span/);
    expect(seriesPlan).not.toMatch(/SCAN s\b/);

    const rows = db.prepare(RANGE_APPOINTMENTS_SQL).all(week);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(2);
  });

  it('answers attendance, the on-time report and the running session from indexes too', () => {
    const { db } = database;
    migrate(db, 2);
    fillPractice(db);
    const now = '2012-03-05T00:00:00.000Z';
    expect(plan(db, ATTENDANCE_SQL, { patientId: 'p1', now, since: '2011-12-06T00:00:00.000Z' })).toMatch(
      /USING INDEX appointments_by_patient/,
    );
    expect(plan(db, ON_TIME_SQL, { from: '2011-01-01T00:00:00.000Z', to: now })).toMatch(/USING INDEX appointments_by_start/);
    const running = 'SELECT id FROM appointments WHERE actual_start IS NOT NULL AND actual_end IS NULL ORDER BY actual_start DESC LIMIT 1';
    expect(plan(db, running)).toMatch(/appointments_running/);
  });
});
