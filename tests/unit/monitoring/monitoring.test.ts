/**
 * Monitoring on a real vault: starting lithium puts its first level and baselines on the patient's
 * list and the practice's, a level recorded moves the next one, a dose change sets the clock again,
 * a result entered in error no longer counts, a stopped course drops off the list, and an AIMS
 * examination clears its line.
 */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE_NAME } from '../../../electron/vault/vault';
import type { DueCheck } from '../../../shared/monitoring';
import { openVaultDatabase } from '../../fixtures/import';
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

describe('the practice’s version of the protocols', () => {
  it('moves every patient’s dates and judges levels by the practice’s band, keeps each change with who made it, audited, and a patient’s own interval still wins', async () => {
    vault = await openCalendarVault('2026-03-04T12:00:00.000Z');
    const { maren, tomas } = vault;
    await vault.call('preferences:update', { clinicianName: 'Ana Reyes', clinicianCredentials: 'MD' });
    await startLithium(vault, maren.id, '2026-01-05');
    await level(vault, maren.id, '2026-02-23', 0.9);
    await level(vault, maren.id, '2026-03-02', 0.9);
    await vault.call('medications:record', {
      patientId: tomas.id,
      entry: {
        kind: 'start',
        name: 'Clozapine',
        dose: '25 mg',
        route: 'oral',
        frequency: 'at night',
        date: '2025-10-06',
        reason: 'Resistant',
      },
    });
    await vault.call('results:record', {
      patientId: tomas.id,
      result: { analyte: 'anc', value: 3.1, unit: '×10⁹/L', takenOn: '2026-03-02', rangeLow: null, rangeHigh: null, note: '' },
    });
    // Published: two levels of 0.9 are in range, so three-monthly; the count in week 21 is fortnightly.
    expect(dueOf((await vault.call('monitoring:patient', { patientId: maren.id })).due, 'lithium-level')?.dueOn).toBe('2026-06-01');
    expect(dueOf((await vault.call('monitoring:patient', { patientId: tomas.id })).due, 'blood-count')?.dueOn).toBe('2026-03-16');

    const afterBand = await vault.call('monitoring:changeProtocol', {
      change: {
        protocol: 'lithium',
        check: 'lithium-level',
        change: {
          kind: 'schedule',
          phases: [
            { fromDay: 0, everyDays: 91 },
            { fromDay: 365, everyDays: 182 },
          ],
          band: { low: 0.6, high: 0.8 },
        },
        reason: 'Our own target range',
        source: 'Trust policy MM-12, 2025',
      },
    });
    expect(afterBand.changes).toEqual([
      expect.objectContaining({ kind: 'schedule', band: { low: 0.6, high: 0.8 }, by: 'Ana Reyes, MD', source: 'Trust policy MM-12, 2025' }),
    ]);
    // 0.9 is above the practice's 0.6–0.8: weekly until two in a row are in range.
    expect(dueOf((await vault.call('monitoring:patient', { patientId: maren.id })).due, 'lithium-level')).toMatchObject({
      dueOn: '2026-03-09',
      reason: { kind: 'until-stable' },
    });
    expect(
      (await vault.call('monitoring:practice', {})).patients
        .find((patient) => patient.patientId === maren.id)
        ?.due.map((entry) => entry.check),
    ).toContain('lithium-level');

    // Clozapine weekly for 26 weeks: week 21's count is followed by another a week on, on both lists.
    await vault.call('monitoring:changeProtocol', {
      change: {
        protocol: 'clozapine',
        check: 'blood-count',
        change: {
          kind: 'schedule',
          phases: [
            { fromDay: 0, everyDays: 7 },
            { fromDay: 182, everyDays: 14 },
            { fromDay: 364, everyDays: 28 },
          ],
          band: null,
        },
        reason: 'The jurisdiction’s schedule',
        source: 'Clozapine REMS, 2015',
      },
    });
    expect(dueOf((await vault.call('monitoring:patient', { patientId: tomas.id })).due, 'blood-count')?.dueOn).toBe('2026-03-09');
    const practice = await vault.call('monitoring:practice', {});
    expect(practice.patients.find((patient) => patient.patientId === tomas.id)?.due).toEqual(
      expect.arrayContaining([expect.objectContaining({ check: 'blood-count', dueOn: '2026-03-09' })]),
    );
    // The patient's own interval wins over the practice's.
    await vault.call('monitoring:adjust', {
      patientId: tomas.id,
      adjustment: { protocol: 'clozapine', check: 'blood-count', change: { kind: 'interval', everyDays: 28 }, reason: 'Stable for years' },
    });
    expect(dueOf((await vault.call('monitoring:patient', { patientId: tomas.id })).due, 'blood-count')?.dueOn).toBe('2026-03-30');

    // Back to the published band: 0.9 is in range again. A change without the practice's source is refused, nothing kept.
    const back = await vault.call('monitoring:changeProtocol', {
      change: { protocol: 'lithium', check: 'lithium-level', change: { kind: 'published' }, reason: 'Policy withdrawn', source: '' },
    });
    expect(back.changes.map((change) => change.kind)).toEqual(['schedule', 'schedule', 'published']);
    expect(dueOf((await vault.call('monitoring:patient', { patientId: maren.id })).due, 'lithium-level')?.dueOn).toBe('2026-06-01');
    const refused = await vault.refuse('monitoring:changeProtocol', {
      change: { protocol: 'lithium', check: 'calcium', change: { kind: 'off' }, reason: 'Not needed', source: '' },
    });
    expect(refused.code).toBe('INVALID_INPUT');
    expect((await vault.call('monitoring:protocols', {})).changes).toHaveLength(3);
    // Each change is in the audit log, with no patient.
    await vault.call('vault:lock', {});
    const db = openVaultDatabase(path.join(vault.dir, DATABASE_FILE_NAME), vault.databaseKeyHex);
    try {
      const audited = db
        .prepare("SELECT record_type, record_id, patient_id FROM audit_log WHERE action = 'monitoring.practice-protocol' ORDER BY seq")
        .all();
      expect(audited).toEqual(
        back.changes.map((change) => ({ record_type: 'practice-protocol-change', record_id: change.id, patient_id: null })),
      );
    } finally {
      db.close();
    }
  });
});

describe('the practice’s list read set-wise', () => {
  it('agrees with each patient’s own list when several levels share a day, the newest is entered in error, and a patient is archived', async () => {
    vault = await openCalendarVault('2025-01-10T12:00:00.000Z');
    const { maren, tomas } = vault;
    const v = vault;
    await startLithium(v, maren.id, '2025-01-06');
    await startLithium(v, tomas.id, '2025-01-06');
    // Recorded one after another (each a second later), so the order they were entered in is the order that decides.
    let second = 0;
    const at = async (patientId: string, takenOn: string, value: number) => {
      second += 1;
      v.setNow(`2025-06-01T12:00:${String(second).padStart(2, '0')}.000Z`);
      return level(v, patientId, takenOn, value);
    };
    // Maren: months of levels, then three on one day, the out-of-range one entered first. The two
    // entered last are the newest two, both in range: she is stable, three-monthly.
    for (const [takenOn, value] of [
      ['2025-02-03', 0.9],
      ['2025-03-03', 0.7],
      ['2025-04-07', 1.3],
      ['2025-05-05', 0.7],
    ] as const)
      await at(maren.id, takenOn, value);
    await at(maren.id, '2025-05-19', 1.5);
    await at(maren.id, '2025-05-19', 0.7);
    await at(maren.id, '2025-05-19', 0.8);
    // Tomas: two in range, then a newer out-of-range level entered in error; the one before it stands.
    await at(tomas.id, '2025-04-07', 0.6);
    await at(tomas.id, '2025-05-05', 0.7);
    const listed = await at(tomas.id, '2025-05-26', 1.6);
    const wrong = listed.results.find((result) => result.takenOn === '2025-05-26');
    await v.call('results:markEnteredInError', { id: wrong?.id ?? '', reason: 'Another patient’s sample' });

    v.setNow('2025-08-20T12:00:00.000Z');
    const practice = await v.call('monitoring:practice', {});
    const soon = '2025-08-27';
    for (const patient of [maren, tomas]) {
      const own = (await v.call('monitoring:patient', { patientId: patient.id })).due.filter((check) => check.dueOn <= soon);
      expect(practice.patients.find((entry) => entry.patientId === patient.id)?.due ?? []).toEqual(own);
    }
    expect(dueOf((await v.call('monitoring:patient', { patientId: maren.id })).due, 'lithium-level')).toMatchObject({
      dueOn: '2025-08-18',
      reason: { kind: 'interval', last: '2025-05-19' },
    });
    expect(dueOf(practice.patients.find((entry) => entry.patientId === maren.id)?.due ?? [], 'lithium-level')?.reason.kind).toBe(
      'interval',
    );
    expect(dueOf(practice.patients.find((entry) => entry.patientId === tomas.id)?.due ?? [], 'lithium-level')).toMatchObject({
      reason: { kind: 'interval', last: '2025-05-05' },
    });

    // Archived: off the practice's list, though the lithium goes on.
    const current = await v.call('patients:get', { id: tomas.id });
    await v.call('patients:archive', { id: tomas.id, version: current.version, cancelFutureSessions: false });
    expect((await v.call('monitoring:practice', {})).patients.map((entry) => entry.patientId)).toEqual([maren.id]);
  });
});
