/**
 * Monitoring on a real vault: starting lithium puts its first level and baselines on the patient's
 * list and the practice's, a level recorded moves the next one, a dose change sets the clock again,
 * a result entered in error no longer counts, a stopped course drops off the list, and an AIMS
 * examination clears its line.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { DueCheck } from '../../../shared/monitoring';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

let vault: CalendarVault | undefined;

afterEach(async () => {
  await vault?.dispose();
  vault = undefined;
});

function dueOf(list: readonly DueCheck[], check: string): DueCheck | undefined {
  return list.find((entry) => entry.check === check);
}

async function startLithium(v: CalendarVault, patientId: string, date: string) {
  return v.call('medications:record', {
    patientId,
    entry: {
      kind: 'start',
      name: 'Lithium carbonate',
      dose: '400 mg',
      route: 'oral',
      frequency: 'once daily at night',
      date,
      reason: 'Bipolar I disorder',
    },
  });
}

async function level(v: CalendarVault, patientId: string, takenOn: string, value: number) {
  return v.call('results:record', {
    patientId,
    result: { analyte: 'lithium', value, unit: 'mmol/L', takenOn, rangeLow: null, rangeHigh: null, note: '' },
  });
}

describe('monitoring that follows the medications', () => {
  it('puts lithium’s first level and baselines on the patient’s and the practice’s lists, and moves them as levels and dose changes come', async () => {
    vault = await openCalendarVault('2026-03-04T12:00:00.000Z');
    const { maren, tomas } = vault;
    expect((await vault.call('monitoring:patient', { patientId: maren.id })).due).toEqual([]);
    expect((await vault.call('monitoring:practice', {})).patients).toEqual([]);

    const course = await startLithium(vault, maren.id, '2026-03-02');
    const started = await vault.call('monitoring:patient', { patientId: maren.id });
    expect(started.today).toBe('2026-03-04');
    expect(dueOf(started.due, 'lithium-level')).toMatchObject({ dueOn: '2026-03-09', status: 'due' });
    expect(dueOf(started.due, 'renal')).toMatchObject({ dueOn: '2026-03-02', status: 'overdue' });
    const practice = await vault.call('monitoring:practice', {});
    expect(practice.patients.map((patient) => patient.familyName)).toEqual([maren.familyName]);
    expect(practice.patients[0]?.due.map((entry) => entry.check)).toEqual(
      expect.arrayContaining(['renal', 'thyroid', 'calcium', 'weight', 'lithium-level']),
    );

    // An out-of-range level a week on: weekly again.
    vault.setNow('2026-03-10T12:00:00.000Z');
    await level(vault, maren.id, '2026-03-09', 1.3);
    expect(dueOf((await vault.call('monitoring:patient', { patientId: maren.id })).due, 'lithium-level')).toMatchObject({
      dueOn: '2026-03-16',
      reason: { kind: 'until-stable' },
    });

    // The dose is lowered: the next level is a week after the change.
    await vault.call('medications:record', {
      patientId: maren.id,
      entry: {
        kind: 'change',
        medicationId: course.medicationId,
        dose: '300 mg',
        frequency: 'once daily at night',
        date: '2026-03-10',
        reason: 'Level 1.3',
      },
    });
    expect(dueOf((await vault.call('monitoring:patient', { patientId: maren.id })).due, 'lithium-level')).toMatchObject({
      dueOn: '2026-03-17',
      reason: { kind: 'after-change', change: 'change', on: '2026-03-10' },
    });

    // Two levels in range after it: then three-monthly, and the practice list no longer holds the level.
    vault.setNow('2026-03-25T12:00:00.000Z');
    await level(vault, maren.id, '2026-03-17', 0.8);
    await level(vault, maren.id, '2026-03-24', 0.7);
    expect(dueOf((await vault.call('monitoring:patient', { patientId: maren.id })).due, 'lithium-level')).toMatchObject({
      dueOn: '2026-06-23',
      status: 'upcoming',
    });
    const later = await vault.call('monitoring:practice', {});
    expect(later.patients[0]?.due.map((entry) => entry.check)).not.toContain('lithium-level');

    // The last level entered in error: the one before it is the last that counts.
    const [, , latest] = (await vault.call('results:list', { patientId: maren.id })).results;
    await vault.call('results:markEnteredInError', { id: latest?.id ?? '', reason: 'Another patient’s sample' });
    expect(dueOf((await vault.call('monitoring:patient', { patientId: maren.id })).due, 'lithium-level')?.reason.kind).toBe('until-stable');

    // Stopped: nothing is due; another patient on olanzapine is on the list instead.
    await vault.call('medications:record', {
      patientId: maren.id,
      entry: { kind: 'stop', medicationId: course.medicationId, date: '2026-03-25', reason: 'Patient’s choice after discussion' },
    });
    await vault.call('medications:record', {
      patientId: tomas.id,
      entry: {
        kind: 'start',
        name: 'Olanzapine',
        dose: '5 mg',
        route: 'oral',
        frequency: 'once daily at night',
        date: '2026-03-20',
        reason: 'Psychosis',
      },
    });
    expect((await vault.call('monitoring:patient', { patientId: maren.id })).due).toEqual([]);
    const now = await vault.call('monitoring:practice', {});
    expect(now.patients.map((patient) => [patient.familyName, patient.due.map((entry) => entry.check).sort()])).toEqual([
      [tomas.familyName, ['aims', 'glucose', 'lipids', 'weight']],
    ]);

    // An AIMS examination clears its line, and the next is six months on.
    await vault.call('aims:record', {
      patientId: tomas.id,
      examination: {
        examinedOn: '2026-03-24',
        movements: [0, 1, 0, 0, 0, 0, 0],
        severity: 0,
        incapacitation: 0,
        awareness: 0,
        dentalProblems: false,
        wearsDentures: false,
        note: '',
        examinedBy: 'Dr Ana Reyes, MD',
      },
    });
    expect(dueOf((await vault.call('monitoring:patient', { patientId: tomas.id })).due, 'aims')).toMatchObject({ dueOn: '2026-09-22' });
    const afterAims = await vault.call('monitoring:practice', {});
    expect(afterAims.patients[0]?.due.map((entry) => entry.check).sort()).toEqual(['glucose', 'lipids', 'weight']);

    // Yearly AIMS for this patient, with its reason, audited; an interval not allowed is refused with nothing kept.
    const adjusted = await vault.call('monitoring:adjust', {
      patientId: tomas.id,
      adjustment: {
        protocol: 'antipsychotic-aims',
        check: 'aims',
        change: { kind: 'interval', everyDays: 365 },
        reason: 'Low risk of tardive dyskinesia',
      },
    });
    expect(dueOf(adjusted.due, 'aims')).toMatchObject({ dueOn: '2027-03-24', everyDaysForPatient: 365 });
    expect(adjusted.adjustments).toEqual([
      expect.objectContaining({ check: 'aims', kind: 'interval', everyDays: 365, reason: 'Low risk of tardive dyskinesia' }),
    ]);
    const refused = await vault.refuse('monitoring:adjust', {
      patientId: tomas.id,
      adjustment: { protocol: 'antipsychotic-aims', check: 'aims', change: { kind: 'interval', everyDays: 3 }, reason: 'Too often' },
    });
    expect(refused.code).toBe('INVALID_INPUT');
    const history = await vault.call('audit:forPatient', { patientId: tomas.id, limit: 50 });
    expect(history.filter((entry) => entry.action === 'monitoring.adjust')).toHaveLength(1);
    // Weight set aside for this patient: off the practice's list too.
    await vault.call('monitoring:adjust', {
      patientId: tomas.id,
      adjustment: { protocol: 'antipsychotic-metabolic', check: 'weight', change: { kind: 'off' }, reason: 'Weighed by the GP each month' },
    });
    const fewer = await vault.call('monitoring:practice', {});
    expect(fewer.patients[0]?.due.map((entry) => entry.check).sort()).toEqual(['glucose', 'lipids']);
  });
});
