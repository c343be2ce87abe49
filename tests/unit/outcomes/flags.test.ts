/**
 * The outcome channels against one real vault: the reading on the chart, the flag raised at the next
 * session (never before the 4th PHQ-9), its acknowledgement with a plan version (audited, once,
 * kept as written), and the practice's outcome rates per quarter.
 */
import type { Bundle } from '@medplum/fhirtypes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../../shared/appointment';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';
import { validateAll } from '../exports/fhir-validation';

let vault: CalendarVault;
/** Maren's sessions, every four weeks from Tuesday 6 January 2026, 09:00 UTC. */
const sessions: Appointment[] = [];
let planVersionId: string;
let lastPhq9: string;

/** PHQ-9 answers adding up to `total`, item 9 left at "Not at all". */
function phq9(total: number) {
  return {
    instrument: 'phq9' as const,
    answers: Array.from({ length: 9 }, (_, i) => (i < 8 ? Math.max(0, Math.min(3, total - i * 3)) : 0)),
    difficulty: null,
  };
}
function gad7(total: number) {
  return {
    instrument: 'gad7' as const,
    answers: Array.from({ length: 7 }, (_, i) => Math.max(0, Math.min(3, total - i * 3))),
    difficulty: null,
  };
}

async function nextSessionAlerts(): Promise<string[]> {
  const ahead = await vault.range('2026-04-07T00:00:00.000Z', '2026-04-08T00:00:00.000Z');
  return ahead.find((s) => s.patientId === vault.maren.id)?.alerts ?? [];
}

beforeAll(async () => {
  vault = await openCalendarVault('2026-01-01T09:00:00.000Z');
  const plan = await vault.call('plans:create', { patientId: vault.maren.id });
  planVersionId = plan.current.id;
  for (const day of ['2026-01-06', '2026-02-03', '2026-03-03', '2026-03-31', '2026-04-07']) {
    sessions.push(await vault.book({ start: `${day}T09:00:00.000Z` }));
  }
  vault.setNow('2026-03-04T08:00:00.000Z');
  // Baseline 15, then 16 at week 4 and 17 at week 8: above the week-4 cut point (17) only at the 3rd, too early to flag.
  for (const [index, score] of [15, 16, 17].entries())
    await vault.call('measures:record', { patientId: vault.maren.id, ref: sessions[index]!.ref, measure: phq9(score) });
  // Tomas: a GAD-7 case at baseline that recovers in the first quarter; a PHQ-9 below caseness that worsens reliably.
  await vault.call('measures:record', { patientId: vault.tomas.id, ref: null, measure: gad7(12) });
  await vault.call('measures:record', { patientId: vault.tomas.id, ref: null, measure: phq9(3) });
}, 60_000);
afterAll(async () => {
  await vault?.dispose();
});

describe('outcomes:patient and the calendar', () => {
  it('reads the baseline and the change, and raises nothing after only three scores', async () => {
    const reading = await vault.call('outcomes:patient', { patientId: vault.maren.id });
    const [phq] = reading.instruments;
    expect(phq).toMatchObject({ instrument: 'phq9', baseline: { score: 15, date: '2026-01-06' }, noBand: null });
    expect(phq!.points.map((p) => [p.week, p.course])).toEqual([
      [0, 'too-early'],
      [4, 'too-early'],
      [8, 'too-early'],
    ]);
    expect(reading.openFlags).toEqual([]);
    expect(await nextSessionAlerts()).not.toContain('outcome-flag');
  });

  it('flags the 4th PHQ-9 at or above the cut point, on the chart and at the next session only', async () => {
    vault.setNow('2026-04-01T08:00:00.000Z');
    lastPhq9 = (await vault.call('measures:record', { patientId: vault.maren.id, ref: sessions[3]!.ref, measure: phq9(18) })).id;
    const reading = await vault.call('outcomes:patient', { patientId: vault.maren.id });
    expect(reading.openFlags).toMatchObject([{ kind: 'not-on-track', instrument: 'phq9', measureId: lastPhq9, score: 18, baseline: 15 }]);
    expect(reading.openFlags[0]!.raiseAt?.start).toBe('2026-04-07T09:00:00.000Z');
    expect(await nextSessionAlerts()).toContain('outcome-flag');
  });

  it('refuses an acknowledgement without a note, of a flag not raised, or citing another patient’s plan', async () => {
    const base = { patientId: vault.maren.id, kind: 'not-on-track' as const, measureId: lastPhq9, planVersionId: null };
    expect((await vault.refuse('outcomes:acknowledge', { ...base, note: '  ' })).code).toBe('INVALID_INPUT');
    expect((await vault.refuse('outcomes:acknowledge', { ...base, kind: 'reliable-deterioration', note: 'Discussed' })).code).toBe(
      'INVALID_INPUT',
    );
    const other = await vault.call('plans:create', { patientId: vault.tomas.id });
    expect((await vault.refuse('outcomes:acknowledge', { ...base, note: 'Discussed', planVersionId: other.current.id })).code).toBe(
      'INVALID_INPUT',
    );
  });

  it('acknowledges the flag once, with the plan version it led to, audited, and the flag leaves the next session', async () => {
    const note = 'Discussed on 7 Apr; agreed to add behavioural activation.';
    const acknowledgement = await vault.call('outcomes:acknowledge', {
      patientId: vault.maren.id,
      kind: 'not-on-track',
      measureId: lastPhq9,
      note,
      planVersionId,
    });
    expect(acknowledgement).toMatchObject({ kind: 'not-on-track', measureId: lastPhq9, note, planVersionId, planVersionNumber: 1 });
    const reading = await vault.call('outcomes:patient', { patientId: vault.maren.id });
    expect(reading.openFlags).toEqual([]);
    expect(reading.acknowledgements).toEqual([acknowledgement]);
    expect(await nextSessionAlerts()).not.toContain('outcome-flag');
    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id });
    expect(audit.filter((e) => e.action === 'outcome-flag.acknowledge').map((e) => e.recordId)).toEqual([acknowledgement.id]);
    const again = await vault.refuse('outcomes:acknowledge', {
      patientId: vault.maren.id,
      kind: 'not-on-track',
      measureId: lastPhq9,
      note,
      planVersionId: null,
    });
    expect(again.code).toBe('CONFLICT');
  });
});

describe('outcomes:practice', () => {
  it('counts reliable improvement and recovery per quarter among baselines in caseness, and lists the open flags in the range', async () => {
    vault.setNow('2026-03-20T08:00:00.000Z');
    await vault.call('measures:record', { patientId: vault.tomas.id, ref: null, measure: gad7(7) }); // 12 → 7: −5, below 8
    await vault.call('measures:record', { patientId: vault.tomas.id, ref: null, measure: phq9(9) }); // 3 → 9: +6
    vault.setNow('2026-04-02T08:00:00.000Z');
    const practice = await vault.call('outcomes:practice', { from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' });
    expect(practice.quarters).toEqual([
      // Maren's PHQ-9 (15 at baseline): last Q1 score 18 (31 March), none in Q2.
      { quarter: '2026-Q1', instrument: 'phq9', patients: 1, reliableImprovement: 0, recovery: 0 },
      { quarter: '2026-Q1', instrument: 'gad7', patients: 1, reliableImprovement: 1, recovery: 1 },
      { quarter: '2026-Q2', instrument: 'phq9', patients: 0, reliableImprovement: 0, recovery: 0 },
      { quarter: '2026-Q2', instrument: 'gad7', patients: 0, reliableImprovement: 0, recovery: 0 },
    ]);
    // Maren's flag was acknowledged; Tomas's PHQ-9 worsened reliably (no band below caseness).
    expect(practice.notOnTrack).toEqual([]);
    expect(practice.deteriorations).toMatchObject([
      { patientId: vault.tomas.id, patientName: 'Lindqvist, Tomas', instrument: 'phq9', score: 9, baseline: 3 },
    ]);
  });
});

describe('measures overdue in the practice view', () => {
  it('lists, as of today, each measure past its due day on a patient’s schedule, and not a patient never measured or scheduled', async () => {
    vault.setNow('2026-03-20T09:00:00.000Z');
    // Set on Tomas's schedule today and never answered: overdue from tomorrow.
    await vault.call('measures:setSchedule', { patientId: vault.tomas.id, instrument: 'pcl5', everyDays: 30 });
    vault.setNow('2026-03-20T12:00:00.000Z');
    const range = { from: '2026-01-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' };
    expect((await vault.call('outcomes:practice', range)).overdue).toEqual([]);
    vault.setNow('2026-04-28T12:00:00.000Z');
    const rows = (p: Awaited<ReturnType<typeof practice>>) =>
      p.overdue.map((o) => `${o.patientName} ${o.instrument} every ${o.everyDays} due ${o.dueOn} last ${o.lastDate ?? 'never'}`).sort();
    const practice = () => vault.call('outcomes:practice', range);
    // Maren's PHQ-9 of 31 March is due on 28 April: today, not yet overdue. Her GAD-7 was never given and never set: not listed.
    expect(rows(await practice())).toEqual([
      'Lindqvist, Tomas gad7 every 28 due 2026-04-17 last 2026-03-20',
      'Lindqvist, Tomas pcl5 every 30 due 2026-03-20 last never',
      'Lindqvist, Tomas phq9 every 28 due 2026-04-17 last 2026-03-20',
    ]);
    vault.setNow('2026-04-29T12:00:00.000Z');
    expect(rows(await practice())).toContain('Holloway, Maren phq9 every 28 due 2026-04-28 last 2026-03-31');
    // Patients neither measured nor given a schedule in the range are not in care in it: not listed.
    const later = await vault.call('outcomes:practice', { from: '2026-04-01T00:00:00.000Z', to: '2026-07-01T00:00:00.000Z' });
    expect(later.overdue).toEqual([]);
    // Taken off the schedule: no longer due.
    await vault.call('measures:setSchedule', { patientId: vault.tomas.id, instrument: 'pcl5', everyDays: null });
    expect(rows(await practice()).some((row) => row.includes('pcl5'))).toBe(false);
  });
});

describe('outcome flags in the FHIR copy of the record', () => {
  it('writes each flag as a DetectedIssue citing its score, the acknowledged one with its note and plan version as a mitigation', async () => {
    const { json } = await vault.call('exports:patientBundle', { patientId: vault.maren.id });
    const bundle = JSON.parse(json) as Bundle;
    const issues = (bundle.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'DetectedIssue' ? [e.resource] : []));
    await validateAll(issues);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      status: 'final',
      code: { coding: [{ system: 'urn:alliance:outcome-flag', code: 'not-on-track', display: 'Not on track' }] },
      patient: { reference: `Patient/${vault.maren.id}` },
      identifiedDateTime: '2026-03-31',
      evidence: [{ detail: [{ reference: `Observation/${lastPhq9}` }] }],
      mitigation: [
        {
          action: { text: `Discussed on 7 Apr; agreed to add behavioural activation. Led to plan version 1 (CarePlan/${planVersionId}).` },
          author: { reference: 'Practitioner/alliance-clinician' },
        },
      ],
    });
    // Tomas's reliable deterioration is open: no mitigation.
    const tomas = JSON.parse((await vault.call('exports:patientBundle', { patientId: vault.tomas.id })).json) as Bundle;
    const open = (tomas.entry ?? []).flatMap((e) => (e.resource?.resourceType === 'DetectedIssue' ? [e.resource] : []));
    await validateAll(open);
    expect(open).toMatchObject([
      { code: { coding: [{ code: 'reliable-deterioration' }] }, detail: 'PHQ-9 9 (baseline 3). Review the plan together.' },
    ]);
    expect(open[0]).not.toHaveProperty('mitigation');
  });
});
