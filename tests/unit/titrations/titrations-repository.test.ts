import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelInput } from '../../../shared/contract';
import type { Medication } from '../../../shared/medication';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

let vault: CalendarVault;
let sertraline: Medication;

beforeEach(async () => {
  vault = await openCalendarVault('2026-03-02T10:00:00.000Z');
  sertraline = await vault.call('medications:record', {
    patientId: vault.maren.id,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '100 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-01-05',
      reason: 'Low mood',
    },
  });
});
afterEach(async () => {
  await vault.dispose();
});

function taper(overrides: Partial<ChannelInput<'titrations:create'>> = {}): ChannelInput<'titrations:create'> {
  const step = { doseUnit: 'mg', frequency: 'once daily', durationDays: 14, tabletStrength: 25 } as const;
  return {
    patientId: vault.maren.id,
    medicationId: sertraline.medicationId,
    direction: 'taper',
    missedDoseAdvice: 'Take it when you remember the same day; never take two doses at once.',
    whoToCall: 'Dr Example’s practice, 555 0100',
    steps: [
      { ...step, doseAmount: 100, startDate: '2026-03-02' },
      { ...step, doseAmount: 75, startDate: '2026-03-16' },
      { ...step, doseAmount: 50, startDate: '2026-03-30' },
      { ...step, doseAmount: 0, startDate: '2026-04-13', durationDays: 1 },
    ],
    ...overrides,
  };
}

describe('titration and taper schedules in the vault', () => {
  it('saves a schedule with its steps and tablet counts, audited, and lists it for the chart', async () => {
    const schedule = await vault.call('titrations:create', taper());
    expect(schedule).toMatchObject({ medicationName: 'Sertraline', direction: 'taper', status: 'active' });
    expect(schedule.steps.map((s) => [s.position, s.doseAmount, s.tabletsPerDose])).toEqual([
      [1, 100, 4],
      [2, 75, 3],
      [3, 50, 2],
      [4, 0, 0],
    ]);
    const list = await vault.call('titrations:list', { patientId: vault.maren.id });
    expect(list.today).toBe('2026-03-02');
    expect(list.schedules.map((s) => s.id)).toEqual([schedule.id]);
    await vault.call('titrations:printed', { scheduleId: schedule.id });
    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id, limit: 50 });
    expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['titration.create', 'titration.print']));
  });

  it('refuses a medication not on the current list and steps out of order', async () => {
    const missing = await vault.refuse('titrations:create', taper({ medicationId: '11111111-1111-4111-8111-111111111111' }));
    expect(missing.code).toBe('NOT_FOUND');
    const steps = taper().steps.map((s, i) => (i === 1 ? { ...s, startDate: '2026-03-15' } : s));
    const overlapping = await vault.refuse('titrations:create', taper({ steps }));
    expect(overlapping.code).toBe('INVALID_INPUT');
  });

  it('confirms each step into the medication history on its date, in order, at its dose or another', async () => {
    const schedule = await vault.call('titrations:create', taper());
    const [first, second, third, stop] = schedule.steps;
    // Step 1 is the dose already taken: confirmed without a new entry.
    const afterFirst = await vault.call('titrations:confirm', { stepId: first!.id });
    expect(afterFirst.steps[0]).toMatchObject({ medicationEventId: null });
    expect(afterFirst.steps[0]?.confirmedAt).not.toBeNull();
    // Step 2 has not come yet.
    expect((await vault.refuse('titrations:confirm', { stepId: second!.id })).code).toBe('CONFLICT');

    vault.setNow('2026-04-01T09:00:00.000Z');
    expect((await vault.refuse('titrations:confirm', { stepId: third!.id })).message).toMatch(/Confirm step 2 first/);
    await vault.call('titrations:confirm', { stepId: second!.id });
    // Changed at the session: 62.5 mg instead of 50 mg.
    const changed = await vault.call('titrations:confirm', {
      stepId: third!.id,
      dose: '62.5 mg',
      reason: 'Withdrawal symptoms at 75 → 50',
    });
    expect(changed.steps[2]).toMatchObject({ confirmedDose: '62.5 mg' });
    expect((await vault.refuse('titrations:confirm', { stepId: third!.id })).code).toBe('CONFLICT');

    const history = await vault.call('medications:list', { patientId: vault.maren.id });
    expect(history.current[0]).toMatchObject({ dose: '62.5 mg', changedOn: '2026-03-30' });
    expect(history.current[0]?.events.map((e) => `${e.date} ${e.kind} ${e.dose} · ${e.reason}`)).toEqual([
      '2026-01-05 start 100 mg · Low mood',
      '2026-03-16 change 75 mg · Taper schedule, step 2',
      '2026-03-30 change 62.5 mg · Withdrawal symptoms at 75 → 50',
    ]);
    expect(changed.steps[1]?.medicationEventId).toBe(history.current[0]?.events[1]?.id);

    vault.setNow('2026-04-13T09:00:00.000Z');
    const done = await vault.call('titrations:confirm', { stepId: stop!.id });
    expect(done.status).toBe('completed');
    const after = await vault.call('medications:list', { patientId: vault.maren.id });
    expect(after.past[0]).toMatchObject({ name: 'Sertraline', stoppedOn: '2026-04-13', stopReason: 'Taper schedule, step 4' });
    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id, limit: 50 });
    expect(audit.filter((e) => e.action === 'titration.confirm')).toHaveLength(4);
    expect(audit.filter((e) => e.action === 'titration.complete')).toHaveLength(1);
  });

  it('keeps a stopped or replaced schedule as it was, and refuses confirming its steps', async () => {
    const first = await vault.call('titrations:create', taper());
    const second = await vault.call('titrations:create', taper({ replacesId: first.id }));
    expect(second.replacesId).toBe(first.id);
    const old = await vault.call('titrations:get', { scheduleId: first.id });
    expect(old).toMatchObject({ status: 'stopped', stopReason: 'Replaced by a new schedule' });
    expect(old.steps).toHaveLength(4);
    expect((await vault.refuse('titrations:confirm', { stepId: old.steps[0]!.id })).code).toBe('CONFLICT');
    const stopped = await vault.call('titrations:stop', { scheduleId: second.id, reason: 'Patient wants to stay on 100 mg' });
    expect(stopped.status).toBe('stopped');
    expect((await vault.refuse('titrations:stop', { scheduleId: second.id, reason: 'Again' })).code).toBe('CONFLICT');
  });

  it('ends the schedule when its medication is stopped by hand, in the stop’s transaction and audited, and refuses its steps', async () => {
    const schedule = await vault.call('titrations:create', taper());
    vault.setNow('2026-03-05T11:00:00.000Z');
    await vault.call('medications:record', {
      patientId: vault.maren.id,
      entry: { kind: 'stop', medicationId: sertraline.medicationId, date: '2026-03-04', reason: 'Rash' },
    });
    const ended = await vault.call('titrations:get', { scheduleId: schedule.id });
    expect(ended).toMatchObject({
      status: 'stopped',
      stoppedAt: '2026-03-05T11:00:00.000Z',
      stopReason: 'Medication stopped on 2026-03-04',
    });
    expect((await vault.call('titrations:list', { patientId: vault.maren.id })).schedules[0]?.status).toBe('stopped');
    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id, limit: 2 });
    expect(audit.map((e) => [e.action, e.at])).toEqual([
      ['titration.stop', '2026-03-05T11:00:00.000Z'],
      ['medication.stop', '2026-03-05T11:00:00.000Z'],
    ]);
    const refused = await vault.refuse('titrations:confirm', { stepId: schedule.steps[0]!.id });
    expect(refused).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/has ended/) });
    expect((await vault.call('titrations:get', { scheduleId: schedule.id })).steps[0]?.confirmedAt).toBeNull();
  });

  it('ends the schedule when its medication’s start is entered in error, and leaves other medications’ schedules alone', async () => {
    const lithium = await vault.call('medications:record', {
      patientId: vault.maren.id,
      entry: {
        kind: 'start',
        name: 'Lithium',
        dose: '400 mg',
        route: 'oral',
        frequency: 'once daily',
        date: '2026-02-01',
        reason: 'Bipolar',
      },
    });
    const wrong = await vault.call('titrations:create', taper());
    const kept = await vault.call('titrations:create', {
      ...taper({ medicationId: lithium.medicationId, direction: 'titrate' }),
      steps: [{ doseUnit: 'mg', frequency: 'once daily', durationDays: 14, tabletStrength: 200, doseAmount: 600, startDate: '2026-03-02' }],
    });
    // Sertraline's start entered in error leaves no course, so its schedule ends; lithium's runs on.
    await vault.call('medications:markEnteredInError', { eventId: sertraline.events[0]!.id, reason: 'Wrong patient' });
    expect(await vault.call('titrations:get', { scheduleId: wrong.id })).toMatchObject({
      status: 'stopped',
      stopReason: 'Medication entered in error',
    });
    expect((await vault.call('titrations:get', { scheduleId: kept.id })).status).toBe('active');
    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id, limit: 2 });
    expect(audit.map((e) => [e.action, e.recordId])).toEqual([
      ['titration.stop', wrong.id],
      ['medication.entered-in-error', sertraline.events[0]!.id],
    ]);
  });
});
