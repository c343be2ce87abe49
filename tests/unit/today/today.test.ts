/**
 * The Today view's one channel against a real vault: each group of the day, and each item gone once
 * the work is done (the note signed, the attendance recorded, the item-9 answer acknowledged).
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from '@signalapp/sqlcipher';
import { migrate } from '../../../electron/database/migrations';
import { LAST_ANSWERED_SQL, PATIENT_SCHEDULE_SQL } from '../../../electron/features/feedback/schedules';
import { UNSIGNED_NOTES_SQL } from '../../../electron/features/today/repository';
import type { FeedbackAnswers } from '../../../shared/feedback';
import { measuresDue, MEASURE_INTERVAL_DAYS } from '../../../shared/today';
import { openCalendarVault, weekly, type CalendarVault } from '../calendar/calendar-vault';
import { openEncryptedDatabase } from '../support/encrypted-database';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const LOW: FeedbackAnswers = { heard: 3, focus: 3, approach: 3, overall: 3, helpful: '', notHelpful: 'Rushed', unproductiveTopic: '' };
/** PHQ-9 with item 9 answered "More than half the days". */
const ITEM_9 = { instrument: 'phq9' as const, answers: [1, 1, 1, 1, 1, 1, 1, 1, 2], difficulty: null };

/**
 * The morning of Tuesday 10 March 2026 (UTC practice): Maren at 09:00 and Tomas at 11:00. Maren's
 * session last week was kept, left a draft note, low feedback and an item-9 answer; Tomas's weekly
 * Monday series began on 23 February and none of its sessions has its attendance recorded; his
 * plan's review fell due in January.
 */
async function scriptedMorning() {
  vault = await openCalendarVault('2025-11-01T09:00:00.000Z');
  const tomasPlan = await vault.call('plans:create', { patientId: vault.tomas.id });
  vault.setNow('2026-03-03T09:55:00.000Z');
  const lastWeek = await vault.book({ start: '2026-03-03T09:00:00.000Z' });
  await vault.call('appointments:setAttendance', { ref: lastWeek.ref, attendance: 'attended', lateMinutes: null });
  const draft = await vault.call('notes:create', {
    patientId: vault.maren.id,
    template: 'free-text',
    session: lastWeek.ref,
    serviceDate: null,
  });
  await vault.call('feedback:record', { ref: lastWeek.ref, answers: LOW });
  const measure = await vault.call('measures:record', { patientId: vault.maren.id, ref: lastWeek.ref, measure: ITEM_9 });
  const series = await vault.book({ patientId: vault.tomas.id, start: '2026-02-23T10:00:00.000Z', recurrence: weekly() });
  const maren = await vault.book({ start: '2026-03-10T09:00:00.000Z' });
  const tomas = await vault.book({ patientId: vault.tomas.id, start: '2026-03-10T11:00:00.000Z' });
  vault.setNow('2026-03-10T08:00:00.000Z');
  return { tomasPlan, lastWeek, draft, measure, series, maren, tomas };
}

describe('today:get', () => {
  it('lists today’s sessions with their flags: the feedback to raise, the plan review due, the measures due', async () => {
    const { tomasPlan } = await scriptedMorning();
    const today = await vault.call('today:get', {});
    expect(today.date).toBe('2026-03-10');
    expect(
      today.sessions.map((s) => ({
        at: s.appointment.start,
        who: s.appointment.patientName,
        minutes: s.appointment.durationMinutes,
        attendance: s.appointment.attendance,
        alerts: s.appointment.alerts,
        review: s.planReviewDate,
        due: s.measuresDue.map((m) => `${m.instrument} ${m.lastDate ?? 'never'}`),
      })),
    ).toEqual([
      {
        at: '2026-03-10T09:00:00.000Z',
        who: 'Holloway, Maren',
        minutes: 50,
        attendance: 'scheduled',
        alerts: ['feedback-drop'],
        review: null,
        // The PHQ-9 of a week ago is not due again; the GAD-7 was never given.
        due: ['gad7 never'],
      },
      {
        at: '2026-03-10T11:00:00.000Z',
        who: 'Lindqvist, Tomas',
        minutes: 50,
        attendance: 'scheduled',
        alerts: ['plan-review-due'],
        review: tomasPlan.current.content.reviewDate,
        due: ['phq9 never', 'gad7 never'],
      },
    ]);
  });

  it('lists unsigned notes, oldest first, until each is signed', async () => {
    const { draft } = await scriptedMorning();
    const older = await vault.call('notes:create', {
      patientId: vault.tomas.id,
      template: 'soap',
      session: null,
      serviceDate: '2026-02-20',
    });
    let today = await vault.call('today:get', {});
    expect(today.unsignedNotes.map((n) => `${n.serviceDate} ${n.patientName} ${n.template}`)).toEqual([
      '2026-02-20 Lindqvist, Tomas soap',
      '2026-03-03 Holloway, Maren free-text',
    ]);
    expect(today.unsignedNotes[1]?.noteId).toBe(draft.id);

    const written = await vault.call('notes:saveDraft', {
      id: draft.id,
      version: draft.version,
      fields: { text: 'Sleeping better.' },
      serviceDate: draft.serviceDate,
    });
    await vault.call('notes:sign', { id: draft.id, version: written.version, signedBy: 'Dr Ana Reyes' });
    today = await vault.call('today:get', {});
    expect(today.unsignedNotes.map((n) => n.noteId)).toEqual([older.id]);
  });

  it('lists past sessions of the last 30 days with no attendance, series sessions included, until it is recorded', async () => {
    const { series } = await scriptedMorning();
    // Long ago, and still to come later today: neither is listed.
    await vault.book({ patientId: vault.tomas.id, start: '2026-01-20T15:00:00.000Z' });
    let today = await vault.call('today:get', {});
    expect(today.unrecordedAttendance.map((a) => `${a.start.slice(0, 16)} ${a.patientName}`)).toEqual([
      '2026-02-23T10:00 Lindqvist, Tomas',
      '2026-03-02T10:00 Lindqvist, Tomas',
      '2026-03-09T10:00 Lindqvist, Tomas',
    ]);

    const monday = today.unrecordedAttendance[2]!;
    expect(monday.seriesId).toBe(series.seriesId);
    await vault.call('appointments:setAttendance', { ref: monday.ref, attendance: 'no-show', lateMinutes: null });
    today = await vault.call('today:get', {});
    expect(today.unrecordedAttendance.map((a) => a.start.slice(0, 10))).toEqual(['2026-02-23', '2026-03-02']);
  });

  it('lists item-9 answers not acknowledged, until acknowledged', async () => {
    const { measure } = await scriptedMorning();
    let today = await vault.call('today:get', {});
    expect(today.selfHarm.map((a) => `${a.date} ${a.patientName} ${a.answer}`)).toEqual([
      '2026-03-03 Holloway, Maren More than half the days',
    ]);
    await vault.call('measures:acknowledge', { measureId: measure.id, acknowledgement: { actions: ['discussed-in-session'], note: '' } });
    today = await vault.call('today:get', {});
    expect(today.selfHarm).toEqual([]);
  });

  it('answers an empty day with empty groups, and changes nothing', async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    const before = await vault.call('audit:verify', {});
    expect(await vault.call('today:get', {})).toEqual({
      date: '2026-03-10',
      sessions: [],
      unsignedNotes: [],
      unrecordedAttendance: [],
      selfHarm: [],
    });
    expect(await vault.call('audit:verify', {})).toEqual(before);
  });
});

describe('measures due', () => {
  it(`are due when never given or given ${MEASURE_INTERVAL_DAYS} days ago or more`, () => {
    expect(measuresDue({}, '2026-03-10').map((m) => m.instrument)).toEqual(['phq9', 'gad7']);
    expect(measuresDue({ phq9: '2026-02-11', gad7: '2026-02-10' }, '2026-03-10')).toEqual([{ instrument: 'gad7', lastDate: '2026-02-10' }]);
  });
});

describe('the day’s queries', () => {
  function queryPlan(db: Database, sql: string, params?: Record<string, string>): string {
    const statement = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
    return (params ? statement.all(params) : statement.all()).map((row) => String(row['detail'])).join('\n');
  }

  it('read drafts and the latest measures through their indexes, never the whole table', async () => {
    const database = await openEncryptedDatabase();
    try {
      migrate(database.db);
      expect(queryPlan(database.db, UNSIGNED_NOTES_SQL)).toContain('USING INDEX notes_drafts');
      // Any index that starts at the patient will do (outcome flags added a covering one, measures_series).
      expect(queryPlan(database.db, LAST_ANSWERED_SQL, { patientId: 'p' })).toMatch(/USING (COVERING )?INDEX measures_\w+ \(patient_id=\?/);
      expect(queryPlan(database.db, PATIENT_SCHEDULE_SQL, { patientId: 'p' })).toContain(
        'USING INDEX measure_schedules_by_patient (patient_id=?',
      );
    } finally {
      await database.dispose();
    }
  });
});
