import { afterEach, describe, expect, it } from 'vitest';
import type { FeedbackAnswers } from '../../../shared/feedback';
import { openCalendarVault, weekly, type CalendarVault } from '../calendar/calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const rated = (score: number): FeedbackAnswers => ({
  heard: score,
  focus: score,
  approach: score,
  overall: score,
  helpful: '',
  notHelpful: '',
  unproductiveTopic: '',
});

/** Maren's weekly Tuesday session at 10:00 UTC from 3 November 2026, and a way to name each. */
async function weeklySeries(v: CalendarVault) {
  const series = await v.book({ start: '2026-11-03T10:00:00.000Z', recurrence: weekly({ type: 'never' }) });
  return (day: string) => ({ type: 'occurrence' as const, seriesId: series.seriesId!, originalStart: `2026-${day}T10:00:00` });
}

const day = (instant: string | undefined) => instant?.slice(5, 10);

describe('feedback is read in the order of the sessions it is about', () => {
  it('keeps the Dec 1 flag when the paper answers for Nov 24 are entered afterwards, on the chart, the calendar and the practice view', async () => {
    vault = await openCalendarVault('2026-11-01T08:00:00.000Z');
    const slot = await weeklySeries(vault);
    for (const given of ['11-03', '11-10', '11-17']) {
      vault.setNow(`2026-${given}T10:45:00.000Z`);
      await vault.call('feedback:record', { ref: slot(given), answers: rated(9) });
    }
    // Dec 1: a fall of three points from the average of 9, given in the session.
    vault.setNow('2026-12-01T10:45:00.000Z');
    const dec1 = await vault.call('feedback:record', { ref: slot('12-01'), answers: rated(6) });
    const before = await vault.call('feedback:trends', { patientId: vault.maren.id });
    expect(before.drop).toMatchObject({ feedbackId: dec1.id, reason: 'drop-from-average', score: 6, average: 9 });

    // The paper answers for Nov 24, entered after Dec 1's.
    vault.setNow('2026-12-01T12:00:00.000Z');
    await vault.call('feedback:record', { ref: slot('11-24'), answers: rated(9) });

    const trends = await vault.call('feedback:trends', { patientId: vault.maren.id });
    expect(trends.feedback.map((f) => day(f.sessionStart))).toEqual(['11-03', '11-10', '11-17', '11-24', '12-01']);
    expect(trends.drop).toMatchObject({ feedbackId: dec1.id, reason: 'drop-from-average', score: 6, average: 9 });
    expect(day(trends.drop?.raiseAt?.start)).toBe('12-08');

    const summary = await vault.call('chart:summary', { patientId: vault.maren.id });
    expect(summary.feedbackDrop).toMatchObject({ feedbackId: dec1.id, score: 6 });

    const calendar = await vault.range('2026-12-01T11:00:00.000Z', '2026-12-16T00:00:00.000Z');
    // 6 against her usual 9 is a rupture as well as a fall: raised once, as the rupture.
    expect(calendar.map((s) => `${day(s.start)} ${s.alerts.join(',')}`)).toEqual(['12-08 rupture', '12-15 ']);

    const range = { from: '2026-11-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' };
    expect((await vault.call('feedback:practice', range)).falling).toEqual([]);
    const { ruptures } = await vault.call('outcomes:practice', range);
    expect(ruptures).toMatchObject([{ feedbackId: dec1.id, score: 6, median: 9 }]);
    expect(day(ruptures[0]?.sessionStart)).toBe('12-01');
    expect(day(ruptures[0]?.raiseAt?.start)).toBe('12-08');
  });

  it('averages the sessions before the latest by their dates, whatever order they were entered in', async () => {
    vault = await openCalendarVault('2026-11-01T08:00:00.000Z');
    const slot = await weeklySeries(vault);
    vault.setNow('2026-11-24T12:00:00.000Z');
    // Entered newest first: the latest session (Nov 24, score 9) is no fall from the three before it.
    for (const [given, score] of [
      ['11-24', 9],
      ['11-17', 9],
      ['11-10', 9],
      ['11-03', 9],
    ] as const) {
      await vault.call('feedback:record', { ref: slot(given), answers: rated(score) });
    }
    expect((await vault.call('feedback:trends', { patientId: vault.maren.id })).drop).toBeNull();
    // An older session's low score entered last is not "the latest feedback".
    await vault
      .book({ start: '2026-10-27T10:00:00.000Z' })
      .then((old) => vault.call('feedback:record', { ref: old.ref, answers: rated(2) }));
    expect((await vault.call('feedback:trends', { patientId: vault.maren.id })).drop).toBeNull();
    expect((await vault.call('feedback:practice', { from: '2026-10-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' })).falling).toEqual(
      [],
    );
  });

  it('names the session after the one the feedback was about, never that same one, even when it was given before it began', async () => {
    vault = await openCalendarVault('2026-11-01T08:00:00.000Z');
    const slot = await weeklySeries(vault);
    // Handed over half an hour before Dec 1's session: a low score, for Dec 1.
    vault.setNow('2026-12-01T09:30:00.000Z');
    const low = await vault.call('feedback:record', { ref: slot('12-01'), answers: rated(3) });

    const trends = await vault.call('feedback:trends', { patientId: vault.maren.id });
    expect(trends.drop).toMatchObject({ feedbackId: low.id, reason: 'below-threshold' });
    expect(day(trends.drop?.raiseAt?.start)).toBe('12-08');
    expect(day((await vault.call('chart:summary', { patientId: vault.maren.id })).feedbackDrop?.raiseAt?.start)).toBe('12-08');
    const practice = await vault.call('feedback:practice', { from: '2026-11-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' });
    expect(day(practice.falling[0]?.nextSession?.start)).toBe('12-08');
    const calendar = await vault.range('2026-12-01T00:00:00.000Z', '2026-12-09T00:00:00.000Z');
    expect(calendar.map((s) => `${day(s.start)} ${s.alerts.join(',')}`)).toEqual(['12-01 ', '12-08 feedback-drop']);
  });
});
