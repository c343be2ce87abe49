/**
 * A patient's measurement schedule against a real vault: set on the chart as added rows, audited, and
 * followed by the Today view; the new instruments answered in patient mode (patient-rated ones only)
 * and entered by the clinician (the CGI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';
import { PASSPHRASE } from '../support/temp-vault';

// One vault for the file: each test goes on from where the one before left the practice.
let vault: CalendarVault;
beforeAll(async () => {
  vault = await openCalendarVault('2026-03-01T09:00:00.000Z');
});
afterAll(async () => {
  await vault.dispose();
});

const PCL5_35 = {
  instrument: 'pcl5' as const,
  answers: [...Array.from({ length: 15 }, () => 2), ...Array.from({ length: 5 }, () => 1)],
  difficulty: null,
};

async function dueToday(patientName: string): Promise<string[]> {
  const today = await vault.call('today:get', {});
  return today.sessions.find((s) => s.appointment.patientName.includes(patientName))?.measuresDue.map((m) => m.instrument) ?? [];
}

describe('the measurement schedule', () => {
  it('starts as the usual one: the PHQ-9 and GAD-7 every 4 weeks, nothing else', async () => {
    const schedule = await vault.call('measures:schedule', { patientId: vault.maren.id });
    expect(schedule.entries.filter((e) => e.everyDays !== null).map((e) => `${e.instrument} ${e.everyDays}`)).toEqual([
      'phq9 28',
      'gad7 28',
    ]);
    expect(schedule.entries.every((e) => e.setAt === null)).toBe(true);
  });

  it('keeps each change as a row of its own, audited, and the Today view follows the patient’s schedule', async () => {
    await vault.call('measures:setSchedule', { patientId: vault.maren.id, instrument: 'pcl5', everyDays: 56 });
    await vault.call('measures:setSchedule', { patientId: vault.maren.id, instrument: 'pcl5', everyDays: 30 });
    const schedule = await vault.call('measures:setSchedule', { patientId: vault.maren.id, instrument: 'phq9', everyDays: null });
    expect(schedule.entries.find((e) => e.instrument === 'pcl5')).toMatchObject({
      everyDays: 30,
      due: true,
      lastDate: null,
      dueOn: '2026-03-01',
    });
    expect(schedule.entries.find((e) => e.instrument === 'phq9')).toMatchObject({ everyDays: null, due: false, dueOn: null });
    expect(await vault.refuse('measures:setSchedule', { patientId: vault.maren.id, instrument: 'pcl5', everyDays: 3 })).toMatchObject({
      code: 'INVALID_INPUT',
    });

    const audit = await vault.call('audit:forPatient', { patientId: vault.maren.id, limit: 50 });
    expect(audit.filter((entry) => entry.action === 'measure-schedule.set')).toHaveLength(3);

    vault.setNow('2026-03-10T08:00:00.000Z');
    await vault.book({ start: '2026-03-10T09:00:00.000Z' });
    expect(await dueToday('Maren')).toEqual(['gad7', 'pcl5']);
  });

  it('takes the PCL-5 in patient mode, and then it is no longer due until its interval ends', async () => {
    vault.setNow('2026-03-10T09:30:00.000Z');
    const [session] = (await vault.range('2026-03-10T00:00:00.000Z', '2026-03-11T00:00:00.000Z')).filter((a) =>
      a.patientName.includes('Maren'),
    );
    await vault.call('patientMode:enter', { ref: session!.ref, forms: ['pcl5', 'feedback'] });
    // The CGI is the clinician's: patient mode neither hands it over nor takes it.
    expect(
      await vault.refuse('patientMode:submitMeasure', { measure: { instrument: 'cgis', answers: [4], difficulty: null } }),
    ).toMatchObject({
      code: 'FORBIDDEN',
    });
    const status = await vault.call('patientMode:submitMeasure', { measure: PCL5_35 });
    expect(status.completed).toEqual(['pcl5']);
    await vault.call('patientMode:leave', { passphrase: PASSPHRASE });
    expect(await vault.refuse('patientMode:enter', { ref: session!.ref, forms: ['cgis'] })).toMatchObject({ code: 'INVALID_INPUT' });

    const trends = await vault.call('feedback:trends', { patientId: vault.maren.id });
    expect(trends.measures.map((m) => `${m.instrument} ${m.score} ${m.band} ${m.source}`)).toEqual(['pcl5 35 Above cut-off patient']);
    expect(await dueToday('Maren')).toEqual(['gad7']);
    const schedule = await vault.call('measures:schedule', { patientId: vault.maren.id });
    expect(schedule.entries.find((e) => e.instrument === 'pcl5')).toMatchObject({
      lastDate: '2026-03-10',
      dueOn: '2026-04-09',
      due: false,
    });
  });

  it('records a CGI rated by the clinician, never as the patient’s own entry', async () => {
    const cgi = await vault.call('measures:record', {
      patientId: vault.maren.id,
      ref: null,
      measure: { instrument: 'cgis', answers: [5], difficulty: null },
    });
    expect(cgi).toMatchObject({ instrument: 'cgis', score: 5, band: 'Markedly ill', source: 'clinician' });
  });

  it('exports each as a QuestionnaireResponse and an Observation, with LOINC where a total-score code was verified and only then', async () => {
    await vault.call('measures:record', {
      patientId: vault.maren.id,
      ref: null,
      measure: { instrument: 'auditc', answers: [2, 1, 0], difficulty: null },
    });
    const { json } = await vault.call('exports:patientBundle', { patientId: vault.maren.id });
    const resources = (JSON.parse(json) as { entry: { resource: Record<string, unknown> }[] }).entry.map((e) => e.resource);
    type Coding = { system: string; code: string; display?: string };
    const observations = resources.filter(
      (r) => r['resourceType'] === 'Observation' && (r['category'] as { coding: Coding[] }[])[0]?.coding[0]?.code === 'survey',
    );
    const codes = observations.map((o) => (o['code'] as { coding: Coding[] }).coding.map((c) => `${c.system} ${c.code}`).join(' + '));
    expect(codes).toEqual([
      'urn:alliance:instrument pcl5',
      'urn:alliance:instrument cgis',
      'http://loinc.org 75626-2 + urn:alliance:instrument auditc',
    ]);
    expect(observations.map((o) => [o['valueInteger'], (o['interpretation'] as { text: string }[])[0]?.text])).toEqual([
      [35, 'Above cut-off'],
      [5, 'Markedly ill'],
      [3, 'Positive (women)'],
    ]);
    const pcl5 = resources.find(
      (r) => r['resourceType'] === 'QuestionnaireResponse' && r['questionnaire'] === 'urn:alliance:questionnaire:pcl5',
    );
    const first = (pcl5?.['item'] as { text: string; answer: { valueCoding: Coding }[] }[])[0];
    expect(first?.text).toBe('Repeated, disturbing, and unwanted memories of the stressful experience?');
    expect(first?.answer[0]?.valueCoding).toEqual({ system: 'urn:alliance:instrument:pcl5:answer', code: '2', display: 'Moderately' });
  });
});
