import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { CHANNELS } from '../../../shared/contract';
import type { FeedbackAnswers } from '../../../shared/feedback';
import { PATIENT_MODE_CHANNELS } from '../../../electron/patient-mode';
import { openCalendarVault, weekly, type CalendarVault } from '../calendar/calendar-vault';
import { VALID_EXAMPLES } from '../support/channel-examples';
import { PASSPHRASE } from '../support/temp-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const GOOD: FeedbackAnswers = {
  heard: 9,
  focus: 8,
  approach: 9,
  overall: 9,
  helpful: 'The breathing exercise',
  notHelpful: '',
  unproductiveTopic: '',
};

/** A session that is on now, 10:00–10:50, and patient mode entered from it with the forms given. */
async function handOver(v: CalendarVault, forms: ('feedback' | 'phq9' | 'gad7')[] = ['feedback', 'phq9']) {
  v.setNow('2026-03-10T10:40:00.000Z');
  const session = await v.book({ start: '2026-03-10T10:00:00.000Z' });
  const status = await v.call('patientMode:enter', { ref: session.ref, forms });
  return { session, status };
}

describe('patient mode', () => {
  it('answers nothing but the feedback forms, whatever the window asks, until the passphrase ends it', async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    const { status } = await handOver(vault);
    expect(status).toEqual({ active: true, forms: ['feedback', 'phq9'], completed: [] });

    for (const channel of CHANNELS.filter((c) => !PATIENT_MODE_CHANNELS.has(c))) {
      const refused = await vault.refuse(channel, VALID_EXAMPLES[channel]);
      expect(refused, channel).toEqual({
        code: 'PATIENT_MODE',
        message: 'Alliance is in patient mode: only the feedback forms are open. The clinician’s passphrase ends patient mode.',
      });
    }
    // Not even an unknown channel gets further.
    expect((await vault.refuse('debug:dump', {})).code).toBe('PATIENT_MODE');
    expect(await vault.call('patientMode:status', {})).toEqual(status);
  });

  it('keeps the laptop in patient mode on a wrong passphrase, and gives it back on the right one', async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    await handOver(vault);
    const wrong = await vault.refuse('patientMode:leave', { passphrase: 'guessing at random' });
    expect(wrong).toMatchObject({ code: 'WRONG_PASSPHRASE', message: 'That is not the passphrase. The laptop stays in patient mode.' });
    expect((await vault.call('patientMode:status', {})).active).toBe(true);
    expect((await vault.refuse('patients:list', {})).code).toBe('PATIENT_MODE');

    const left = await vault.call('patientMode:leave', { passphrase: PASSPHRASE });
    expect(left).toEqual({ status: { active: false, forms: [], completed: [] }, selfHarmAlerts: [] });
    expect(await vault.call('patients:list', {})).toHaveLength(2);
    const actions = (await vault.call('audit:forPatient', { patientId: vault.maren.id })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['patient-mode.enter', 'patient-mode.leave']));
  });

  it('takes each form handed over once, for the session it was entered from, and shows the patient no score', async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    const { session } = await handOver(vault, ['feedback', 'phq9']);
    const afterFeedback = await vault.call('patientMode:submitFeedback', { answers: GOOD });
    expect(afterFeedback).toEqual({ active: true, forms: ['feedback', 'phq9'], completed: ['feedback'] });
    expect((await vault.refuse('patientMode:submitFeedback', { answers: GOOD })).code).toBe('CONFLICT');
    expect(
      (
        await vault.refuse('patientMode:submitMeasure', {
          measure: { instrument: 'gad7', answers: [0, 0, 0, 0, 0, 0, 0], difficulty: null },
        })
      ).code,
    ).toBe('FORBIDDEN');
    const done = await vault.call('patientMode:submitMeasure', {
      measure: { instrument: 'phq9', answers: [1, 1, 1, 1, 1, 1, 1, 1, 0], difficulty: 1 },
    });
    expect(done).toEqual({ active: true, forms: ['feedback', 'phq9'], completed: ['feedback', 'phq9'] });
    expect(JSON.stringify(done)).not.toMatch(/score|band|Mild/);

    await vault.call('patientMode:leave', { passphrase: PASSPHRASE });
    const given = await vault.call('feedback:forSession', { ref: session.ref });
    expect(given.feedback).toMatchObject({ ...GOOD, source: 'patient', score: 8.8, sessionStart: '2026-03-10T10:00:00.000Z' });
    expect(given.measures).toMatchObject([
      { instrument: 'phq9', score: 8, band: 'Mild', selfHarm: false, source: 'patient', date: '2026-03-10', difficulty: 1 },
    ]);
  });

  it('tells the clinician, never the patient, of a PHQ-9 item 9 above “Not at all”, until acknowledged', async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    await handOver(vault, ['phq9']);
    const submitted = await vault.call('patientMode:submitMeasure', {
      measure: { instrument: 'phq9', answers: [2, 2, 1, 1, 0, 2, 1, 0, 2], difficulty: 2 },
    });
    expect(JSON.stringify(submitted)).not.toMatch(/self|harm|item|alert/i);

    const left = await vault.call('patientMode:leave', { passphrase: PASSPHRASE });
    expect(left.selfHarmAlerts).toEqual([
      {
        measureId: expect.any(String),
        patientId: vault.maren.id,
        patientName: 'Holloway, Maren',
        date: '2026-03-10',
        answer: 'More than half the days',
        score: 11,
      },
    ]);
    const summary = await vault.call('chart:summary', { patientId: vault.maren.id });
    expect(summary.selfHarmAlerts).toHaveLength(1);
    // The practice view lists it too, whatever months it shows, so it never waits on a chart nobody opens.
    const longAgo = { from: '2024-01-01T00:00:00.000Z', to: '2024-02-01T00:00:00.000Z' };
    expect((await vault.call('feedback:practice', longAgo)).selfHarm).toEqual(left.selfHarmAlerts);
    const measureId = left.selfHarmAlerts[0]!.measureId;
    // Acknowledging says what was done: at least one step or a note.
    expect(await vault.refuse('measures:acknowledge', { measureId, acknowledgement: { actions: [], note: '  ' } })).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('Choose what was done, or write it in the note.'),
    });
    expect((await vault.call('chart:summary', { patientId: vault.maren.id })).selfHarmAlerts).toHaveLength(1);
    const acknowledged = await vault.call('measures:acknowledge', {
      measureId,
      acknowledgement: {
        actions: ['discussed-in-session', 'safety-plan-reviewed'],
        note: ' Agreed to call the crisis line if the thoughts return. ',
      },
    });
    expect(acknowledged.acknowledgedAt).toBe('2026-03-10T10:40:00.000Z');
    expect(acknowledged.acknowledgement).toEqual({
      actions: ['discussed-in-session', 'safety-plan-reviewed'],
      note: 'Agreed to call the crisis line if the thoughts return.',
    });
    // Kept as recorded: a second acknowledgement is refused and changes nothing.
    expect(
      (await vault.refuse('measures:acknowledge', { measureId, acknowledgement: { actions: ['contacted-patient'], note: '' } })).code,
    ).toBe('CONFLICT');
    const trends = await vault.call('feedback:trends', { patientId: vault.maren.id });
    expect(trends.measures.find((m) => m.id === measureId)?.acknowledgement?.actions).toEqual([
      'discussed-in-session',
      'safety-plan-reviewed',
    ]);
    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id });
    expect(audit.filter((e) => e.action === 'measure.acknowledge').map((e) => e.recordId)).toEqual([measureId]);
    expect((await vault.call('chart:summary', { patientId: vault.maren.id })).selfHarmAlerts).toEqual([]);
    expect((await vault.call('feedback:practice', longAgo)).selfHarm).toEqual([]);
  });

  it('records a session with no attendance as attended when the laptop is handed over, and leaves one recorded otherwise', async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    const { session } = await handOver(vault, ['feedback']);
    expect(session.attendance).toBe('scheduled');
    await vault.call('patientMode:leave', { passphrase: PASSPHRASE });
    expect((await vault.call('appointments:get', { ref: session.ref })).attendance).toBe('attended');
    const actions = (await vault.call('audit:forPatient', { patientId: vault.maren.id })).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['session.attendance', 'patient-mode.enter']));

    // Recorded late beforehand: it stays late, with its minutes.
    const late = await vault.book({ start: '2026-03-10T11:00:00.000Z', patientId: vault.tomas.id });
    vault.setNow('2026-03-10T11:30:00.000Z');
    await vault.call('appointments:setAttendance', { ref: late.ref, attendance: 'late', lateMinutes: 12 });
    await vault.call('patientMode:enter', { ref: late.ref, forms: ['feedback'] });
    await vault.call('patientMode:leave', { passphrase: PASSPHRASE });
    expect(await vault.call('appointments:get', { ref: late.ref })).toMatchObject({ attendance: 'late', lateMinutes: 12 });
  });

  it('gives the patient the practice’s crisis contacts, and nothing else of the settings', async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    expect(
      (await vault.refuse('preferences:update', { crisisContacts: Array.from({ length: 9 }, (_, i) => `Line ${i + 1}`).join('\n') }))
        .message,
    ).toMatch(/At most 8 lines/);
    await vault.call('preferences:update', {
      crisisContacts: '  Samaritans 116 123\nThe practice: 0131 496 0000  ',
      clinicianName: 'Dr Reyes',
    });
    await handOver(vault, ['phq9']);
    expect(await vault.call('patientMode:support', {})).toEqual({ crisisContacts: 'Samaritans 116 123\nThe practice: 0131 496 0000' });
    expect((await vault.refuse('preferences:get', {})).code).toBe('PATIENT_MODE');
  });

  it('is for today’s session only, and a lock ends it', async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    const later = await vault.book({ start: '2026-03-17T10:00:00.000Z' });
    expect((await vault.refuse('patientMode:enter', { ref: later.ref, forms: ['feedback'] })).message).toMatch(/today’s session/);
    await handOver(vault, ['gad7']);
    await vault.call('vault:lock', {});
    await vault.call('vault:unlock', { passphrase: PASSPHRASE });
    expect((await vault.call('patientMode:status', {})).active).toBe(false);
    expect(await vault.call('patients:list', {})).toHaveLength(2);
  });
});

describe('feedback over time', () => {
  it('flags the next session when the ratings fall, and the flag ends once the feedback is raised in a plan', async () => {
    vault = await openCalendarVault('2026-02-01T08:00:00.000Z');
    const series = await vault.book({ start: '2026-02-03T10:00:00.000Z', recurrence: weekly({ type: 'never' }) });
    const slot = (day: string) => ({ type: 'occurrence' as const, seriesId: series.seriesId!, originalStart: `2026-${day}T10:00:00` });
    const days = ['02-03', '02-10', '02-17', '02-24'];
    for (const [index, day] of days.entries()) {
      vault.setNow(`2026-${day}T11:00:00.000Z`);
      const overall = index < 3 ? 9 : 6;
      await vault.call('feedback:record', {
        ref: slot(day),
        answers: { ...GOOD, heard: overall, focus: overall, approach: overall, overall },
      });
    }

    const trends = await vault.call('feedback:trends', { patientId: vault.maren.id });
    expect(trends.feedback.map((f) => `${f.sessionStart.slice(5, 10)} ${f.score} ${f.source}`)).toEqual([
      '02-03 9 clinician',
      '02-10 9 clinician',
      '02-17 9 clinician',
      '02-24 6 clinician',
    ]);
    expect(trends.drop).toEqual({
      feedbackId: trends.feedback[3]!.id,
      reason: 'drop-from-average',
      score: 6,
      average: 9,
      raiseAt: expect.objectContaining({ start: '2026-03-03T10:00:00.000Z' }),
    });

    // Only the next session carries the alert, and only while it is still to come.
    // The fall is from the patient's own usual too: raised once, as the rupture to talk about (tests/unit/feedback/ruptures.test.ts).
    const upcoming = await vault.range('2026-02-24T12:00:00.000Z', '2026-03-11T00:00:00.000Z');
    expect(upcoming.map((s) => `${s.start.slice(5, 10)} ${s.alerts.join(',')}`)).toEqual(['03-03 rupture', '03-10 ']);
    expect((await vault.call('chart:summary', { patientId: vault.maren.id })).feedbackDrop?.reason).toBe('drop-from-average');

    await vault.call('diagnoses:add', {
      patientId: vault.maren.id,
      diagnosis: { code: 'F41.1', status: 'active', isPrimary: true, onsetDate: '', note: '' },
    });
    const plan = await vault.call('plans:create', { patientId: vault.maren.id });
    const goalId = randomUUID();
    const content = {
      ...plan.current.content,
      goals: [
        {
          id: goalId,
          patientWords: 'Worry less',
          formulation: '',
          objectives: [
            { id: randomUUID(), description: 'GAD-7 below 10', measure: 'GAD-7', targetDate: '2026-06-01', status: 'not-started' as const },
          ],
        },
      ],
    };
    const saved = await vault.call('plans:saveDraft', { versionId: plan.current.id, version: 1, content });
    const agreed = await vault.call('plans:agree', {
      versionId: saved.id,
      version: saved.version,
      agreement: { date: '2026-02-24', method: 'verbal', declineReason: '', recordedBy: 'Dr Reyes' },
    });
    const revised = await vault.call('plans:revise', {
      planId: agreed.planId,
      reason: 'Feedback: the pace of exposure work felt too fast',
      feedbackId: trends.drop!.feedbackId,
    });
    expect(revised.current.feedbackId).toBe(trends.drop!.feedbackId);
    expect((await vault.call('feedback:trends', { patientId: vault.maren.id })).drop).toBeNull();
    expect((await vault.range('2026-02-24T12:00:00.000Z', '2026-03-11T00:00:00.000Z')).map((s) => s.alerts)).toEqual([[], []]);
  });

  it('flags the session after the one the feedback was given on, even while that one is still running, and the session itself says so', async () => {
    vault = await openCalendarVault('2026-03-10T08:00:00.000Z');
    const series = await vault.book({ start: '2026-03-10T10:00:00.000Z', recurrence: weekly({ type: 'never' }) });
    vault.setNow('2026-03-10T10:40:00.000Z');
    await vault.call('patientMode:enter', { ref: series.ref, forms: ['feedback'] });
    await vault.call('patientMode:submitFeedback', { answers: { ...GOOD, heard: 3, focus: 3, approach: 3, overall: 3 } });
    await vault.call('patientMode:leave', { passphrase: PASSPHRASE });

    const sessions = await vault.range('2026-03-10T00:00:00.000Z', '2026-03-18T00:00:00.000Z');
    expect(sessions.map((s) => `${s.start.slice(5, 10)} ${s.alerts.join(',')}`)).toEqual(['03-10 ', '03-17 feedback-drop']);
    const next = await vault.call('appointments:get', {
      ref: { type: 'occurrence', seriesId: series.seriesId!, originalStart: '2026-03-17T10:00:00' },
    });
    expect(next.alerts).toEqual(['feedback-drop']);
    expect((await vault.call('appointments:get', { ref: series.ref })).alerts).toEqual([]);
  });

  it('cites feedback in a progress update, which marks it raised', async () => {
    vault = await openCalendarVault('2026-02-10T11:00:00.000Z');
    const session = await vault.book({ start: '2026-02-10T10:00:00.000Z' });
    const low = await vault.call('feedback:record', {
      ref: session.ref,
      answers: { ...GOOD, heard: 3, focus: 4, approach: 5, overall: 4 },
    });
    expect((await vault.call('chart:summary', { patientId: vault.maren.id })).feedbackDrop).toMatchObject({
      reason: 'below-threshold',
      score: 4,
    });
    await vault.call('diagnoses:add', {
      patientId: vault.maren.id,
      diagnosis: { code: 'F41.1', status: 'active', isPrimary: true, onsetDate: '', note: '' },
    });
    const plan = await vault.call('plans:create', { patientId: vault.maren.id });
    const goalId = randomUUID();
    await vault.call('plans:saveDraft', {
      versionId: plan.current.id,
      version: 1,
      content: { ...plan.current.content, goals: [{ id: goalId, patientWords: 'Feel heard', formulation: '', objectives: [] }] },
    });
    const update = await vault.call('plans:addProgress', {
      planId: plan.planId,
      update: {
        goalId,
        date: '2026-02-10',
        rating: 3,
        working: '',
        notWorking: 'Felt rushed; agreed to slow down',
        noteId: null,
        feedbackId: low.id,
      },
    });
    expect(update.feedbackId).toBe(low.id);
    expect((await vault.call('chart:summary', { patientId: vault.maren.id })).feedbackDrop).toBeNull();
  });

  it('shows the practice its monthly completion rate and the patients whose ratings fell', async () => {
    vault = await openCalendarVault('2026-03-20T12:00:00.000Z');
    const kept = async (start: string, patientId = vault.maren.id) => {
      const s = await vault.book({ start, patientId });
      await vault.call('appointments:setAttendance', { ref: s.ref, attendance: 'attended', lateMinutes: null });
      return s;
    };
    const a = await kept('2026-02-03T10:00:00.000Z');
    await kept('2026-02-10T10:00:00.000Z');
    const c = await kept('2026-03-03T10:00:00.000Z', vault.tomas.id);
    await vault.call('feedback:record', { ref: a.ref, answers: GOOD });
    await vault.call('feedback:record', { ref: c.ref, answers: { ...GOOD, heard: 2, focus: 2, approach: 2, overall: 2 } });
    await vault.book({ start: '2026-03-24T10:00:00.000Z', patientId: vault.tomas.id });

    const practice = await vault.call('feedback:practice', { from: '2026-02-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' });
    expect(practice.months).toEqual([
      { month: '2026-02', sessionsKept: 2, feedbackGiven: 1 },
      { month: '2026-03', sessionsKept: 1, feedbackGiven: 1 },
    ]);
    expect(practice.falling).toMatchObject([
      { patientName: 'Lindqvist, Tomas', reason: 'below-threshold', score: 2, nextSession: { start: '2026-03-24T10:00:00.000Z' } },
    ]);
    expect(practice.selfHarm).toEqual([]);
  });
});
