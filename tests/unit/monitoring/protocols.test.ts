/**
 * Each protocol's due dates for a scripted medication history: start, dose change, stop and restart,
 * with the results that clear them; the over-65 and interacting-drug rules; one line per check a
 * patient needs; and dates that a daylight-saving change cannot move.
 */
import { describe, expect, it } from 'vitest';
import {
  addDays,
  describeDueReason,
  dueChecks,
  type DueCheck,
  type MonitoringInput,
  type MonitoringMedicationEvent,
  type MonitoringResult,
} from '../../../shared/monitoring';

let sequence = 0;
function event(
  medicationId: string,
  kind: MonitoringMedicationEvent['kind'],
  date: string,
  name: string,
  enteredInError: unknown = null,
): MonitoringMedicationEvent {
  sequence += 1;
  return { medicationId, kind, date, name, recordedAt: `${date}T09:00:${String(sequence % 60).padStart(2, '0')}Z`, enteredInError };
}

function result(analyte: MonitoringResult['analyte'], takenOn: string, outOfRange = false): MonitoringResult {
  return { analyte, takenOn, outOfRange };
}

function due(input: Partial<MonitoringInput> & Pick<MonitoringInput, 'today'>): DueCheck[] {
  return dueChecks({ dateOfBirth: '1980-05-01', medicationEvents: [], results: [], ...input });
}

function find(list: readonly DueCheck[], check: string): DueCheck {
  const found = list.find((entry) => entry.check === check);
  if (!found) throw new Error(`No ${check} in ${list.map((entry) => entry.check).join(', ')}`);
  return found;
}

const LITHIUM_START = event('li', 'start', '2026-03-02', 'Lithium carbonate');

describe('lithium', () => {
  it('asks for a level one week after starting, and for renal, thyroid, calcium and weight before it', () => {
    const list = due({ today: '2026-03-04', medicationEvents: [LITHIUM_START] });
    expect(find(list, 'lithium-level')).toMatchObject({
      dueOn: '2026-03-09',
      status: 'due',
      reason: { kind: 'after-change', change: 'start' },
    });
    for (const check of ['renal', 'thyroid', 'calcium', 'weight']) {
      expect(find(list, check)).toMatchObject({ dueOn: '2026-03-02', status: 'overdue', reason: { kind: 'baseline' } });
    }
  });

  it('wants a level weekly until two in a row are in range, then every three months in the first year', () => {
    const first = [result('lithium', '2026-03-09')];
    expect(find(due({ today: '2026-03-10', medicationEvents: [LITHIUM_START], results: first }), 'lithium-level')).toMatchObject({
      dueOn: '2026-03-16',
      reason: { kind: 'until-stable' },
    });
    const outOfRange = [...first, result('lithium', '2026-03-16', true)];
    expect(find(due({ today: '2026-03-17', medicationEvents: [LITHIUM_START], results: outOfRange }), 'lithium-level').dueOn).toBe(
      '2026-03-23',
    );
    const stable = [...outOfRange, result('lithium', '2026-03-23'), result('lithium', '2026-03-30')];
    expect(find(due({ today: '2026-03-31', medicationEvents: [LITHIUM_START], results: stable }), 'lithium-level')).toMatchObject({
      dueOn: addDays('2026-03-30', 91),
      status: 'upcoming',
      reason: { kind: 'interval', days: 91 },
    });
  });

  it('starts the clock again at a dose change; a level drawn before steady state does not count', () => {
    const events = [LITHIUM_START, event('li', 'change', '2026-04-01', 'Lithium carbonate')];
    const results = [result('lithium', '2026-03-09'), result('lithium', '2026-03-16'), result('lithium', '2026-04-03')];
    expect(find(due({ today: '2026-04-04', medicationEvents: events, results }), 'lithium-level')).toMatchObject({
      dueOn: '2026-04-08',
      reason: { kind: 'after-change', change: 'change', on: '2026-04-01' },
    });
  });

  it('after the first year every six months, or every three from 65 or beside an interacting drug', () => {
    const start = event('li', 'start', '2025-01-10', 'Priadel');
    const results = [result('lithium', '2026-01-20'), result('lithium', '2026-02-01')];
    expect(find(due({ today: '2026-02-02', medicationEvents: [start], results }), 'lithium-level').dueOn).toBe(addDays('2026-02-01', 182));
    expect(find(due({ today: '2026-02-02', dateOfBirth: '1960-02-02', medicationEvents: [start], results }), 'lithium-level').dueOn).toBe(
      addDays('2026-02-01', 91),
    );
    const lisinopril = event('ace', 'start', '2025-11-01', 'Lisinopril');
    expect(find(due({ today: '2026-02-02', medicationEvents: [start, lisinopril], results }), 'lithium-level').dueOn).toBe(
      addDays('2026-02-01', 91),
    );
    const stopped = event('ace', 'stop', '2026-01-05', 'Lisinopril');
    expect(find(due({ today: '2026-02-02', medicationEvents: [start, lisinopril, stopped], results }), 'lithium-level').dueOn).toBe(
      addDays('2026-02-01', 182),
    );
  });

  it('asks nothing once stopped; a restart asks for its baselines again, counting only results from the month before it', () => {
    const stop = event('li', 'stop', '2026-05-01', 'Lithium carbonate');
    const results = [result('tsh', '2026-03-01'), result('tsh', '2026-09-20')];
    expect(due({ today: '2026-06-01', medicationEvents: [LITHIUM_START, stop], results })).toEqual([]);
    const restart = event('li2', 'start', '2026-10-01', 'Lithium carbonate');
    const list = due({ today: '2026-10-02', medicationEvents: [LITHIUM_START, stop, restart], results });
    expect(find(list, 'renal')).toMatchObject({ dueOn: '2026-10-01', status: 'overdue' });
    // The TSH of 20 September is the restart's baseline: the next is six months after the restart.
    expect(find(list, 'thyroid')).toMatchObject({ dueOn: addDays('2026-10-01', 182), reason: { kind: 'interval', last: '2026-09-20' } });
  });

  it('ignores a start entered in error', () => {
    expect(
      due({ today: '2026-03-04', medicationEvents: [event('li', 'start', '2026-03-02', 'Lithium', { reason: 'wrong chart' })] }),
    ).toEqual([]);
  });
});

describe('antipsychotics', () => {
  const olanzapine = event('olz', 'start', '2026-01-05', 'Olanzapine');

  it('weighs at 4, 8 and 12 weeks, then every three months, counting a baseline from the week before', () => {
    const weights = ['2026-01-02', '2026-02-02', '2026-03-02', '2026-03-30'];
    const expected = ['2026-02-02', '2026-03-02', '2026-03-30', addDays('2026-03-30', 91)];
    for (let i = 0; i < weights.length; i += 1) {
      const results = weights.slice(0, i + 1).map((takenOn) => result('weight', takenOn));
      const today = (weights[i] ?? '') < olanzapine.date ? olanzapine.date : (weights[i] ?? '');
      expect(find(due({ today, medicationEvents: [olanzapine], results }), 'weight').dueOn).toBe(expected[i]);
    }
  });

  it('checks glucose (fasting glucose or HbA1c) and lipids at 12 weeks, then yearly', () => {
    const results = [result('hba1c', '2026-01-05'), result('totalCholesterol', '2026-01-05')];
    const list = due({ today: '2026-01-06', medicationEvents: [olanzapine], results });
    expect(find(list, 'glucose').dueOn).toBe('2026-03-30');
    expect(find(list, 'lipids').dueOn).toBe('2026-03-30');
    const later = due({
      today: '2026-04-01',
      medicationEvents: [olanzapine],
      results: [...results, result('fastingGlucose', '2026-03-31')],
    });
    expect(find(later, 'glucose').dueOn).toBe(addDays('2026-03-31', 365));
  });

  it('asks for an AIMS at the start of any antipsychotic and every six months after', () => {
    const haloperidol = event('hal', 'start', '2026-02-01', 'Haloperidol decanoate');
    expect(find(due({ today: '2026-02-02', medicationEvents: [haloperidol] }), 'aims')).toMatchObject({
      dueOn: '2026-02-01',
      status: 'overdue',
    });
    expect(find(due({ today: '2026-02-10', medicationEvents: [haloperidol], results: [result('aims', '2026-02-08')] }), 'aims').dueOn).toBe(
      addDays('2026-02-08', 182),
    );
    // A first-generation drug has no metabolic protocol here.
    expect(due({ today: '2026-02-02', medicationEvents: [haloperidol] }).map((entry) => entry.check)).toEqual(['aims']);
  });

  it('checks a clozapine blood count weekly for 18 weeks, fortnightly to a year, then every 4 weeks', () => {
    const clozapine = event('clz', 'start', '2025-01-06', 'Clozapine');
    const at = (takenOn: string) =>
      find(due({ today: takenOn, medicationEvents: [clozapine], results: [result('anc', takenOn)] }), 'blood-count').dueOn;
    expect(at('2025-02-03')).toBe('2025-02-10');
    expect(at(addDays('2025-01-06', 130))).toBe(addDays('2025-01-06', 144));
    expect(at(addDays('2025-01-06', 400))).toBe(addDays('2025-01-06', 428));
  });

  it('gives one weight line to a patient on lithium and an antipsychotic, the sooner one', () => {
    const list = due({ today: '2026-01-06', medicationEvents: [olanzapine, LITHIUM_START], results: [result('weight', '2026-01-05')] });
    expect(list.filter((entry) => entry.check === 'weight')).toHaveLength(1);
    expect(find(list, 'weight').dueOn).toBe('2026-02-02');
  });

  it('starts again from the antipsychotic started last', () => {
    const aripiprazole = event('ari', 'start', '2026-06-01', 'Aripiprazole');
    const list = due({ today: '2026-06-02', medicationEvents: [olanzapine, aripiprazole], results: [result('weight', '2026-03-30')] });
    expect(find(list, 'weight')).toMatchObject({ dueOn: '2026-06-01', reason: { kind: 'baseline', drug: 'Aripiprazole' } });
  });
});

describe('valproate and carbamazepine', () => {
  it('valproate: liver function and blood count before starting, at six months, then yearly', () => {
    const valproate = event('vpa', 'start', '2026-01-10', 'Sodium valproate');
    expect(find(due({ today: '2026-01-11', medicationEvents: [valproate], results: [result('alt', '2026-01-09')] }), 'liver').dueOn).toBe(
      addDays('2026-01-10', 182),
    );
    expect(find(due({ today: '2026-07-12', medicationEvents: [valproate], results: [result('alt', '2026-07-11')] }), 'liver').dueOn).toBe(
      addDays('2026-07-11', 365),
    );
  });

  it('carbamazepine: its level first six months after starting, without a baseline', () => {
    const carbamazepine = event('cbz', 'start', '2026-01-10', 'Tegretol retard');
    expect(find(due({ today: '2026-01-11', medicationEvents: [carbamazepine] }), 'carbamazepine-level')).toMatchObject({
      dueOn: addDays('2026-01-10', 182),
      reason: { kind: 'after-start' },
    });
  });
});

describe('a patient’s own schedule', () => {
  const haloperidol = event('hal', 'start', '2026-02-01', 'Haloperidol');
  const examined = [result('aims', '2026-02-08')];

  it('replaces the protocol’s interval, sets a check aside, and goes back to the protocol', () => {
    const yearly = { protocol: 'antipsychotic-aims' as const, check: 'aims', kind: 'interval' as const, everyDays: 365 };
    expect(
      find(due({ today: '2026-02-10', medicationEvents: [haloperidol], results: examined, adjustments: [yearly] }), 'aims'),
    ).toMatchObject({
      dueOn: addDays('2026-02-08', 365),
      everyDaysForPatient: 365,
    });
    const off = { ...yearly, kind: 'off' as const, everyDays: null };
    expect(due({ today: '2026-02-10', medicationEvents: [haloperidol], results: examined, adjustments: [yearly, off] })).toEqual([]);
    const back = { ...yearly, kind: 'protocol' as const, everyDays: null };
    expect(
      find(due({ today: '2026-02-10', medicationEvents: [haloperidol], results: examined, adjustments: [yearly, off, back] }), 'aims'),
    ).toMatchObject({
      dueOn: addDays('2026-02-08', 182),
      everyDaysForPatient: null,
    });
  });

  it('keeps a lithium level a week after a dose change, whatever the patient’s interval once stable', () => {
    const levels = { protocol: 'lithium' as const, check: 'lithium-level', kind: 'interval' as const, everyDays: 182 };
    const list = due({ today: '2026-03-04', medicationEvents: [LITHIUM_START], adjustments: [levels] });
    expect(find(list, 'lithium-level').dueOn).toBe('2026-03-09');
  });
});

describe('dates', () => {
  it('count calendar days across both daylight-saving changes, whatever the process zone', () => {
    const zone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(addDays('2026-03-07', 7)).toBe('2026-03-14');
      expect(addDays('2026-10-30', 7)).toBe('2026-11-06');
      const start = event('li', 'start', '2026-03-07', 'Lithium');
      expect(find(due({ today: '2026-03-08', medicationEvents: [start] }), 'lithium-level').dueOn).toBe('2026-03-14');
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it('add days as the calendar does: month and year ends, leap days and centuries, forward and back', () => {
    // Against the Date object's own arithmetic, every 11th day from 1800 to 2199 (each day of the month in turn).
    const byDate = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    for (let day = Date.UTC(1800, 0, 1); day < Date.UTC(2200, 0, 1); day += 11 * 86_400_000) {
      const date = new Date(day).toISOString().slice(0, 10);
      for (const days of [-30, 1, 365])
        if (addDays(date, days) !== byDate(date, days)) expect(addDays(date, days)).toBe(byDate(date, days));
    }
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2100-02-28', 1)).toBe('2100-03-01');
    expect(addDays('2000-02-28', 1)).toBe('2000-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });

  it('say why in words', () => {
    const date = (iso: string) => iso;
    expect(describeDueReason({ kind: 'after-change', change: 'change', on: '2026-04-01', days: 7 }, date)).toBe(
      '1 week after the dose change on 2026-04-01',
    );
    expect(describeDueReason({ kind: 'interval', last: '2026-03-30', days: 91 }, date)).toBe('3 months after the last one (2026-03-30)');
    expect(describeDueReason({ kind: 'interval', last: '2026-03-30', days: 365 }, date)).toBe('1 year after the last one (2026-03-30)');
    expect(describeDueReason({ kind: 'baseline', drug: 'Olanzapine', start: '2026-01-05' }, date)).toBe(
      'before starting Olanzapine (2026-01-05)',
    );
  });
});
