/**
 * What the appointment form holds, and how it becomes what the channels take. Checking is the shared
 * schema's (appointmentFormSchema); here is only the translation, kept apart so it is tested alone.
 */
import type {
  Appointment,
  AppointmentChanges,
  AppointmentFormOutput,
  AppointmentFormValues,
  Recurrence,
  RepeatForm,
} from '../../../shared/appointment';
import { nthWeekdayOfMonth } from '../../../shared/recurrence';
import { dateInputValue } from '../../format/dates';
import { localDateTime, timeInputValue } from '../labels';

export type FormStart =
  | {
      type: 'create';
      start: Date;
      durationMinutes: number;
      patientId?: string;
      /** "Book next session" carries over the kind and place of the session it counts from. */
      details?: Pick<Appointment, 'kind' | 'location' | 'isVideo'>;
    }
  | { type: 'edit'; appointment: Appointment };

/** Which weekday of its month the first session falls on, or null while the date or time is incomplete. */
export type MonthlyDay = ReturnType<typeof nthWeekdayOfMonth> | null;

export function formDefaults(initial: FormStart): AppointmentFormValues {
  const editing = initial.type === 'edit' ? initial.appointment : (initial.details ?? null);
  const start = initial.type === 'edit' ? new Date(initial.appointment.start) : initial.start;
  return {
    patientId: initial.type === 'edit' ? initial.appointment.patientId : (initial.patientId ?? null),
    date: dateInputValue(start),
    time: timeInputValue(start),
    durationMinutes: initial.type === 'edit' ? initial.appointment.durationMinutes : initial.durationMinutes,
    kind: editing?.kind ?? 'follow-up',
    isVideo: editing?.isVideo ?? false,
    location: editing?.location ?? '',
    note: initial.type === 'edit' ? initial.appointment.note : '',
    repeat: { pattern: 'none', everyWeeks: 2, monthlyLast: false, ends: 'never', lastDate: '', sessions: 10 },
    scope: 'this',
  };
}

export function monthlyDay(date: string, time: string): MonthlyDay {
  try {
    return nthWeekdayOfMonth(localDateTime(date, time));
  } catch {
    return null;
  }
}

/** The series a checked repeat choice asks for; null for a single session. */
export function recurrenceFrom(repeat: RepeatForm, monthly: MonthlyDay): Recurrence | null {
  if (repeat.pattern === 'none') return null;
  const end: Recurrence['end'] =
    repeat.ends === 'until'
      ? { type: 'until', date: repeat.lastDate }
      : repeat.ends === 'count'
        ? { type: 'count', count: repeat.sessions }
        : { type: 'never' };
  if (repeat.pattern === 'monthly') {
    const ordinal = monthly?.ordinal ?? 1;
    // A fifth weekday is missing from most months: such a series keeps to the last one.
    const monthlyOrdinal = ordinal === 5 || (repeat.monthlyLast && monthly?.isLast) ? -1 : ordinal;
    return { frequency: 'monthly', interval: 1, monthlyOrdinal, end };
  }
  return { frequency: 'weekly', interval: repeat.pattern === 'every-n-weeks' ? repeat.everyWeeks : 1, end };
}

/** Only what the person changed; an empty answer means there is nothing to send. */
export function changesFrom(editing: Appointment, form: AppointmentFormOutput, start: Date): AppointmentChanges {
  const changes: AppointmentChanges = {};
  if (form.patientId !== editing.patientId) changes.patientId = form.patientId;
  if (start.getTime() !== new Date(editing.start).getTime()) changes.start = start.toISOString();
  if (form.durationMinutes !== editing.durationMinutes) changes.durationMinutes = form.durationMinutes;
  if (form.kind !== editing.kind) changes.kind = form.kind;
  if (form.isVideo !== editing.isVideo) changes.isVideo = form.isVideo;
  if (form.location !== editing.location) changes.location = form.location;
  if (form.note !== editing.note) changes.note = form.note;
  return changes;
}
