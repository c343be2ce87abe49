import { describe, expect, it } from 'vitest';
import {
  placeOfServiceFor,
  balanceOf,
  formatMoney,
  npiIsValid,
  parseMoney,
  proposeCodes,
  type Charge,
  type Payment,
  type ProposalInput,
} from '../../../shared/billing';
import { preferencesUpdateSchema } from '../../../shared/preferences';

function codes(overrides: Partial<ProposalInput>): string[] {
  const input: ProposalInput = {
    kind: 'therapy',
    minutes: 50,
    therapyMinutes: 0,
    newPatient: false,
    prescriber: true,
    family: null,
    isVideo: false,
    ...overrides,
  };
  return proposeCodes(input).lines.map((line) => (line.modifier ? `${line.code}-${line.modifier}` : line.code));
}

describe('service codes proposed from the session’s kind and length', () => {
  it('codes psychotherapy by the time rule at each boundary: none under 16, 90832 to 37, 90834 to 52, 90837 from 53', () => {
    const table = [15, 16, 37, 38, 52, 53, 90].map((minutes) => [minutes, codes({ kind: 'therapy', minutes })]);
    expect(table).toEqual([
      [15, []],
      [16, ['90832']],
      [37, ['90832']],
      [38, ['90834']],
      [52, ['90834']],
      [53, ['90837']],
      [90, ['90837']],
    ]);
    expect(
      proposeCodes({ kind: 'therapy', minutes: 15, therapyMinutes: 0, newPatient: false, prescriber: true, family: null, isVideo: false })
        .reasons,
    ).toEqual(['Psychotherapy needs at least 16 minutes; this session had 15.']);
  });

  it('codes a returning patient’s medication management by total time: 99212 from 10, 99213 from 20, 99214 from 30, 99215 from 40', () => {
    const table = [9, 10, 19, 20, 29, 30, 39, 40, 60].map((minutes) => [minutes, codes({ kind: 'medication-management', minutes })]);
    expect(table).toEqual([
      [9, ['99212']],
      [10, ['99212']],
      [19, ['99212']],
      [20, ['99213']],
      [29, ['99213']],
      [30, ['99214']],
      [39, ['99214']],
      [40, ['99215']],
      [60, ['99215']],
    ]);
    expect(
      proposeCodes({
        kind: 'medication-management',
        minutes: 9,
        therapyMinutes: 0,
        newPatient: false,
        prescriber: true,
        family: null,
        isVideo: false,
      }).reasons[0],
    ).toMatch(/medical decision-making/);
  });

  it('codes a new patient’s visit 99202 from 15, 99203 from 30, 99204 from 45, 99205 from 60', () => {
    const table = [15, 29, 30, 44, 45, 59, 60].map((minutes) => [minutes, codes({ kind: 'follow-up', minutes, newPatient: true })]);
    expect(table).toEqual([
      [15, ['99202']],
      [29, ['99202']],
      [30, ['99203']],
      [44, ['99203']],
      [45, ['99204']],
      [59, ['99204']],
      [60, ['99205']],
    ]);
  });

  it('adds psychotherapy to a visit by the therapy time (90833 16–37, 90836 38–52, 90838 from 53), the visit keeping the time left', () => {
    const add = (therapyMinutes: number, minutes = 90) => codes({ kind: 'medication-management', minutes, therapyMinutes });
    expect(add(15)).toEqual(['99215']);
    expect(add(16)).toEqual(['99215', '90833']);
    expect(add(37)).toEqual(['99215', '90833']);
    expect(add(38)).toEqual(['99215', '90836']);
    expect(add(52)).toEqual(['99214', '90836']);
    expect(add(53)).toEqual(['99214', '90838']);
    expect(add(60)).toEqual(['99214', '90838']);
    expect(add(61)).toEqual(['99213', '90838']);
    expect(add(16, 40)).toEqual(['99213', '90833']);
  });

  it('codes an intake 90792 for a prescriber and 90791 otherwise, family therapy 90846/90847 from 26 minutes, and video with modifier 95', () => {
    expect(codes({ kind: 'intake', minutes: 75 })).toEqual(['90792']);
    expect(codes({ kind: 'intake', minutes: 75, prescriber: false })).toEqual(['90791']);
    expect(codes({ family: 'without-patient', minutes: 25 })).toEqual([]);
    expect(codes({ family: 'without-patient', minutes: 26 })).toEqual(['90846']);
    expect(codes({ family: 'with-patient', minutes: 50 })).toEqual(['90847']);
    expect(codes({ kind: 'medication-management', minutes: 45, therapyMinutes: 20, isVideo: true })).toEqual(['99213-95', '90833-95']);
  });
});

describe('money as integers of the smallest unit', () => {
  it('reads amounts as digits, never through a float: 0.10 + 0.20 is 30 cents, 1,250.5 is 125050', () => {
    const cents = (text: string) => {
      const parsed = parseMoney(text, 'USD');
      if (!parsed.ok) throw new Error(parsed.message);
      return parsed.amount;
    };
    expect(cents('0.1') + cents('0.2')).toBe(30);
    expect(cents('0.10') + cents('0.20')).toBe(cents('0.30'));
    expect(cents('150.00')).toBe(15000);
    expect(cents('1,250.5')).toBe(125050);
    expect(cents('$19.99')).toBe(1999);
    expect(cents('1000000')).toBe(100_000_000);
    expect(parseMoney('19.999', 'USD')).toEqual({ ok: false, message: 'Write an amount such as 150.00' });
    expect(parseMoney('-5', 'USD').ok).toBe(false);
    expect(parseMoney('1e3', 'USD').ok).toBe(false);
    expect(parseMoney('1000000.01', 'USD')).toEqual({ ok: false, message: 'At most 1,000,000 in one entry' });
    expect(parseMoney('1500', 'JPY')).toEqual({ ok: true, amount: 1500 });
    expect(parseMoney('1500.5', 'JPY').ok).toBe(false);
    expect(parseMoney('2.125', 'KWD')).toEqual({ ok: true, amount: 2125 });
  });

  it('writes amounts with integer arithmetic in the currency’s decimals', () => {
    expect(formatMoney(15000, 'USD')).toBe('$150.00');
    expect(formatMoney(123456789, 'USD')).toBe('$1,234,567.89');
    expect(formatMoney(-2505, 'USD')).toBe('−$25.05');
    expect(formatMoney(1500, 'JPY')).toBe('¥1,500');
    expect(formatMoney(0, 'EUR')).toBe('€0.00');
  });
});

describe('balances', () => {
  const charge = (id: string, fee: number, inError = false, units = 1): Charge => ({
    id,
    patientId: '6f9619ff-8b86-4011-b42d-00c04fc964ff',
    appointmentId: '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a',
    serviceDate: '2026-03-03',
    code: '90834',
    modifier: null,
    units,
    fee,
    currency: 'USD',
    diagnoses: [],
    minutes: 50,
    minutesSource: 'timer',
    recordedAt: '2026-03-03T10:00:00.000Z',
    enteredInError: inError ? { at: '2026-03-04T10:00:00.000Z', reason: 'Wrong code' } : null,
  });
  const payment = (id: string, amount: number, kind: Payment['kind'] = 'payment', inError = false): Payment => ({
    id,
    patientId: '6f9619ff-8b86-4011-b42d-00c04fc964ff',
    kind,
    date: '2026-03-03',
    amount,
    currency: 'USD',
    method: 'card',
    note: '',
    recordedAt: '2026-03-03T10:00:00.000Z',
    enteredInError: inError ? { at: '2026-03-04T10:00:00.000Z', reason: 'Wrong patient' } : null,
  });

  it('is charges − payments + refunds, leaving out whatever was entered in error', () => {
    expect(balanceOf([charge('a', 15000), charge('b', 9000, true), charge('c', 5000, false, 2)], [])).toEqual([
      { currency: 'USD', amount: 25000 },
    ]);
    expect(
      balanceOf(
        [charge('a', 15000), charge('b', 15000)],
        [payment('p', 20000), payment('q', 20000, 'payment', true), payment('r', 2500, 'refund'), payment('s', 999, 'refund', true)],
      ),
    ).toEqual([{ currency: 'USD', amount: 12500 }]);
    expect(balanceOf([charge('a', 15000)], [payment('p', 20000)])).toEqual([{ currency: 'USD', amount: -5000 }]);
  });
});

describe('the place of service of a superbill’s line', () => {
  it('is telehealth for a visit by video (the practice’s telehealth place, else the patient’s home) and the office in person', () => {
    expect(placeOfServiceFor('95', '11')).toBe('10');
    expect(placeOfServiceFor('95', '02')).toBe('02');
    expect(placeOfServiceFor('95', '10')).toBe('10');
    expect(placeOfServiceFor(null, '10')).toBe('11');
    expect(placeOfServiceFor(null, '11')).toBe('11');
  });
});

describe('practice identifiers', () => {
  it('accepts an NPI only with its Luhn check digit (prefix 80840) and says why otherwise', () => {
    expect(npiIsValid('1234567893')).toBe(true);
    expect(npiIsValid('1245319599')).toBe(true);
    expect(npiIsValid('1234567890')).toBe(false);
    expect(npiIsValid('123456789')).toBe(false);
    const refused = preferencesUpdateSchema.safeParse({ practiceNpi: '1234567890' });
    expect(refused.success ? null : refused.error.issues[0]?.message).toMatch(/does not check/);
    expect(preferencesUpdateSchema.safeParse({ practiceNpi: '' }).success).toBe(true);
  });

  it('wants a tax ID as NN-NNNNNNN, a place of service of 02, 10 or 11 and an ISO 4217 currency', () => {
    expect(preferencesUpdateSchema.safeParse({ practiceTaxId: '12-3456789' }).success).toBe(true);
    expect(preferencesUpdateSchema.safeParse({ practiceTaxId: '123456789' }).success).toBe(false);
    expect(preferencesUpdateSchema.safeParse({ placeOfService: '10' }).success).toBe(true);
    expect(preferencesUpdateSchema.safeParse({ placeOfService: '12' }).success).toBe(false);
    expect(preferencesUpdateSchema.parse({ currency: 'eur' }).currency).toBe('EUR');
    expect(preferencesUpdateSchema.safeParse({ currency: 'ABC' }).success).toBe(false);
  });
});
