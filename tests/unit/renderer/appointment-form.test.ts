/**
 * The appointment form checks with the shared schema and turns what it checked into the channel's
 * input. What a person would read: the message beside a field, the series that gets booked, the
 * changes that get sent.
 */
import { describe, expect, it } from 'vitest';
import {
  APPOINTMENT_MESSAGES,
  appointmentFormSchema,
  appointmentInputSchema,
  type Appointment,
  type AppointmentFormOutput,
  type AppointmentFormValues,
  type RepeatForm,
} from '../../../shared/appointment';
import { changesFrom, formDefaults, monthlyDay, recurrenceFrom } from '../../../renderer/calendar/appointment-form/values';

const PATIENT = '0b9f6c1e-6a43-4c38-9d0b-2f1f7a4f7c11';

function booking(overrides: Partial<AppointmentFormValues> = {}, repeat: Partial<RepeatForm> = {}): AppointmentFormValues {
  const values = formDefaults({ type: 'create', start: new Date(2026, 1, 24, 10, 0), durationMinutes: 50, patientId: PATIENT });
  return { ...values, ...overrides, repeat: { ...values.repeat, ...repeat } };
}

/** Each problem the form shows, as "field: message". */
function problems(values: AppointmentFormValues): string[] {
  return appointmentFormSchema.safeParse(values).error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`) ?? [];
}

describe('the appointment form’s checks', () => {
  it('a new appointment opens at the slot chosen on the calendar, with nothing to correct', () => {
    const values = booking();
    expect(values).toMatchObject({ date: '2026-02-24', time: '10:00', durationMinutes: 50, kind: 'follow-up' });
    expect(problems(values)).toEqual([]);
  });

  it('says every problem at once: no patient, an empty length, and a series that ends before it begins', () => {
    expect(
      problems(booking({ patientId: null, durationMinutes: Number.NaN }, { pattern: 'weekly', ends: 'until', lastDate: '2026-02-01' })),
    ).toEqual([
      `patientId: ${APPOINTMENT_MESSAGES.patient}`,
      `durationMinutes: ${APPOINTMENT_MESSAGES.minutes}`,
      `repeat.lastDate: ${APPOINTMENT_MESSAGES.lastDateBeforeFirst}`,
    ]);
  });

  it('a length of 3 minutes, 481 minutes or 50.5 minutes gets the same words from the form and from the channel', () => {
    expect(APPOINTMENT_MESSAGES.minutes).toBe('Enter a length from 5 to 480 minutes.');
    for (const minutes of [3, 481, 50.5]) {
      expect(problems(booking({ durationMinutes: minutes }))).toEqual([`durationMinutes: ${APPOINTMENT_MESSAGES.minutes}`]);
      const refused = appointmentInputSchema.shape.durationMinutes.safeParse(minutes);
      expect(refused.error?.issues[0]?.message).toBe(APPOINTMENT_MESSAGES.minutes);
    }
  });

  it('every few weeks takes 2 to 12, and a series of 1 to 520 sessions', () => {
    expect(problems(booking({}, { pattern: 'every-n-weeks', everyWeeks: 1 }))).toEqual([
      `repeat.everyWeeks: ${APPOINTMENT_MESSAGES.fewWeeks}`,
    ]);
    expect(problems(booking({}, { pattern: 'every-n-weeks', everyWeeks: 13 }))).toEqual([
      `repeat.everyWeeks: ${APPOINTMENT_MESSAGES.fewWeeks}`,
    ]);
    expect(problems(booking({}, { pattern: 'weekly', ends: 'count', sessions: 521 }))).toEqual([
      `repeat.sessions: ${APPOINTMENT_MESSAGES.sessions}`,
    ]);
    expect(problems(booking({}, { pattern: 'weekly', ends: 'until', lastDate: '' }))).toEqual([
      `repeat.lastDate: ${APPOINTMENT_MESSAGES.lastDate}`,
    ]);
  });

  it('what a hidden choice holds is not checked: a cleared week count does not stop a weekly series', () => {
    expect(problems(booking({}, { pattern: 'weekly', everyWeeks: Number.NaN, sessions: Number.NaN }))).toEqual([]);
    expect(problems(booking({}, { pattern: 'none', ends: 'until', lastDate: '' }))).toEqual([]);
  });

  it('the location and note are trimmed before they are sent', () => {
    const checked = appointmentFormSchema.parse(booking({ location: '  Room 2 ', note: ' bring insurance card ' }));
    expect(checked).toMatchObject({ location: 'Room 2', note: 'bring insurance card' });
  });
});

describe('the series a repeat choice books', () => {
  const repeat = (overrides: Partial<RepeatForm>): RepeatForm => ({ ...booking().repeat, ...overrides });

  it('does not repeat: a single session', () => {
    expect(recurrenceFrom(repeat({ pattern: 'none' }), null)).toBeNull();
  });

  it('every week for six sessions', () => {
    expect(recurrenceFrom(repeat({ pattern: 'weekly', ends: 'count', sessions: 6 }), null)).toEqual({
      frequency: 'weekly',
      interval: 1,
      end: { type: 'count', count: 6 },
    });
  });

  it('every three weeks until a date', () => {
    expect(recurrenceFrom(repeat({ pattern: 'every-n-weeks', everyWeeks: 3, ends: 'until', lastDate: '2026-06-30' }), null)).toEqual({
      frequency: 'weekly',
      interval: 3,
      end: { type: 'until', date: '2026-06-30' },
    });
  });

  it('monthly on the fourth Tuesday, or the last one when the person chooses it', () => {
    // 24 February 2026 is the fourth and last Tuesday of the month.
    const day = monthlyDay('2026-02-24', '10:00');
    expect(day).toEqual({ ordinal: 4, isLast: true });
    expect(recurrenceFrom(repeat({ pattern: 'monthly' }), day)).toMatchObject({ frequency: 'monthly', interval: 1, monthlyOrdinal: 4 });
    expect(recurrenceFrom(repeat({ pattern: 'monthly', monthlyLast: true }), day)).toMatchObject({ monthlyOrdinal: -1 });
  });

  it('monthly from a fifth Tuesday keeps to the last Tuesday, which every month has', () => {
    expect(recurrenceFrom(repeat({ pattern: 'monthly' }), monthlyDay('2026-03-31', '10:00'))).toMatchObject({ monthlyOrdinal: -1 });
  });
});

describe('a change to a booked session', () => {
  const booked: Appointment = {
    key: 'a',
    ref: { type: 'single', id: '5d7f3a52-3b8e-4f0e-8f69-8f6f3bb5a0a1' },
    seriesId: null,
    patientId: PATIENT,
    patientName: 'Oyelaran, Marguerite',
    start: new Date(2026, 1, 24, 10, 0).toISOString(),
    end: new Date(2026, 1, 24, 10, 50).toISOString(),
    durationMinutes: 50,
    kind: 'therapy',
    location: 'Room 2',
    isVideo: false,
    note: '',
    attendance: 'scheduled',
    lateMinutes: null,
    actualStart: null,
    actualEnd: null,
    cancelledAt: null,
    cancellationReason: '',
    isMoved: false,
    recurrence: null,
    version: 1,
    alerts: [],
  };
  const checked = (values: AppointmentFormValues): AppointmentFormOutput => appointmentFormSchema.parse(values);

  it('sends nothing when nothing was changed', () => {
    const values = formDefaults({ type: 'edit', appointment: booked });
    expect(changesFrom(booked, checked(values), new Date(booked.start))).toEqual({});
  });

  it('sends only the fields changed: a longer session by video', () => {
    const values = { ...formDefaults({ type: 'edit', appointment: booked }), durationMinutes: 90, isVideo: true, location: ' Room 2 ' };
    expect(changesFrom(booked, checked(values), new Date(booked.start))).toEqual({ durationMinutes: 90, isVideo: true });
  });
});
