import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goalRatingDue } from '../../../shared/goal-ratings';
import { diffPlanContent, emptyPlanContent, planDraftContentSchema, storedPlanContent, type Goal } from '../../../shared/plan';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';
import { PASSPHRASE } from '../support/temp-vault';

function goal(words: string): Goal {
  return {
    id: randomUUID(),
    patientWords: words,
    formulation: 'Formulated by the clinician',
    objectives: [{ id: randomUUID(), description: 'Something measurable', measure: '', targetDate: '2026-06-01', status: 'not-started' }],
  };
}

describe('when a goal is due to be rated', () => {
  it('is due when never rated, and after the plan’s interval in days', () => {
    expect(goalRatingDue('4-weeks', null, '2026-03-10')).toBe(true);
    expect(goalRatingDue('4-weeks', '2026-02-11', '2026-03-10')).toBe(false);
    expect(goalRatingDue('4-weeks', '2026-02-10', '2026-03-10')).toBe(true);
    expect(goalRatingDue('2-weeks', '2026-02-25', '2026-03-10')).toBe(false);
    expect(goalRatingDue('2-weeks', '2026-02-24', '2026-03-10')).toBe(true);
  });

  it('is due at every session not yet rated, when the plan says every session', () => {
    expect(goalRatingDue('every-session', '2026-03-10', '2026-03-10', false)).toBe(true);
    expect(goalRatingDue('every-session', '2026-03-10', '2026-03-10', true)).toBe(false);
  });

  it('reads a version written before the interval was asked as every 4 weeks, and says when the interval changed', () => {
    const { goalRatingInterval: _omitted, ...older } = emptyPlanContent('2026-03-10', 90);
    expect(planDraftContentSchema.parse(storedPlanContent(older)).goalRatingInterval).toBe('4-weeks');
    const before = emptyPlanContent('2026-03-10', 90);
    expect(diffPlanContent(before, { ...before, goalRatingInterval: 'every-session' })).toEqual([
      {
        section: 'The plan',
        item: null,
        field: 'Goal ratings by the patient',
        kind: 'changed',
        before: 'Every 4 weeks',
        after: 'Every session',
      },
    ]);
  });
});

describe('the patient’s ratings of their own goals', () => {
  let vault: CalendarVault;
  let sleep: Goal;
  let myself: Goal;
  let versionId: string;

  beforeAll(async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    const patientId = vault.maren.id;
    // No plan agreed yet: there is nothing to rate, and the goals cannot be handed over.
    const early = await vault.book({ start: '2026-03-03T09:00:00.000Z' });
    vault.setNow('2026-03-03T09:30:00.000Z');
    expect(await vault.call('plans:goalsToRate', { patientId, ref: null })).toBeNull();
    expect((await vault.refuse('patientMode:enter', { ref: early.ref, forms: ['goals'] })).code).toBe('CONFLICT');
    vault.setNow('2026-03-10T08:00:00.000Z');

    const plan = await vault.call('plans:create', { patientId });
    sleep = goal('I want to sleep through the night');
    myself = goal('I want to feel like myself again');
    const saved = await vault.call('plans:saveDraft', {
      versionId: plan.current.id,
      version: plan.current.version,
      content: { ...plan.current.content, goals: [sleep, myself], goalRatingInterval: '2-weeks' },
    });
    versionId = saved.id;
    await vault.call('plans:agree', {
      versionId,
      version: saved.version,
      agreement: { date: '2026-03-10', method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' },
    });
  });
  afterAll(async () => {
    await vault?.dispose();
  });

  it('are given in patient mode, the patient seeing only their own words, and kept with the version, goal and session', async () => {
    vault.setNow('2026-03-10T10:40:00.000Z');
    const session = await vault.book({ start: '2026-03-10T10:00:00.000Z' });
    const due = await vault.call('plans:goalsToRate', { patientId: vault.maren.id, ref: session.ref });
    expect(due).toMatchObject({ planVersionId: versionId, interval: '2-weeks', due: true });

    await vault.call('patientMode:enter', { ref: session.ref, forms: ['feedback', 'goals'] });
    const shown = await vault.call('patientMode:goals', {});
    expect(shown).toEqual({
      goals: [
        { goalId: sleep.id, patientWords: 'I want to sleep through the night' },
        { goalId: myself.id, patientWords: 'I want to feel like myself again' },
      ],
    });
    expect(JSON.stringify(shown)).not.toContain('Formulated');
    const status = await vault.call('patientMode:submitGoalRatings', {
      ratings: [
        { goalId: sleep.id, rating: 3 },
        { goalId: myself.id, rating: 6 },
      ],
    });
    expect(status.completed).toEqual(['goals']);
    expect((await vault.refuse('patientMode:submitGoalRatings', { ratings: [{ goalId: sleep.id, rating: 4 }] })).code).toBe('CONFLICT');
    await vault.call('patientMode:leave', { passphrase: PASSPHRASE });

    const plan = await vault.call('plans:forPatient', { patientId: vault.maren.id });
    expect(plan?.goalRatings).toMatchObject([
      {
        goalId: sleep.id,
        rating: 3,
        date: '2026-03-10',
        source: 'patient',
        planVersionId: versionId,
        appointmentId: session.ref.type === 'single' ? session.ref.id : '',
      },
      { goalId: myself.id, rating: 6, date: '2026-03-10', source: 'patient', planVersionId: versionId },
    ]);
    const actions = (await vault.call('audit:forPatient', { patientId: vault.maren.id })).map((e) => e.action);
    expect(actions.filter((a) => a === 'plan.goal-rating')).toHaveLength(2);
    // Rated today at this session: not due again until two weeks have passed.
    expect((await vault.call('plans:goalsToRate', { patientId: vault.maren.id, ref: session.ref }))?.due).toBe(false);
    // A goal is rated once a session, whoever enters it.
    expect(
      (
        await vault.refuse('plans:rateGoals', {
          patientId: vault.maren.id,
          ref: session.ref,
          date: null,
          ratings: [{ goalId: sleep.id, rating: 5 }],
        })
      ).code,
    ).toBe('CONFLICT');
  });

  it('are entered by the clinician from paper, marked so, and only for goals of the plan agreed', async () => {
    vault.setNow('2026-03-24T12:00:00.000Z');
    const toRate = await vault.call('plans:goalsToRate', { patientId: vault.maren.id, ref: null });
    expect(toRate?.due).toBe(true);
    expect(toRate?.goals.map((g) => g.last)).toEqual([
      { rating: 3, date: '2026-03-10' },
      { rating: 6, date: '2026-03-10' },
    ]);
    const entered = await vault.call('plans:rateGoals', {
      patientId: vault.maren.id,
      ref: null,
      date: '2026-03-23',
      ratings: [{ goalId: myself.id, rating: 8 }],
    });
    expect(entered).toMatchObject([{ goalId: myself.id, rating: 8, date: '2026-03-23', source: 'clinician', appointmentId: null }]);
    const stranger = await vault.refuse('plans:rateGoals', {
      patientId: vault.maren.id,
      ref: null,
      date: null,
      ratings: [{ goalId: randomUUID(), rating: 5 }],
    });
    expect(stranger.code).toBe('INVALID_INPUT');
    expect(
      (
        await vault.refuse('plans:rateGoals', {
          patientId: vault.maren.id,
          ref: null,
          date: '2026-03-25',
          ratings: [{ goalId: sleep.id, rating: 5 }],
        })
      ).code,
    ).toBe('INVALID_INPUT');
    expect(
      (
        await vault.refuse('plans:rateGoals', {
          patientId: vault.maren.id,
          ref: null,
          date: null,
          ratings: [{ goalId: sleep.id, rating: 11 }],
        })
      ).code,
    ).toBe('INVALID_INPUT');
    const plan = await vault.call('plans:forPatient', { patientId: vault.maren.id });
    expect(plan?.goalRatings.map((r) => `${r.date} ${r.rating} ${r.source}`)).toEqual([
      '2026-03-10 3 patient',
      '2026-03-10 6 patient',
      '2026-03-23 8 clinician',
    ]);
  });
});
