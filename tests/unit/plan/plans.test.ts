import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { diffPlanContent, type Goal, type PlanContent } from '../../../shared/plan';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import { openVaultDatabase } from '../../fixtures/import';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const AGREED = { date: '2026-03-10', method: 'signed', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' } as const;

function goal(words: string, objectives: string[]): Goal {
  return {
    id: randomUUID(),
    patientWords: words,
    formulation: '',
    objectives: objectives.map((description) => ({
      id: randomUUID(),
      description,
      measure: '',
      targetDate: '2026-06-01',
      status: 'not-started' as const,
    })),
  };
}

/** A patient with a diagnosis and a medication, and a plan begun for them. */
async function begin(v: CalendarVault) {
  const patientId = v.maren.id;
  await v.call('diagnoses:add', { patientId, diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '', note: '' } });
  await v.call('diagnoses:add', {
    patientId,
    diagnosis: { code: 'F41.1', status: 'in-remission', isPrimary: false, onsetDate: '', note: '' },
  });
  await v.call('medications:record', {
    patientId,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '100 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-02-01',
      reason: 'Depression',
    },
  });
  return v.call('plans:create', { patientId });
}

/** Writes two goals with three objectives between them and a medication intervention, then the patient agrees. */
async function writeAndAgree(v: CalendarVault) {
  const plan = await begin(v);
  const content: PlanContent = {
    ...plan.current.content,
    presentingProblems: 'Low mood, poor sleep',
    goals: [
      goal('I want to sleep through the night', ['Sleeps 7 hours on 5 nights a week', 'Stops napping after 3 pm']),
      goal('Get back to work', ['Works 3 full days a week']),
    ],
  };
  const saved = await v.call('plans:saveDraft', { versionId: plan.current.id, version: plan.current.version, content });
  return v.call('plans:agree', { versionId: saved.id, version: saved.version, agreement: AGREED });
}

describe('a treatment plan', () => {
  it('begins as a draft with the chart’s active diagnoses, current medications and a review date 90 days ahead', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const plan = await begin(vault);
    expect(plan.current).toMatchObject({ number: 1, status: 'draft', reason: null, agreement: null });
    expect(plan.current.content.diagnoses.map((d) => d.code)).toEqual(['F33.1']);
    expect(plan.current.content.interventions.medications).toMatchObject([
      { name: 'Sertraline', dose: '100 mg', frequency: 'once daily', medicationId: expect.any(String) },
    ]);
    expect(plan.current.content.reviewDate).toBe('2026-06-08');
    expect((await vault.refuse('plans:create', { patientId: vault.maren.id })).code).toBe('CONFLICT');
    expect(await vault.call('plans:forPatient', { patientId: vault.tomas.id })).toBeNull();
  });

  it('needs a goal with an objective before the patient can agree; agreement makes the version final', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const plan = await begin(vault);
    const refused = await vault.refuse('plans:agree', { versionId: plan.current.id, version: 1, agreement: AGREED });
    expect(refused.message).toMatch(/at least one goal/);
    const content = { ...plan.current.content, goals: [goal('Feel like myself', [])] };
    const saved = await vault.call('plans:saveDraft', { versionId: plan.current.id, version: 1, content });
    expect((await vault.refuse('plans:agree', { versionId: saved.id, version: saved.version, agreement: AGREED })).message).toMatch(
      /Goal 1 needs at least one measurable objective/,
    );
    const declinedWithoutReason = await vault.refuse('plans:agree', {
      versionId: saved.id,
      version: saved.version,
      agreement: { ...AGREED, method: 'declined' },
    });
    expect(declinedWithoutReason.issues?.[0]).toMatchObject({ path: 'agreement.declineReason', message: 'Say why the patient declined' });

    const agreed = await writeAndAgreeOn(vault, saved.id, saved.version, content);
    expect(agreed.current).toMatchObject({ status: 'final', agreement: AGREED });
    expect(agreed.current.agreement?.declineReason).toBe('');
    const edit = await vault.refuse('plans:saveDraft', { versionId: agreed.current.id, version: agreed.current.version, content });
    expect(edit).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/final. Revise the plan/) });
  });

  it('keeps a half-written objective in the draft as typed, and names it when the agreement is asked for', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const plan = await begin(vault);
    const half = { ...goal('Feel like myself', ['']).objectives[0]!, description: 'Walks to the shop', targetDate: '' };
    const content = { ...plan.current.content, goals: [{ ...goal('Feel like myself', []), objectives: [half] }] };
    const saved = await vault.call('plans:saveDraft', { versionId: plan.current.id, version: 1, content });
    const reread = await vault.call('plans:forPatient', { patientId: vault.maren.id });
    expect(reread?.current.content.goals[0]?.objectives).toEqual([half]);
    const refused = await vault.refuse('plans:agree', { versionId: saved.id, version: saved.version, agreement: AGREED });
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', message: 'Objective 1.1 — Enter the target date.' });
    const complete = { ...content, goals: [{ ...content.goals[0]!, objectives: [{ ...half, targetDate: '2026-06-01' }] }] };
    const fixed = await vault.call('plans:saveDraft', { versionId: saved.id, version: saved.version, content: complete });
    const agreed = await vault.call('plans:agree', { versionId: fixed.id, version: fixed.version, agreement: AGREED });
    expect(agreed.current.status).toBe('final');
  });

  it('records a patient who declined, with their reason: the version is final and the reason is kept with it', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const plan = await begin(vault);
    const content = { ...plan.current.content, goals: [goal('Sleep through the night', ['Sleeps 7 hours on 5 nights a week'])] };
    const saved = await vault.call('plans:saveDraft', { versionId: plan.current.id, version: 1, content });
    const reason = 'I don’t want medication in the plan yet';
    const declined = await vault.call('plans:agree', {
      versionId: saved.id,
      version: saved.version,
      agreement: { ...AGREED, method: 'declined', declineReason: reason },
    });
    expect(declined.current).toMatchObject({
      status: 'final',
      agreement: { method: 'declined', declineReason: reason, date: '2026-03-10' },
    });
    expect((await vault.call('chart:summary', { patientId: declined.patientId })).plan).toMatchObject({
      number: 1,
      status: 'final',
      agreementMethod: 'declined',
    });
    // Final means final: the database refuses to change it, and a revision is how the plan moves on.
    expect((await vault.refuse('plans:saveDraft', { versionId: saved.id, version: declined.current.version, content })).code).toBe(
      'CONFLICT',
    );
    const revised = await vault.call('plans:revise', { planId: declined.planId, reason: 'Agreed to try therapy first' });
    expect(revised.versions.map((v) => `${v.number} ${v.status}`)).toEqual(['2 draft', '1 final']);
    expect(revised.versions.find((v) => v.number === 1)?.agreement).toMatchObject({ method: 'declined', declineReason: reason });
    // The chart's header says the draft is a draft, not that the patient declined it.
    expect((await vault.call('chart:summary', { patientId: declined.patientId })).plan).toMatchObject({
      number: 2,
      status: 'draft',
      agreementMethod: null,
    });
  });

  it('is revised into a new version with a reason; earlier versions stay as they were, and the database refuses to change them', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const first = await writeAndAgree(vault);
    expect((await vault.refuse('plans:revise', { planId: first.planId, reason: '' })).code).toBe('INVALID_INPUT');
    vault.setNow('2026-04-07T12:00:00.000Z');
    const revised = await vault.call('plans:revise', { planId: first.planId, reason: 'Sleep has improved; work is now the focus' });
    expect(revised.current).toMatchObject({ number: 2, status: 'draft', reason: 'Sleep has improved; work is now the focus' });
    expect(revised.versions.map((v) => `${v.number} ${v.status}`)).toEqual(['2 draft', '1 final']);
    expect(revised.current.content.goals).toEqual(first.current.content.goals);
    // A second revision waits until this one is final.
    expect((await vault.refuse('plans:revise', { planId: first.planId, reason: 'Again' })).message).toMatch(/still a draft/);

    await vault.call('vault:lock', {});
    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    try {
      expect(() => db.prepare("UPDATE plan_versions SET content = '{}' WHERE number = 1").run()).toThrow(/PLAN_VERSION_FINAL/);
      expect(() => db.prepare('DELETE FROM plan_versions').run()).toThrow(/PLAN_VERSION_FINAL/);
      db.prepare("UPDATE plan_versions SET review_date = '2026-07-01' WHERE number = 2").run();
    } finally {
      db.close();
    }
  });

  it('shows what changed between any two versions, and why', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const v1 = await writeAndAgree(vault);
    vault.setNow('2026-04-07T12:00:00.000Z');
    const r2 = await vault.call('plans:revise', { planId: v1.planId, reason: 'Sleep goal met' });
    const [sleep, work] = r2.current.content.goals as [Goal, Goal];
    const content2: PlanContent = {
      ...r2.current.content,
      goals: [
        { ...sleep, objectives: sleep.objectives.map((o, i) => (i === 0 ? { ...o, status: 'met' as const } : o)) },
        {
          ...work,
          patientWords: 'Get back to work full time',
          objectives: [
            ...work.objectives,
            { id: randomUUID(), description: 'Talks to manager about hours', measure: '', targetDate: '2026-05-01', status: 'not-started' },
          ],
        },
      ],
      reviewDate: '2026-07-07',
    };
    const saved2 = await vault.call('plans:saveDraft', { versionId: r2.current.id, version: r2.current.version, content: content2 });
    const v2 = await vault.call('plans:agree', {
      versionId: saved2.id,
      version: saved2.version,
      agreement: { ...AGREED, date: '2026-04-07', method: 'verbal' },
    });
    vault.setNow('2026-05-05T12:00:00.000Z');
    const r3 = await vault.call('plans:revise', { planId: v1.planId, reason: 'Patient asked to add a goal on relationships' });
    const content3 = {
      ...r3.current.content,
      goals: [...r3.current.content.goals.slice(1), goal('Be kinder to my partner', ['One evening out a week'])],
    };
    await vault.call('plans:saveDraft', { versionId: r3.current.id, version: r3.current.version, content: content3 });

    const oneToTwo = await vault.call('plans:diff', { fromVersionId: v1.current.id, toVersionId: v2.current.id });
    expect(oneToTwo.reasons).toEqual([{ number: 2, reason: 'Sleep goal met' }]);
    expect(
      oneToTwo.changes.map((c) => `${c.section} | ${c.item ?? ''} | ${c.field ?? ''} | ${c.kind} | ${c.before ?? ''} → ${c.after ?? ''}`),
    ).toEqual([
      'The plan |  | Review date | changed | 2026-06-08 → 2026-07-07',
      'Objectives | Sleeps 7 hours on 5 nights a week | Status | changed | Not started → Met',
      'Goals | “Get back to work full time” | The patient’s words | changed | Get back to work → Get back to work full time',
      'Objectives | Talks to manager about hours |  | added |  → Talks to manager about hours',
    ]);
    const oneToThree = await vault.call('plans:diff', { fromVersionId: v1.current.id, toVersionId: r3.current.id });
    expect(oneToThree.reasons.map((r) => r.number)).toEqual([2, 3]);
    expect(oneToThree.changes.filter((c) => c.kind !== 'changed').map((c) => `${c.kind} ${c.item}`)).toEqual([
      'removed “I want to sleep through the night”',
      'added Talks to manager about hours',
      'added “Be kinder to my partner”',
    ]);
    // The order asked for does not matter: the older version is always "before".
    expect((await vault.call('plans:diff', { fromVersionId: v2.current.id, toVersionId: v1.current.id })).reasons).toEqual(
      oneToTwo.reasons,
    );
  });

  it('tracks objectives’ status as dated changes while the plan is in force, and carries them into a revision', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const plan = await writeAndAgree(vault);
    const objective = plan.current.content.goals[0]!.objectives[0]!;
    vault.setNow('2026-03-24T12:00:00.000Z');
    await vault.call('plans:setObjectiveStatus', { planId: plan.planId, objectiveId: objective.id, status: 'in-progress', note: '' });
    vault.setNow('2026-04-21T12:00:00.000Z');
    const met = await vault.call('plans:setObjectiveStatus', {
      planId: plan.planId,
      objectiveId: objective.id,
      status: 'met',
      note: 'Diary shows 6 of 7 nights',
    });
    expect(met.objectiveStatus[objective.id]).toBe('met');
    expect(met.statusHistory.map((e) => `${e.at.slice(0, 10)} ${e.status} ${e.note}`)).toEqual([
      '2026-03-24 in-progress ',
      '2026-04-21 met Diary shows 6 of 7 nights',
    ]);
    // The version itself is unchanged: the status is history, not an edit.
    expect(met.current.content.goals[0]!.objectives[0]!.status).toBe('not-started');
    expect(
      (await vault.refuse('plans:setObjectiveStatus', { planId: plan.planId, objectiveId: randomUUID(), status: 'met', note: '' })).code,
    ).toBe('NOT_FOUND');

    const revised = await vault.call('plans:revise', { planId: plan.planId, reason: 'Review' });
    expect(revised.current.content.goals[0]!.objectives[0]!.status).toBe('met');
    expect(revised.objectiveStatus[objective.id]).toBe('met');
  });

  it('links progress updates to goals, and through a session note to its session', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const plan = await writeAndAgree(vault);
    const [sleep, work] = plan.current.content.goals as [Goal, Goal];
    const session = await vault.book({ start: '2026-03-09T09:00:00.000Z' });
    const note = await vault.call('notes:create', {
      patientId: vault.maren.id,
      template: 'psychiatric-follow-up',
      session: session.ref,
      serviceDate: null,
    });

    const fromNote = await vault.call('plans:addProgress', {
      planId: plan.planId,
      update: {
        goalId: sleep.id,
        date: '2026-03-09',
        rating: 4,
        working: 'No screens after 10',
        notWorking: 'Still waking at 4',
        noteId: note.id,
      },
    });
    expect(fromNote).toMatchObject({ goalId: sleep.id, rating: 4, noteId: note.id, appointmentId: note.session?.appointmentId });
    const alone = await vault.call('plans:addProgress', {
      planId: plan.planId,
      update: { goalId: work.id, date: '2026-03-10', rating: 2, working: '', notWorking: 'Anxious about the commute', noteId: null },
    });
    expect(alone.appointmentId).toBeNull();
    const refused = await vault.refuse('plans:addProgress', {
      planId: plan.planId,
      update: { goalId: randomUUID(), date: '2026-03-10', rating: 5, working: '', notWorking: '', noteId: null },
    });
    expect(refused.code).toBe('NOT_FOUND');
    expect(
      (
        await vault.refuse('plans:addProgress', {
          planId: plan.planId,
          update: { goalId: sleep.id, date: '2026-03-10', rating: 11, working: '', notWorking: '', noteId: null },
        })
      ).code,
    ).toBe('INVALID_INPUT');
    const otherNote = await vault.call('notes:create', { patientId: vault.tomas.id, template: 'dap', session: null, serviceDate: null });
    expect(
      (
        await vault.refuse('plans:addProgress', {
          planId: plan.planId,
          update: { goalId: sleep.id, date: '2026-03-10', rating: 5, working: '', notWorking: '', noteId: otherNote.id },
        })
      ).message,
    ).toMatch(/another patient/);

    const read = await vault.call('plans:forPatient', { patientId: vault.maren.id });
    expect(read?.progress.map((p) => `${p.date} ${p.rating}`)).toEqual(['2026-03-09 4', '2026-03-10 2']);
  });

  it('is flagged on the chart and on the sessions to come once its review date has passed', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const plan = await writeAndAgree(vault);
    const past = await vault.book({ start: '2026-06-01T09:00:00.000Z' });
    const later = await vault.book({ start: '2026-06-10T09:00:00.000Z' });
    await vault.book({ start: '2026-06-10T11:00:00.000Z', patientId: vault.tomas.id });
    expect((await vault.call('chart:summary', { patientId: vault.maren.id })).plan).toEqual({
      planId: plan.planId,
      number: 1,
      status: 'final',
      agreementMethod: 'signed',
      reviewDate: '2026-06-08',
      reviewDue: false,
    });

    vault.setNow('2026-06-09T08:00:00.000Z');
    expect((await vault.call('chart:summary', { patientId: vault.maren.id })).plan?.reviewDue).toBe(true);
    expect((await vault.call('plans:forPatient', { patientId: vault.maren.id }))?.reviewDue).toBe(true);
    const sessions = await vault.range('2026-06-01T00:00:00.000Z', '2026-06-11T00:00:00.000Z');
    expect(sessions.map((s) => `${s.start.slice(5, 16)} ${s.patientName} ${s.alerts.join(',')}`)).toEqual([
      `06-01T09:00 ${past.patientName} `,
      `06-10T09:00 ${later.patientName} plan-review-due`,
      '06-10T11:00 Lindqvist, Tomas ',
    ]);
  });

  it('records every read and change of the plan in the audit log', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const plan = await writeAndAgree(vault);
    await vault.call('plans:forPatient', { patientId: vault.maren.id });
    await vault.call('plans:printed', { versionId: plan.current.id });
    const actions = (await vault.call('audit:forPatient', { patientId: vault.maren.id }))
      .map((e) => e.action)
      .filter((a) => a.startsWith('plan.'));
    expect(actions.reverse()).toEqual(['plan.create', 'plan.draft-save', 'plan.agree', 'plan.read', 'plan.print']);
  });
});

describe('the difference between two plans', () => {
  it('is nothing when nothing changed', () => {
    const content: PlanContent = {
      diagnoses: [],
      presentingProblems: 'x',
      dailyLifeEffect: '',
      strengths: '',
      goals: [goal('a', ['b'])],
      interventions: { psychotherapy: [], medications: [], referrals: [] },
      safetyPlan: { warningSigns: '', copingStrategies: '', peopleAndPlaces: '', peopleToAsk: '', professionals: '', meansSafety: '' },
      reviewDate: '2026-01-01',
      dischargeCriteria: '',
      goalRatingInterval: '4-weeks',
    };
    expect(diffPlanContent(content, structuredClone(content))).toEqual([]);
    expect(diffPlanContent(content, { ...content, safetyPlan: { ...content.safetyPlan, meansSafety: 'Pills with partner' } })).toEqual([
      {
        section: 'Safety plan',
        item: null,
        field: 'Making my surroundings safer',
        kind: 'changed',
        before: '',
        after: 'Pills with partner',
      },
    ]);
  });
});

async function writeAndAgreeOn(v: CalendarVault, versionId: string, version: number, content: PlanContent) {
  const withObjective = {
    ...content,
    goals: content.goals.map((g) => (g.objectives.length > 0 ? g : { ...g, objectives: goal('x', ['Walks 20 minutes a day']).objectives })),
  };
  const saved = await v.call('plans:saveDraft', { versionId, version, content: withObjective });
  return v.call('plans:agree', { versionId, version: saved.version, agreement: AGREED });
}
