import { formatMoment } from '../format/dates';
import { formatTime } from '../format/times';

/** "09:12" today, "2 Dec 2026, 09:12" on another day: when a value was set, as a person says it. */
export function whenSet(at: string, now: Date = new Date()): string {
  const moment = new Date(at);
  return moment.toDateString() === now.toDateString() ? formatTime(moment) : formatMoment(moment);
}
