/**
 * A field message from the worker is shown beside its field as it is, and the worker cannot write a
 * date in the person's locale: such messages say which day in words, never as an ISO date.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

const ISO_DATE = /\d{4}-\d{2}-\d{2}/;

let vault: CalendarVault;
afterEach(async () => {
  await vault?.dispose();
});

describe('field messages about a date', () => {
  it('refuse an agreement dated before its version was written without printing an ISO date', async () => {
    vault = await openCalendarVault('2026-03-10T12:00:00.000Z');
    const plan = await vault.call('plans:create', { patientId: vault.maren.id });
    const saved = await vault.call('plans:saveDraft', {
      versionId: plan.current.id,
      version: plan.current.version,
      content: {
        ...plan.current.content,
        goals: [
          {
            id: randomUUID(),
            patientWords: 'Sleep through the night',
            formulation: '',
            objectives: [{ id: randomUUID(), description: 'Six hours', measure: '', targetDate: '2026-06-01', status: 'not-started' }],
          },
        ],
      },
    });
    const refused = await vault.refuse('plans:agree', {
      versionId: saved.id,
      version: saved.version,
      agreement: { date: '2026-03-01', method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes' },
    });
    const issue = refused.issues?.find((i) => i.path === 'agreement.date');
    expect(issue?.message).toBe('On or after the day this version was written');
    expect(refused.message).not.toMatch(ISO_DATE);
  });

  it('refuse a medication entry dated before the last one without printing an ISO date beside the field', async () => {
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
    const refused = await vault.refuse('medications:record', {
      patientId,
      entry: {
        kind: 'change',
        medicationId: course.medicationId,
        dose: '100 mg',
        frequency: 'once daily',
        date: '2026-01-15',
        reason: 'Response',
      },
    });
    const issue = refused.issues?.find((i) => i.path === 'entry.date');
    expect(issue?.message).toBe('On or after this medication’s last entry');
  });
});
