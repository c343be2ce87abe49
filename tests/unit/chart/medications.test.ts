import { afterEach, describe, expect, it } from 'vitest';
import {
  ALLERGY_SEVERITY_ORDER,
  bySeverity,
  deriveMedications,
  describeMedication,
  type MedicationEvent,
} from '../../../shared/medication';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
let sequence = 0;

function entry(
  medicationId: string,
  kind: MedicationEvent['kind'],
  date: string,
  dose: string,
  extra: Partial<MedicationEvent> = {},
): MedicationEvent {
  sequence += 1;
  return {
    id: `00000000-0000-4000-8000-${String(sequence).padStart(12, '0')}`,
    medicationId,
    patientId: PATIENT,
    kind,
    date,
    name: extra.name ?? 'Sertraline',
    route: 'oral',
    dose,
    frequency: 'once daily',
    reason: 'reason',
    recordedAt: `2026-01-01T00:00:${String(sequence % 60).padStart(2, '0')}.000Z`,
    enteredInError: null,
    ...extra,
  };
}

const SERTRALINE = '11111111-1111-4111-8111-111111111111';
const LITHIUM = '22222222-2222-4222-8222-222222222222';
const QUETIAPINE = '33333333-3333-4333-8333-333333333333';

describe('the medication list derived from its entries', () => {
  it('follows a start, two dose changes and a stop, whatever order the entries arrive in', () => {
    const events = [
      entry(SERTRALINE, 'change', '2025-03-01', '100 mg'),
      entry(SERTRALINE, 'start', '2025-01-10', '50 mg'),
      entry(LITHIUM, 'start', '2024-06-01', '400 mg', { name: 'Lithium carbonate' }),
      entry(SERTRALINE, 'change', '2025-06-15', '150 mg'),
      entry(LITHIUM, 'stop', '2025-02-01', '400 mg', { name: 'Lithium carbonate', reason: 'Tremor' }),
    ];
    const { current, past } = deriveMedications(events);
    expect(current.map(describeMedication)).toEqual(['Sertraline 150 mg, oral, once daily']);
    expect(current[0]).toMatchObject({ startedOn: '2025-01-10', changedOn: '2025-06-15', stoppedOn: null });
    expect(current[0]?.events.map((e) => `${e.date} ${e.kind} ${e.dose}`)).toEqual([
      '2025-01-10 start 50 mg',
      '2025-03-01 change 100 mg',
      '2025-06-15 change 150 mg',
    ]);
    expect(past).toHaveLength(1);
    expect(past[0]).toMatchObject({ name: 'Lithium carbonate', stoppedOn: '2025-02-01', stopReason: 'Tremor' });
  });

  it('orders two entries of one day by when they were recorded', () => {
    const start = entry(SERTRALINE, 'start', '2025-01-10', '50 mg', { recordedAt: '2025-01-10T09:00:00.000Z' });
    const sameDay = entry(SERTRALINE, 'change', '2025-01-10', '25 mg', { recordedAt: '2025-01-10T09:30:00.000Z' });
    expect(deriveMedications([sameDay, start]).current[0]?.dose).toBe('25 mg');
  });

  it('skips entries entered in error: a wrong dose change undone, a stop undone, a start undone', () => {
    const wrong = { at: '2025-04-01T10:00:00.000Z', reason: 'Typed 1000 for 100' };
    const events = [
      entry(SERTRALINE, 'start', '2025-01-10', '50 mg'),
      entry(SERTRALINE, 'change', '2025-03-01', '1000 mg', { enteredInError: wrong }),
      entry(LITHIUM, 'start', '2024-06-01', '400 mg', { name: 'Lithium carbonate' }),
      entry(LITHIUM, 'stop', '2025-02-01', '400 mg', { name: 'Lithium carbonate', enteredInError: wrong }),
      entry(QUETIAPINE, 'start', '2025-02-01', '25 mg', { name: 'Quetiapine', enteredInError: wrong }),
    ];
    const { current, past } = deriveMedications(events);
    expect(current.map((m) => `${m.name} ${m.dose}`)).toEqual(['Lithium carbonate 400 mg', 'Sertraline 50 mg']);
    expect(past).toEqual([]);
    // The entry in error stays in the course's history, marked.
    expect(current[1]?.events.filter((e) => e.enteredInError !== null)).toHaveLength(1);
  });

  it('lists past medications last stopped first', () => {
    const events = [
      entry(SERTRALINE, 'start', '2020-01-01', '50 mg'),
      entry(SERTRALINE, 'stop', '2021-01-01', '50 mg'),
      entry(LITHIUM, 'start', '2020-01-01', '400 mg', { name: 'Lithium carbonate' }),
      entry(LITHIUM, 'stop', '2023-01-01', '400 mg', { name: 'Lithium carbonate' }),
    ];
    expect(deriveMedications(events).past.map((m) => m.name)).toEqual(['Lithium carbonate', 'Sertraline']);
  });
});

describe('recording medications in a chart', () => {
  let vault: CalendarVault;
  afterEach(async () => {
    await vault.dispose();
  });

  it('keeps every start, change and stop as a dated entry and answers the list derived from them', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const started = await vault.call('medications:record', {
      patientId,
      entry: {
        kind: 'start',
        name: 'Sertraline',
        dose: '50 mg',
        route: 'oral',
        frequency: 'once daily',
        date: '2026-01-05',
        reason: 'Depressive episode',
      },
    });
    await vault.call('medications:record', {
      patientId,
      entry: {
        kind: 'change',
        medicationId: started.medicationId,
        dose: '100 mg',
        frequency: 'once daily',
        date: '2026-02-02',
        reason: 'Partial response',
      },
    });
    const lithium = await vault.call('medications:record', {
      patientId,
      entry: {
        kind: 'start',
        name: 'Lithium carbonate',
        dose: '400 mg',
        route: 'oral',
        frequency: 'at night',
        date: '2026-01-20',
        reason: 'Augmentation',
      },
    });
    const stopped = await vault.call('medications:record', {
      patientId,
      entry: { kind: 'stop', medicationId: lithium.medicationId, date: '2026-03-01', reason: 'Tremor' },
    });
    expect(stopped).toMatchObject({ stoppedOn: '2026-03-01', stopReason: 'Tremor', dose: '400 mg' });

    const list = await vault.call('medications:list', { patientId });
    expect(list.current.map(describeMedication)).toEqual(['Sertraline 100 mg, oral, once daily']);
    expect(list.past.map((m) => m.name)).toEqual(['Lithium carbonate']);
    const summary = await vault.call('chart:summary', { patientId });
    expect(summary.currentMedications.map((m) => m.name)).toEqual(['Sertraline']);
  });

  it('refuses a change before the last entry, a change to the same dose, a stopped course and a second start of the same drug', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const start = {
      kind: 'start',
      name: 'Sertraline',
      dose: '50 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-02-01',
      reason: 'Low mood',
    } as const;
    const course = await vault.call('medications:record', { patientId, entry: start });
    const change = {
      kind: 'change',
      medicationId: course.medicationId,
      dose: '100 mg',
      frequency: 'once daily',
      reason: 'Response',
    } as const;

    const early = await vault.refuse('medications:record', { patientId, entry: { ...change, date: '2026-01-15' } });
    expect(early).toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringMatching(/before this medication’s last entry \(2026-02-01\)/),
    });
    expect(
      (await vault.refuse('medications:record', { patientId, entry: { ...change, dose: '50 mg', date: '2026-02-10' } })).message,
    ).toMatch(/already 50 mg/);
    expect((await vault.refuse('medications:record', { patientId, entry: { ...start, name: 'sertraline' } })).code).toBe('CONFLICT');
    const future = await vault.refuse('medications:record', { patientId, entry: { ...change, date: '2099-01-01' } });
    expect(future.code).toBe('INVALID_INPUT');

    await vault.call('medications:record', {
      patientId,
      entry: { kind: 'stop', medicationId: course.medicationId, date: '2026-03-01', reason: 'Remission' },
    });
    const afterStop = await vault.refuse('medications:record', { patientId, entry: { ...change, date: '2026-03-05' } });
    expect(afterStop).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/stopped on 2026-03-01/) });
    // Nothing refused was written: one start, one stop.
    const list = await vault.call('medications:list', { patientId });
    expect(list.past[0]?.events.map((e) => e.kind)).toEqual(['start', 'stop']);
  });

  it('marks an entry entered in error, and the database refuses any other change to an entry', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    const course = await vault.call('medications:record', {
      patientId,
      entry: {
        kind: 'start',
        name: 'Sertraline',
        dose: '50 mg',
        route: 'oral',
        frequency: 'once daily',
        date: '2026-02-01',
        reason: 'Low mood',
      },
    });
    const typo = await vault.call('medications:record', {
      patientId,
      entry: {
        kind: 'change',
        medicationId: course.medicationId,
        dose: '1000 mg',
        frequency: 'once daily',
        date: '2026-02-10',
        reason: 'Response',
      },
    });
    const wrongEntry = typo.events.at(-1)!;
    const after = await vault.call('medications:markEnteredInError', { eventId: wrongEntry.id, reason: 'Typed 1000 for 100' });
    expect(after.current[0]?.dose).toBe('50 mg');
    expect(after.current[0]?.events.at(-1)?.enteredInError).toMatchObject({ reason: 'Typed 1000 for 100' });
    // A course whose start was entered in error is no medication, but its entries stay in the history.
    const mistaken = await vault.call('medications:record', {
      patientId,
      entry: {
        kind: 'start',
        name: 'Quetiapine',
        dose: '25 mg',
        route: 'oral',
        frequency: 'at night',
        date: '2026-02-11',
        reason: 'Sleep',
      },
    });
    const voided = await vault.call('medications:markEnteredInError', { eventId: mistaken.events[0]!.id, reason: 'Wrong patient' });
    expect([...voided.current, ...voided.past].map((m) => m.name)).toEqual(['Sertraline']);
    expect(voided.entries.map((e) => `${e.date} ${e.name} ${e.kind}${e.enteredInError ? ' (in error)' : ''}`)).toEqual([
      '2026-02-11 Quetiapine start (in error)',
      '2026-02-10 Sertraline change (in error)',
      '2026-02-01 Sertraline start',
    ]);

    await vault.call('vault:lock', {});
    const { openVaultDatabase } = await import('../../fixtures/import');
    const db = openVaultDatabase(`${vault.dir}/alliance.db`, vault.databaseKeyHex);
    try {
      expect(() => db.prepare("UPDATE medication_events SET dose = '10 mg' WHERE id = $id").run({ id: wrongEntry.id })).toThrow(
        /HISTORY_APPEND_ONLY/,
      );
      expect(() => db.prepare('DELETE FROM medication_events WHERE id = $id').run({ id: wrongEntry.id })).toThrow(/HISTORY_APPEND_ONLY/);
    } finally {
      db.close();
    }
  });
});

describe('allergies', () => {
  let vault: CalendarVault;
  afterEach(async () => {
    await vault.dispose();
  });

  it('tells nothing recorded from no known allergies, and an allergy ends "no known allergies"', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const patientId = vault.maren.id;
    expect(await vault.call('allergies:get', { patientId })).toEqual({ allergies: [], noKnownAllergiesAt: null });
    expect((await vault.call('allergies:noneKnown', { patientId })).noKnownAllergiesAt).toBe('2026-03-10T12:00:00.000Z');

    const withOne = await vault.call('allergies:add', {
      patientId,
      allergy: { substance: 'Penicillin', kind: 'allergy', reaction: 'Hives', severity: 'moderate', notedOn: '' },
    });
    expect(withOne.noKnownAllergiesAt).toBeNull();
    expect(withOne.allergies.map((a) => `${a.substance}: ${a.reaction} (${a.severity})`)).toEqual(['Penicillin: Hives (moderate)']);
    expect((await vault.refuse('allergies:noneKnown', { patientId })).message).toMatch(/Penicillin is on the list/);

    const corrected = await vault.call('allergies:markEnteredInError', {
      id: withOne.allergies[0]!.id,
      reason: 'Another patient’s allergy',
    });
    expect(corrected.allergies[0]?.enteredInError?.reason).toBe('Another patient’s allergy');
    expect((await vault.call('allergies:noneKnown', { patientId })).noKnownAllergiesAt).not.toBeNull();
  });
});

describe('allergies as the header lists them', () => {
  it('come most severe first, an unknown severity last, then by substance', () => {
    const allergy = (substance: string, severity: (typeof ALLERGY_SEVERITY_ORDER)[number]) => ({ substance, severity });
    const sorted = bySeverity([
      allergy('Latex', 'mild'),
      allergy('Sulfa', 'unknown'),
      allergy('Penicillin', 'severe'),
      allergy('Lamotrigine', 'moderate'),
      allergy('Carbamazepine', 'severe'),
    ]);
    expect(sorted.map((a) => a.substance)).toEqual(['Carbamazepine', 'Penicillin', 'Lamotrigine', 'Latex', 'Sulfa']);
  });
});
