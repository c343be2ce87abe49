import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OccurrenceRef } from '../../../shared/appointment';
import { describeRupture, median, ruptureSignal, type RuptureRule } from '../../../shared/outcomes-ruptures';
import { DEFAULT_PREFERENCES } from '../../../shared/preferences';
import { openCalendarVault, weekly, type CalendarVault } from '../calendar/calendar-vault';

const RULE: RuptureRule = { belowMedianBy: DEFAULT_PREFERENCES.ruptureBelowMedianBy };

describe('a rupture read against the patient’s own median', () => {
  it('flags a patient who always rates 10 and falls to 8, and not one who rates 6–7 steadily', () => {
    expect(ruptureSignal([10, 10, 10, 10, 8], [], RULE)).toEqual({ kind: 'below-median', score: 8, median: 10, sessions: 4, symptoms: [] });
    expect(ruptureSignal([6, 7, 6, 7, 6], [], RULE)).toBeNull();
    expect(ruptureSignal([7, 6, 7, 6, 7, 6], [], RULE)).toBeNull();
    // The same 8 is no fall for a patient whose usual is 8.5, and a fixed threshold would miss the 10-rater.
    expect(ruptureSignal([8, 9, 8, 9, 8], [], RULE)).toBeNull();
  });

  it('uses the median, so one bad session earlier does not move the usual; and needs three earlier sessions', () => {
    expect(median([10, 10, 2, 10])).toBe(10);
    expect(ruptureSignal([10, 2, 10, 10, 8.5], [], RULE)).toMatchObject({ kind: 'below-median', median: 10 });
    expect(ruptureSignal([10, 10, 8], [], RULE)).toBeNull();
    // The set amount is the preference's: a fall of exactly it counts, less does not.
    expect(ruptureSignal([9, 9, 9, 7.5], [], RULE)).toMatchObject({ kind: 'below-median' });
    expect(ruptureSignal([9, 9, 9, 7.6], [], RULE)).toBeNull();
    expect(ruptureSignal([9, 9, 9, 7.6], [], { belowMedianBy: 1 })).toMatchObject({ kind: 'below-median' });
  });

  it('flags a smaller fall together with a flat or rising PHQ-9 or GAD-7, not with improving ones', () => {
    const phq = (...scores: number[]) => scores.map((score) => ({ instrument: 'phq9' as const, score }));
    expect(ruptureSignal([9, 9, 9, 8], phq(12, 13), RULE)).toEqual({
      kind: 'with-symptoms',
      score: 8,
      median: 9,
      sessions: 3,
      symptoms: [{ instrument: 'phq9', previous: 12, latest: 13 }],
    });
    // Flat: at most a point lower.
    expect(ruptureSignal([9, 9, 9, 8], phq(12, 11), RULE)?.kind).toBe('with-symptoms');
    expect(ruptureSignal([9, 9, 9, 8], phq(14, 10), RULE)).toBeNull();
    expect(ruptureSignal([9, 9, 9, 8], phq(12), RULE)).toBeNull();
    // A fall of less than a point is not a signal even with symptoms rising.
    expect(ruptureSignal([9, 9, 9, 8.5], phq(12, 15), RULE)).toBeNull();
    expect(
      ruptureSignal([9, 9, 9, 8], [...phq(14, 10), { instrument: 'gad7', score: 8 }, { instrument: 'gad7', score: 8 }], RULE)?.symptoms,
    ).toEqual([{ instrument: 'gad7', previous: 8, latest: 8 }]);
  });

  it('says why, with the numbers', () => {
    expect(describeRupture({ kind: 'below-median', score: 8, median: 10, sessions: 4, symptoms: [] })).toBe(
      'Last session rated 8.0 of 10, against this patient’s usual 10.0 (the median of 4 earlier sessions): 2.0 points below it.',
    );
    expect(
      describeRupture({
        kind: 'with-symptoms',
        score: 8,
        median: 9,
        sessions: 3,
        symptoms: [{ instrument: 'phq9', previous: 12, latest: 13 }],
      }),
    ).toBe(
      'Last session rated 8.0 of 10, against this patient’s usual 9.0 (the median of 3 earlier sessions), while symptoms are not improving: PHQ-9 from 12 to 13.',
    );
  });
});

describe('a rupture raised at the next session', () => {
  let vault: CalendarVault;
  const sessionsOf = new Map<string, string>();
  const rate = (v: CalendarVault, seriesId: string, day: string, score: number) =>
    v.call('feedback:record', {
      ref: { type: 'occurrence', seriesId, originalStart: `2026-02-${day}T09:00:00` } satisfies OccurrenceRef,
      answers: { heard: score, focus: score, approach: score, overall: score, helpful: '', notHelpful: '', unproductiveTopic: '' },
    });

  beforeAll(async () => {
    vault = await openCalendarVault('2026-02-25T12:00:00.000Z');
    // Maren always rates 10, then 8; Tomas rates 6 and 7 by turns. Weekly on Tuesdays from 3 February.
    const maren = await vault.book({ start: '2026-02-03T09:00:00.000Z', recurrence: weekly({ type: 'count', count: 6 }) });
    const tomas = await vault.book({
      patientId: vault.tomas.id,
      start: '2026-02-03T09:00:00.000Z',
      recurrence: weekly({ type: 'count', count: 6 }),
    });
    sessionsOf.set('maren', maren.seriesId ?? '');
    sessionsOf.set('tomas', tomas.seriesId ?? '');
    for (const [day, score] of [
      ['03', 10],
      ['10', 10],
      ['17', 10],
      ['24', 8],
    ] as const)
      await rate(vault, maren.seriesId ?? '', day, score);
    for (const [day, score] of [
      ['03', 6],
      ['10', 7],
      ['17', 6],
      ['24', 7],
    ] as const)
      await rate(vault, tomas.seriesId ?? '', day, score);
  });
  afterAll(async () => {
    await vault?.dispose();
  });

  it('flags the session after the fall, with the why, and not the steady patient', async () => {
    const week = await vault.range('2026-02-25T00:00:00.000Z', '2026-03-12T00:00:00.000Z', false);
    const flags = week.map(
      (s) => `${s.patientName.split(',')[0]} ${s.start.slice(5, 10)} ${s.alerts.includes('rupture') ? 'rupture' : '-'}`,
    );
    expect(flags.sort()).toEqual(['Holloway 03-03 rupture', 'Holloway 03-10 -', 'Lindqvist 03-03 -', 'Lindqvist 03-10 -']);
    // 10, 10, 10, then 8 is also a fall of 2 from the average: raised once, as the rupture, which says why.
    expect(week.find((s) => s.alerts.includes('rupture'))?.alerts).not.toContain('feedback-drop');
    // And once in the practice view: among the ruptures, not also among the ratings that fell.
    const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
    expect((await vault.call('feedback:practice', range)).falling).toEqual([]);
    expect((await vault.call('outcomes:practice', range)).ruptures.map((r) => r.patientName)).toEqual(['Holloway, Maren']);

    const rupture = await vault.call('feedback:rupture', { patientId: vault.maren.id });
    expect(rupture).toMatchObject({ kind: 'below-median', score: 8, median: 10, sessions: 3, sessionStart: '2026-02-24T09:00:00.000Z' });
    expect(rupture?.raiseAt?.start).toBe('2026-03-03T09:00:00.000Z');
    expect(await vault.call('feedback:rupture', { patientId: vault.tomas.id })).toBeNull();

    // On the day, the Today view carries the same flag on that session.
    vault.setNow('2026-03-03T07:00:00.000Z');
    const today = await vault.call('today:get', {});
    expect(
      today.sessions.map((s) => `${s.appointment.patientName.split(',')[0]} ${s.appointment.alerts.includes('rupture')}`).sort(),
    ).toEqual(['Holloway true', 'Lindqvist false']);
  });

  it('ends once the feedback is discussed: a progress update cites it', async () => {
    vault.setNow('2026-03-03T07:05:00.000Z');
    const rupture = await vault.call('feedback:rupture', { patientId: vault.maren.id });
    const plan = await vault.call('plans:create', { patientId: vault.maren.id });
    const goalId = randomUUID();
    await vault.call('plans:saveDraft', {
      versionId: plan.current.id,
      version: plan.current.version,
      content: { ...plan.current.content, goals: [{ id: goalId, patientWords: 'Feel like myself', formulation: '', objectives: [] }] },
    });
    await vault.call('plans:addProgress', {
      planId: plan.planId,
      update: {
        goalId,
        date: '2026-03-03',
        rating: 4,
        working: '',
        notWorking: 'Felt rushed last time',
        noteId: null,
        feedbackId: rupture?.feedbackId ?? null,
      },
    });
    expect(await vault.call('feedback:rupture', { patientId: vault.maren.id })).toBeNull();
  });

  it('is acknowledged like an outcome flag: with a note and the plan version it led to, audited, once, and the older way still counts', async () => {
    // The progress update above discussed the rating of 24 February: it is not acknowledged again.
    const discussed = await vault.call('feedback:rupture', { patientId: vault.maren.id });
    expect(discussed).toBeNull();
    const marenFeedback = (await vault.call('feedback:trends', { patientId: vault.maren.id })).feedback;
    const old = marenFeedback.at(-1)!;
    expect(old.discussedAt).not.toBeNull();
    const note = 'Discussed on 10 March; agreed to slow down and check in at the end of each session.';
    expect(
      (
        await vault.refuse('outcomes:acknowledge', {
          patientId: vault.maren.id,
          kind: 'rupture',
          feedbackId: old.id,
          note,
          planVersionId: null,
        })
      ).code,
    ).toBe('CONFLICT');

    // 3 March rated 7 against her usual 10: a new rupture, raised on 10 March, on the chart and in the practice view.
    vault.setNow('2026-03-03T10:00:00.000Z');
    await vault.call('feedback:record', {
      ref: { type: 'occurrence', seriesId: sessionsOf.get('maren') ?? '', originalStart: '2026-03-03T09:00:00' },
      answers: { heard: 7, focus: 7, approach: 7, overall: 7, helpful: '', notHelpful: '', unproductiveTopic: '' },
    });
    const reading = await vault.call('outcomes:patient', { patientId: vault.maren.id });
    expect(reading.rupture).toMatchObject({ kind: 'below-median', score: 7, median: 10, sessionStart: '2026-03-03T09:00:00.000Z' });
    const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' };
    expect((await vault.call('outcomes:practice', range)).ruptures).toMatchObject([
      { patientId: vault.maren.id, patientName: 'Holloway, Maren', score: 7, raiseAt: { start: '2026-03-10T09:00:00.000Z' } },
    ]);
    const tenth = async () =>
      (await vault.range('2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z', false)).find((s) => s.patientId === vault.maren.id)!
        .alerts;
    expect(await tenth()).toEqual(['rupture']);

    const feedbackId = reading.rupture!.feedbackId;
    const tomasFeedback = (await vault.call('feedback:trends', { patientId: vault.tomas.id })).feedback.at(-1)!;
    // Not another patient's feedback, not one that raises no rupture, and never without a note.
    expect(
      (
        await vault.refuse('outcomes:acknowledge', {
          patientId: vault.maren.id,
          kind: 'rupture',
          feedbackId: tomasFeedback.id,
          note,
          planVersionId: null,
        })
      ).code,
    ).toBe('NOT_FOUND');
    expect(
      (
        await vault.refuse('outcomes:acknowledge', {
          patientId: vault.tomas.id,
          kind: 'rupture',
          feedbackId: tomasFeedback.id,
          note,
          planVersionId: null,
        })
      ).code,
    ).toBe('INVALID_INPUT');
    expect(
      (
        await vault.refuse('outcomes:acknowledge', {
          patientId: vault.maren.id,
          kind: 'rupture',
          feedbackId,
          note: ' ',
          planVersionId: null,
        })
      ).code,
    ).toBe('INVALID_INPUT');

    const plan = await vault.call('plans:forPatient', { patientId: vault.maren.id });
    const planVersionId = plan!.versions[0]!.id;
    const acknowledgement = await vault.call('outcomes:acknowledge', {
      patientId: vault.maren.id,
      kind: 'rupture',
      feedbackId,
      note,
      planVersionId,
    });
    expect(acknowledgement).toMatchObject({ kind: 'rupture', feedbackId, measureId: null, note, planVersionId, planVersionNumber: 1 });
    const after = await vault.call('outcomes:patient', { patientId: vault.maren.id });
    expect(after.rupture).toBeNull();
    expect(after.acknowledgements).toEqual([acknowledgement]);
    // The acknowledgement is the feedback discussed: no rupture, and no fall to raise either.
    expect(await tenth()).toEqual([]);
    expect((await vault.call('feedback:trends', { patientId: vault.maren.id })).drop).toBeNull();
    expect((await vault.call('outcomes:practice', range)).ruptures).toEqual([]);
    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id });
    expect(audit.filter((e) => e.action === 'outcome-flag.acknowledge').map((e) => e.recordId)).toEqual([acknowledgement.id]);
    expect(
      (await vault.refuse('outcomes:acknowledge', { patientId: vault.maren.id, kind: 'rupture', feedbackId, note, planVersionId: null }))
        .code,
    ).toBe('CONFLICT');
  });
});
