import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment } from '../../../shared/appointment';
import { openCalendarVault, type CalendarVault } from '../calendar/calendar-vault';

let vault: CalendarVault;
let timed: Appointment;
let scheduledOnly: Appointment;
let notYet: Appointment;

/** The stored row of a one-off session. */
function idOf(appointment: Appointment): string {
  if (appointment.ref.type !== 'single') throw new Error('a one-off session was expected');
  return appointment.ref.id;
}

beforeAll(async () => {
  vault = await openCalendarVault('2026-03-01T08:00:00.000Z');
  const patientId = vault.maren.id;
  await vault.call('diagnoses:add', {
    patientId,
    diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '', note: '' },
  });
  await vault.call('diagnoses:add', {
    patientId,
    diagnosis: { code: 'F41.1', status: 'active', isPrimary: false, onsetDate: '', note: '' },
  });
  await vault.call('billing:setFees', {
    fees: [
      { code: '90834', amount: 15000 },
      { code: '90837', amount: 20000 },
      { code: '99214', amount: 18000 },
    ],
  });
  // A therapy session run with the timer for 40 minutes, and a video medication visit only marked attended.
  timed = await vault.book({ start: '2026-03-03T09:00:00.000Z', durationMinutes: 60, kind: 'therapy' });
  vault.setNow('2026-03-03T09:00:00.000Z');
  await vault.call('sessions:start', { ref: timed.ref });
  vault.setNow('2026-03-03T09:40:00.000Z');
  await vault.call('sessions:end', { ref: timed.ref });
  scheduledOnly = await vault.book({
    start: '2026-03-10T09:00:00.000Z',
    durationMinutes: 30,
    kind: 'medication-management',
    isVideo: true,
  });
  notYet = await vault.book({ start: '2026-03-17T09:00:00.000Z', durationMinutes: 50, kind: 'therapy' });
  vault.setNow('2026-03-12T12:00:00.000Z');
  await vault.call('appointments:setAttendance', { ref: scheduledOnly.ref, attendance: 'attended', lateMinutes: null });
});
afterAll(async () => {
  await vault.dispose();
});

describe('a patient’s billing account in the vault', () => {
  it('lists kept sessions with codes proposed from the length the timer recorded, or the schedule’s, saying which', async () => {
    const account = await vault.call('billing:account', { patientId: vault.maren.id });
    expect(account.currency).toBe('USD');
    expect(
      account.sessions.map((s) => [s.date, s.minutes, s.minutesSource, s.proposal.lines.map((l) => `${l.code}${l.modifier ?? ''}`)]),
    ).toEqual([
      ['2026-03-10', 30, 'scheduled', ['9921495']],
      ['2026-03-03', 40, 'timer', ['90834']],
    ]);
    expect(account.sessions.some((s) => s.appointmentId === idOf(notYet))).toBe(false);
    expect(account.diagnoses.map((d) => d.code)).toEqual(['F33.1', 'F41.1']);
  });

  it('takes a late arrival’s minutes off the scheduled length when the timer was not run', async () => {
    const late = await vault.book({ patientId: vault.tomas.id, start: '2026-03-05T09:00:00.000Z', durationMinutes: 50, kind: 'therapy' });
    await vault.call('appointments:setAttendance', { ref: late.ref, attendance: 'late', lateMinutes: 15 });
    const account = await vault.call('billing:account', { patientId: vault.tomas.id });
    expect(account.sessions.map((s) => [s.minutes, s.minutesSource, s.proposal.lines.map((l) => l.code)])).toEqual([
      [35, 'scheduled', ['90832']],
    ]);
  });

  it('codes a session at the fee of the day with its diagnoses, and recodes it only with a reason, the old charge kept in error', async () => {
    const [charge] = await vault.call('billing:code', {
      appointmentId: idOf(timed),
      lines: [{ code: '90834', modifier: null, units: 1 }],
      diagnoses: ['F33.1', 'F41.1'],
    });
    expect(charge).toMatchObject({
      code: '90834',
      fee: 15000,
      currency: 'USD',
      serviceDate: '2026-03-03',
      minutes: 40,
      minutesSource: 'timer',
    });
    expect(charge?.diagnoses.map((d) => d.code)).toEqual(['F33.1', 'F41.1']);
    await vault.call('billing:setFees', { fees: [{ code: '90834', amount: 16000 }] });
    await expect(
      vault.call('billing:code', {
        appointmentId: idOf(timed),
        lines: [{ code: '90837', modifier: null, units: 1 }],
        diagnoses: ['F33.1'],
      }),
    ).rejects.toThrow(/CONFLICT/);
    await vault.call('billing:code', {
      appointmentId: idOf(timed),
      lines: [{ code: '90834', modifier: null, units: 1 }],
      diagnoses: ['F41.1'],
      replaceReason: 'Anxiety was the focus',
    });
    await expect(
      vault.call('billing:code', {
        appointmentId: idOf(scheduledOnly),
        lines: [{ code: '99214', modifier: '95', units: 1 }],
        diagnoses: ['F99'],
      }),
    ).rejects.toThrow(/INVALID_INPUT/);
    await vault.call('billing:code', {
      appointmentId: idOf(scheduledOnly),
      lines: [{ code: '99214', modifier: '95', units: 1 }],
      diagnoses: ['F33.1'],
    });
    await expect(
      vault.call('billing:code', {
        appointmentId: idOf(notYet),
        lines: [{ code: '90834', modifier: null, units: 1 }],
        diagnoses: ['F33.1'],
      }),
    ).rejects.toThrow(/CONFLICT/);
    const account = await vault.call('billing:account', { patientId: vault.maren.id });
    expect(account.charges.map((c) => [c.code, c.fee, c.enteredInError?.reason ?? null])).toEqual([
      ['90834', 15000, 'Anxiety was the focus'],
      ['90834', 16000, null],
      ['99214', 18000, null],
    ]);
    expect(account.balance).toEqual([{ currency: 'USD', amount: 34000 }]);
  });

  it('balances payments and refunds, leaving out entries marked in error, and audits every write', async () => {
    const patientId = vault.maren.id;
    await vault.call('billing:recordPayment', { patientId, kind: 'payment', date: '2026-03-03', amount: 16000, method: 'card', note: '' });
    const wrong = await vault.call('billing:recordPayment', {
      patientId,
      kind: 'payment',
      date: '2026-03-10',
      amount: 9999,
      method: 'cash',
      note: '',
    });
    await vault.call('billing:recordPayment', {
      patientId,
      kind: 'refund',
      date: '2026-03-11',
      amount: 1000,
      method: 'card',
      note: 'Overpaid',
    });
    await vault.call('billing:paymentInError', { id: wrong.id, reason: 'Another patient’s' });
    await expect(vault.call('billing:paymentInError', { id: wrong.id, reason: 'Twice' })).rejects.toThrow(/CONFLICT/);
    const account = await vault.call('billing:account', { patientId });
    expect(account.balance).toEqual([{ currency: 'USD', amount: 34000 - 16000 + 1000 }]);
    const audit = await vault.call('audit:forPatient', { patientId, limit: 50 });
    const actions = audit.map((entry) => entry.action);
    for (const action of [
      'billing.code',
      'billing.charge-entered-in-error',
      'billing.payment',
      'billing.refund',
      'billing.payment-entered-in-error',
    ])
      expect(actions).toContain(action);
  });

  it('gives a superbill for a period or one session with the balance before and after, and the practice’s months and open balances', async () => {
    const patientId = vault.maren.id;
    const march = await vault.call('billing:document', { patientId, from: '2026-03-01', to: '2026-03-31' });
    expect(march.charges.map((c) => c.code)).toEqual(['90834', '99214']);
    expect(march).toMatchObject({
      openingBalance: [],
      totalCharged: [{ currency: 'USD', amount: 34000 }],
      totalPaid: [{ currency: 'USD', amount: 15000 }],
      closingBalance: [{ currency: 'USD', amount: 19000 }],
    });
    const secondWeek = await vault.call('billing:document', {
      patientId,
      from: '2026-03-05',
      to: '2026-03-31',
      appointmentId: idOf(scheduledOnly),
    });
    expect(secondWeek.charges.map((c) => c.code)).toEqual(['99214']);
    expect(secondWeek.openingBalance).toEqual([{ currency: 'USD', amount: 0 }]);
    await expect(
      vault.call('billing:document', { patientId, from: '2026-03-01', to: '2026-03-31', appointmentId: idOf(notYet) }),
    ).rejects.toThrow(/NOT_FOUND/);
    const practice = await vault.call('billing:practice', {});
    expect(practice.months).toEqual([
      { month: '2026-03', billed: [{ currency: 'USD', amount: 34000 }], paid: [{ currency: 'USD', amount: 15000 }] },
    ]);
    expect(practice.openBalances).toEqual([
      { patientId, patientName: expect.stringContaining('Maren') as string, balance: [{ currency: 'USD', amount: 19000 }] },
    ]);
  });
});
