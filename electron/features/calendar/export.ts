/**
 * The iCalendar export (RFC 5545, written by the `ics` library) for the clinician's other calendar.
 * It leaves the vault, so it carries as little as a session needs: the time, the kind, where, and the
 * patient as initials or not at all. Never a full name, never the note (even a "non-clinical" note
 * can name a person or a reason). Built in the worker so a long range never stalls the window.
 */
import { createEvents, type EventAttributes } from 'ics';
import { KIND_LABELS } from '../../../shared/appointment';
import { AppError } from '../../../shared/errors';
import { instantToLocal } from '../../../shared/recurrence';
import { endMs, isCancelled, type Session, type SessionReader } from './sessions';

export type CalendarExport = { fileName: string; content: string; eventCount: number };

function initial(name: string): string {
  const first = Array.from(name.trim())[0];
  return first === undefined ? '' : `${first.toLocaleUpperCase()}.`;
}

/** "M.H." from given and family name; the preferred name is left out, it is no less identifying. */
export function initialsOf(session: Pick<Session, 'givenName' | 'familyName'>): string {
  return `${initial(session.givenName)}${initial(session.familyName)}`;
}

/** Stable across exports, so re-importing updates events instead of doubling them: the slot for a series session. */
function uidOf(session: Session): string {
  if (session.series !== null && session.slot !== null) {
    return `${session.series.id}-${session.slot.replace(/[-:]/g, '')}@alliance`;
  }
  return `${session.rowId ?? 'session'}@alliance`;
}

function eventOf(session: Session, names: 'initials' | 'omit'): EventAttributes {
  const who = names === 'initials' ? initialsOf(session) : '';
  const cancelled = isCancelled(session);
  const title = `Session${who ? ` — ${who}` : ''}${cancelled ? ' (cancelled)' : ''}`;
  return {
    uid: uidOf(session),
    start: session.startMs,
    startInputType: 'utc',
    startOutputType: 'utc',
    end: endMs(session),
    endInputType: 'utc',
    endOutputType: 'utc',
    title,
    description: session.isVideo ? `${KIND_LABELS[session.kind]}, by video` : KIND_LABELS[session.kind],
    ...(session.isVideo ? { location: 'Video' } : session.location ? { location: session.location } : {}),
    status: cancelled ? 'CANCELLED' : 'CONFIRMED',
    classification: 'PRIVATE',
    busyStatus: cancelled ? 'FREE' : 'BUSY',
  };
}

export function exportCalendar(
  reader: SessionReader,
  request: { from: string; to: string; names: 'initials' | 'omit'; includeCancelled: boolean; timeZone: string },
): CalendarExport {
  const fromMs = Date.parse(request.from);
  const toMs = Date.parse(request.to);
  const sessions = reader.between(fromMs, toMs, request.includeCancelled);
  const { error, value } = createEvents(
    sessions.map((session) => eventOf(session, request.names)),
    { productId: '-//Alliance//Sessions//EN', calName: 'Alliance sessions' },
  );
  if (error || value === null) throw new AppError('INTERNAL', 'The calendar file could not be written.');
  // The range ends before `to`: name the last day it covers.
  const firstDay = instantToLocal(new Date(fromMs), request.timeZone).slice(0, 10);
  const lastDay = instantToLocal(new Date(toMs - 1), request.timeZone).slice(0, 10);
  return { fileName: `alliance-sessions-${firstDay}-to-${lastDay}.ics`, content: value, eventCount: sessions.length };
}
