/**
 * Defect 3: a plan revision that raised bupropion to 300 mg left the chart's list at 150 mg with no
 * prompt. The plan in force is compared with the current list; recording the change from the plan
 * (dated the agreement, with the revision as its reason) makes them agree.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import {
  describeMedicationDifference,
  medicationDifferences,
  normalizeDosing,
  planMedicationReason,
  type PlanContent,
  type PlanMedication,
} from '../../../shared/plan';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

const AGREED = { date: '2026-03-10', method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' } as const;

function withGoal(content: PlanContent): PlanContent {
  return {
    ...content,
    goals: [
      {
        id: randomUUID(),
        patientWords: 'Feel like myself again',
        formulation: '',
        objectives: [
          { id: randomUUID(), description: 'PHQ-9 below 10', measure: 'PHQ-9', targetDate: '2026-06-01', status: 'not-started' },
        ],
      },
    ],
  };
}

/** Bupropion 150 mg on the list, a plan agreed with it, then revision 2 raising it to 300 mg, agreed on `agreedOn`. */
async function raiseBupropion(v: CalendarVault, agreedOn: string) {
  const patientId = v.maren.id;
  await v.call('medications:record', {
    patientId,
    entry: {
      kind: 'start',
      name: 'Bupropion',
      dose: '150 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-02-01',
      reason: 'Depression',
    },
  });
  const first = await v.call('plans:create', { patientId });
  const saved = await v.call('plans:saveDraft', { versionId: first.current.id, version: 1, content: withGoal(first.current.content) });
  await v.call('plans:agree', { versionId: saved.id, version: saved.version, agreement: AGREED });
  expect((await v.call('medications:planDifferences', { patientId }))?.differences).toEqual([]);

  v.setNow(`${agreedOn}T12:00:00.000Z`);
  const revised = await v.call('plans:revise', { planId: first.planId, reason: 'Partial response at 8 weeks', feedbackId: null });
  const content = structuredClone(revised.current.content);
  content.interventions.medications[0]!.dose = '300 mg';
  const draft = await v.call('plans:saveDraft', { versionId: revised.current.id, version: revised.current.version, content });
  return v.call('plans:agree', { versionId: draft.id, version: draft.version, agreement: { ...AGREED, date: agreedOn } });
}

describe('the plan in force and the medication list', () => {
  it('differ after a revision raises bupropion to 300 mg; recording the change from the plan makes them agree', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    await raiseBupropion(vault, '2026-03-24');

    const check = await vault.call('medications:planDifferences', { patientId });
    expect(check).toMatchObject({ number: 2, agreedOn: '2026-03-24' });
    expect(check?.differences).toEqual([
      {
        kind: 'dose',
        name: 'Bupropion',
        interventionId: expect.any(String),
        medicationId: expect.any(String),
        plan: { dose: '300 mg', frequency: 'once daily' },
        list: { dose: '150 mg', frequency: 'once daily' },
      },
    ]);
    expect(describeMedicationDifference(check!.differences[0]!)).toBe(
      'The plan says Bupropion 300 mg, once daily; the list says 150 mg, once daily.',
    );

    const difference = check!.differences[0]!;
    const reason = planMedicationReason(check!.number, '24 Mar 2026');
    await vault.call('medications:record', {
      patientId,
      entry: {
        kind: 'change',
        medicationId: difference.medicationId!,
        dose: '300 mg',
        frequency: 'once daily',
        date: check!.agreedOn,
        reason,
      },
    });
    expect((await vault.call('medications:planDifferences', { patientId }))?.differences).toEqual([]);
    const { current, entries } = await vault.call('medications:list', { patientId });
    expect(current).toMatchObject([{ name: 'Bupropion', dose: '300 mg', changedOn: '2026-03-24' }]);
    expect(entries[0]).toMatchObject({ kind: 'change', date: '2026-03-24', reason: 'Treatment plan revision 2 agreed on 24 Mar 2026' });
  });

  it('are not compared before a plan is agreed, nor with a version the patient declined', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const plan = await vault.call('plans:create', { patientId });
    expect(await vault.call('medications:planDifferences', { patientId })).toBeNull();
    const content = withGoal(plan.current.content);
    content.interventions.medications = [
      { id: randomUUID(), medicationId: null, name: 'Lithium', dose: '400 mg', frequency: 'at night', monitoring: '' },
    ];
    const saved = await vault.call('plans:saveDraft', { versionId: plan.current.id, version: 1, content });
    await vault.call('plans:agree', {
      versionId: saved.id,
      version: saved.version,
      agreement: { ...AGREED, method: 'declined', declineReason: 'Does not want lithium' },
    });
    expect(await vault.call('medications:planDifferences', { patientId })).toBeNull();
  });
});

describe('comparing a plan’s medications with the list', () => {
  const intervention = (name: string, dose: string, frequency = 'once daily', medicationId: string | null = null): PlanMedication => ({
    id: randomUUID(),
    medicationId,
    name,
    dose,
    frequency,
    monitoring: '',
  });
  const course = (name: string, dose: string, frequency = 'once daily') => ({ medicationId: randomUUID(), name, dose, frequency });

  it('reads doses and frequencies as a person does', () => {
    expect(normalizeDosing('150mg')).toBe(normalizeDosing('150 mg'));
    expect(normalizeDosing(' Once  Daily ')).toBe('once daily');
    expect(normalizeDosing('1,000 mg')).toBe('1000 mg');
    expect(normalizeDosing('0.5 mg')).not.toBe(normalizeDosing('5 mg'));
  });

  it('finds a course by its id, else by its name, and says what is only in the plan or only on the list', () => {
    const sertraline = course('Sertraline', '100 mg');
    const quetiapine = course('Quetiapine', '25 mg', 'at night');
    const differences = medicationDifferences(
      [
        intervention('sertraline', '100mg', 'Once daily'),
        intervention('Lithium', '400 mg', 'at night'),
        intervention('Renamed in the plan', '50 mg', 'at night', quetiapine.medicationId),
      ],
      [sertraline, quetiapine, course('Zopiclone', '3.75 mg', 'at night as needed')],
    );
    expect(differences.map((d) => [d.kind, d.name])).toEqual([
      ['not-on-list', 'Lithium'],
      ['dose', 'Quetiapine'],
      ['not-in-plan', 'Zopiclone'],
    ]);
    expect(differences.map(describeMedicationDifference)).toEqual([
      'The plan says Lithium 400 mg, at night; it is not on the medication list.',
      'The plan says Quetiapine 50 mg, at night; the list says 25 mg, at night.',
      'The medication list has Zopiclone 3.75 mg, at night as needed; the plan does not include it.',
    ]);
  });
});
