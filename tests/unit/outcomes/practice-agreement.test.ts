/**
 * The practice view's lists are read set-wise across the practice (the patients who may have a
 * rupture found from a few columns first, the patients in care before their schedules, every name in
 * one read); each list must still say what each patient's own reading says. A small synthetic practice
 * is loaded in bulk, and the practice view is compared with every patient's own rupture and schedule.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { patientName } from '../../../electron/features/calendar/sessions';
import { instantToLocal } from '../../../shared/recurrence';
import { bulkLoad } from '../../fixtures/bulk-load';
import type { CalendarPracticeOptions } from '../../fixtures/practice';
import { openTempVault, PASSPHRASE, setUp, type TempVault } from '../support/temp-vault';

const TIME_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
const PRACTICE: CalendarPracticeOptions = { seed: 11, patients: 40, appointments: 900, weeks: 30, asOf: '2026-03-12', timeZone: TIME_ZONE };
// Before the practice's "today": later sessions are still to come, where a flag is raised.
const NOW = '2026-03-10T20:00:00.000Z';
const RANGES = [
  { from: '2025-12-01T00:00:00.000Z', to: NOW },
  { from: '2026-02-15T00:00:00.000Z', to: '2026-03-05T00:00:00.000Z' },
];

let vault: TempVault;
let patientIds: string[];

beforeAll(async () => {
  vault = await openTempVault({ now: () => Date.parse(NOW) });
  const keyHex = (await setUp(vault)).databaseKeyHex;
  await vault.call('vault:lock', {});
  patientIds = bulkLoad({
    databasePath: path.join(vault.dir, DATABASE_FILE_NAME),
    keyHex,
    practice: PRACTICE,
    patientIds: null,
    chart: null,
    feedback: { feedback: 560, measures: 340 },
  }).patientIds;
  await vault.call('vault:unlock', { passphrase: PASSPHRASE });
  // The synthetic ratings are mostly high and steady: the practice's most sensitive rule finds more ruptures to compare.
  await vault.call('preferences:update', { ruptureBelowMedianBy: 0.5 });
}, 120_000);
afterAll(async () => {
  await vault?.dispose();
});

describe('the practice view against each patient’s own reading', () => {
  it('lists exactly the ruptures each patient’s chart shows in the range, with their names, and no longer one acknowledged', async () => {
    const own = new Map<string, NonNullable<Awaited<ReturnType<typeof readRupture>>>>();
    for (const patientId of patientIds) {
      const rupture = await readRupture(patientId);
      if (rupture) own.set(patientId, rupture);
    }
    // The synthetic practice has a few, or the comparison would prove nothing.
    expect(own.size).toBeGreaterThan(1);
    // One patient with nothing booked is given a session seven weeks ahead: raised there, however far the calendar is looked through.
    const unbooked = [...own.values()].find((r) => r.raiseAt === null);
    expect(unbooked).toBeDefined();
    const far = await vault.call('appointments:create', {
      appointment: {
        patientId: unbooked!.patientId,
        start: '2026-04-28T15:00:00.000Z',
        durationMinutes: 50,
        kind: 'therapy',
        location: 'Room 2',
        isVideo: false,
        note: '',
        recurrence: null,
      },
      acknowledgeWarnings: true,
    });
    own.set(unbooked!.patientId, (await readRupture(unbooked!.patientId))!);
    expect(own.get(unbooked!.patientId)?.raiseAt?.start).toBe(far.start);
    expect(far.start).toBe('2026-04-28T15:00:00.000Z');
    for (const range of RANGES) {
      const practice = await vault.call('outcomes:practice', range);
      const expected = [...own.values()]
        .filter((r) => r.sessionStart >= range.from && r.sessionStart < range.to)
        .sort((a, b) => b.sessionStart.localeCompare(a.sessionStart) || a.patientId.localeCompare(b.patientId));
      expect(practice.ruptures).toEqual(await Promise.all(expected.map(async (r) => ({ ...r, patientName: await nameOf(r.patientId) }))));
    }

    // Acknowledged with a note: off the patient's chart and off the practice's list alike.
    const [acknowledged] = [...own.values()];
    await vault.call('outcomes:acknowledge', {
      kind: 'rupture',
      patientId: acknowledged!.patientId,
      feedbackId: acknowledged!.feedbackId,
      note: 'Talked it through; kept the plan.',
      planVersionId: null,
    });
    expect(await readRupture(acknowledged!.patientId)).toBeNull();
    const after = await vault.call('outcomes:practice', RANGES[0]!);
    expect(after.ruptures.map((r) => r.patientId)).not.toContain(acknowledged!.patientId);
    expect(after.ruptures).toHaveLength(
      [...own.values()].filter((r) => r !== acknowledged && r.sessionStart >= RANGES[0]!.from && r.sessionStart < RANGES[0]!.to).length,
    );
  });

  it('lists as overdue what each patient in care has past due on their own schedule, a schedule set in the range included', async () => {
    const range = RANGES[1]!;
    const fromDay = localDay(range.from);
    const today = localDay(NOW);
    // Someone not measured in the range, given a schedule now: in care by that setting.
    const measuredIn = new Set<string>();
    const lastAnswer = new Map<string, string>();
    for (const patientId of patientIds) {
      const { measures } = await vault.call('feedback:trends', { patientId });
      if (measures.some((m) => m.date >= fromDay)) measuredIn.add(patientId);
      const last = measures
        .map((m) => m.date)
        .sort()
        .at(-1);
      if (last) lastAnswer.set(patientId, last);
    }
    const scheduled = patientIds.find((id) => !measuredIn.has(id) && lastAnswer.has(id));
    expect(scheduled).toBeDefined();
    await vault.call('measures:setSchedule', { patientId: scheduled!, instrument: 'phq9', everyDays: 14 });

    const expected: { patientId: string; instrument: string; dueOn: string; lastDate: string | null }[] = [];
    for (const patientId of [...measuredIn, scheduled!]) {
      const { entries } = await vault.call('measures:schedule', { patientId });
      for (const entry of entries) {
        if (entry.everyDays === null || entry.dueOn === null || entry.lastDate === null || entry.dueOn >= today) continue;
        expected.push({ patientId, instrument: entry.instrument, dueOn: entry.dueOn, lastDate: entry.lastDate });
      }
    }
    expect(expected.some((e) => e.patientId === scheduled)).toBe(true);
    const { overdue } = await vault.call('outcomes:practice', range);
    expect(overdue.map(({ patientId, instrument, dueOn, lastDate }) => ({ patientId, instrument, dueOn, lastDate }))).toEqual(
      expected.sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.patientId.localeCompare(b.patientId) || 0),
    );
    for (const row of overdue) expect(row.patientName).toBe(await nameOf(row.patientId));
  });
});

function readRupture(patientId: string) {
  return vault.call('feedback:rupture', { patientId });
}

async function nameOf(patientId: string): Promise<string> {
  const patient = await vault.call('patients:get', { id: patientId });
  return patientName(patient);
}

function localDay(instant: string): string {
  return instantToLocal(new Date(instant), TIME_ZONE).slice(0, 10);
}
