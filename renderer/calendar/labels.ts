import { APPOINTMENT_ALERT_LABELS, KIND_LABELS, type Appointment } from '../../shared/appointment';
import { attendanceText } from '../format/sessions';
import { formatTimeRange, formatWeekday } from '../format/times';

/** "Okafor, Margaret (Maggie)" → "MO": for places a patient in the room might see, like the header. */
export function patientInitials(patientName: string): string {
  const [family = '', rest = ''] = patientName.split(',', 2).map((part) => part.trim());
  const given = rest.replace(/\(.*\)/, '').trim();
  const initial = (word: string) => (word ? (word[0] ?? '').toLocaleUpperCase() : '');
  return `${initial(given)}${initial(family)}` || '?';
}

export function isRunning(appointment: Pick<Appointment, 'actualStart' | 'actualEnd'>): boolean {
  return appointment.actualStart !== null && appointment.actualEnd === null;
}

export function isInSeries(appointment: Pick<Appointment, 'ref'>): boolean {
  return appointment.ref.type === 'occurrence';
}

/** Each session's sentence, once per answer from the database: the calendar asks for it on every render of every event. */
const labels = new WeakMap<Appointment, string>();

/** One sentence a screen reader reads for an event: "Tue 10:00 – 10:50 AM, Okafor, Margaret, Follow-up, Attended". */
export function eventLabel(appointment: Appointment): string {
  let label = labels.get(appointment);
  if (label === undefined) {
    label = describeEvent(appointment);
    labels.set(appointment, label);
  }
  return label;
}

function describeEvent(appointment: Appointment): string {
  const start = new Date(appointment.start);
  const end = new Date(appointment.end);
  const parts = [
    `${formatWeekday(start)} ${formatTimeRange(start, end)}`,
    appointment.patientName,
    KIND_LABELS[appointment.kind],
    isRunning(appointment) ? 'In session now' : attendanceText(appointment),
  ];
  if (appointment.isVideo) parts.push('Video');
  if (appointment.seriesId) parts.push('Repeats');
  for (const alert of appointment.alerts) parts.push(APPOINTMENT_ALERT_LABELS[alert]);
  return parts.join(', ');
}

export function minutesText(minutes: number): string {
  if (minutes < 60 || minutes % 60 !== 0) return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  const hours = minutes / 60;
  return hours === 1 ? '1 hour' : `${hours} hours`;
}

/** The practice's time zone is this computer's: series repeat in its wall-clock time. */
export function practiceTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A Date as the HH:MM a time input holds, in local time. */
export function timeInputValue(date: Date): string {
  return `${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A date input and a time input, read as local wall-clock time; null if either is not a real value. */
export function localDate(date: string, time: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !/^\d{2}:\d{2}$/.test(time)) return null;
  const value = new Date(`${date}T${time}:00`);
  return Number.isNaN(value.getTime()) ? null : value;
}

export function localDateTime(date: string, time: string): string {
  return `${date}T${time}:00`;
}

/** "HH:MM" → minutes since midnight. */
export function clockMinutes(clock: string): number {
  const [h = 0, m = 0] = clock.split(':').map(Number);
  return h * 60 + m;
}
