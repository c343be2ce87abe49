/**
 * A calendar exported by Google Calendar, Outlook, Apple Calendar or another practice system, read
 * with ical.js: its events, and each recurring event expanded into the sessions it puts in the days
 * chosen (its RRULE and RDATEs, less its EXDATEs, with each RECURRENCE-ID override's new time),
 * every time read in its own time zone. Runs in the database worker; it reads and never writes.
 *
 * Why a recurring event becomes single sessions, and not an Alliance series: an Alliance series is
 * a rule in the practice's zone whose exceptions are sessions that still happened (moved, cancelled,
 * attended). The other calendar's exceptions are not of that kind: an EXDATE is a session that was
 * never held or was deleted, and Alliance would have to invent a cancellation for it (counted in the
 * patient's attendance and the on-time report); a rule written in another zone (an event booked from
 * abroad) would drift by an hour against the practice's clock at each change of summer time. Single
 * sessions are exactly what the other calendar showed for those days, nothing made up, and each
 * can be changed on its own; a continuing rhythm is booked as an Alliance series from the next
 * session ("Book next session").
 */
import ICAL from 'ical.js';
import { AppError } from '../../../shared/errors';
import { IMPORT_MESSAGES, type NOT_A_SESSION_REASONS } from '../../../shared/import';
import { localToInstant } from '../../../shared/recurrence';

type Component = InstanceType<typeof ICAL.Component>;
type IcalEvent = InstanceType<typeof ICAL.Event>;
type IcalTime = InstanceType<typeof ICAL.Time>;

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const SHORTEST_SESSION_MINUTES = 5;
const LONGEST_SESSION_MINUTES = 480;
/** An override may move a session by up to this much, into the days chosen from a slot outside them. */
const MOVE_MARGIN_MS = 62 * DAY_MS;
/** Slots walked for one event: a daily event of 30 years, and no endless walk for a hostile file. */
const MOST_SLOTS = 12_000;
const TOO_FREQUENT = new Set(['SECONDLY', 'MINUTELY', 'HOURLY']);

export type Occurrence = { startMs: number; endMs: number; moved: boolean };
export type NotASession = (typeof NOT_A_SESSION_REASONS)[number];

export type ReadEvent = {
  key: string;
  summary: string;
  /** Where a patient's name is looked for: the summary first, then the description. */
  text: { summary: string; description: string };
  location: string;
  recurring: boolean;
  /** Sessions starting within the days chosen, in order. */
  occurrences: Occurrence[];
  continuesAfter: boolean;
  notASession: NotASession | null;
  /** Its first start as written (an instant, or a day for an all-day event), for the list of events left out. */
  firstStart: string;
};

export type CalendarRead = { events: ReadEvent[]; outsideRange: number };

function unreadable(message: string = IMPORT_MESSAGES.icsUnreadable): AppError {
  return new AppError('INVALID_INPUT', message, [{ path: 'content', message }]);
}

const knownZones = new Map<string, boolean>();
/** Whether the name is an IANA zone this computer knows ("Europe/London"), rather than one of Outlook's ("W. Europe Standard Time"). */
function isIanaZone(name: string): boolean {
  let known = knownZones.get(name);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: name });
      known = true;
    } catch {
      known = false;
    }
    knownZones.set(name, known);
  }
  return known;
}

function pad(value: number, length = 2): string {
  return String(value).padStart(length, '0');
}

/** The clock reading of a time, YYYY-MM-DDTHH:mm:ss, whatever its zone. */
function wallClock(time: IcalTime): string {
  return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}`;
}

/**
 * The instant of a time from the file. UTC is UTC. A time in a named zone is read in that zone: by
 * the computer's own zone database when the name is an IANA zone (as Google and Apple write), else by
 * the VTIMEZONE the file defines (as Outlook writes). A floating time, or a zone named but neither
 * known nor defined, is read on the practice's clock.
 */
function instantOf(time: IcalTime, tzid: string | null, practiceZone: string): number {
  const zone = time.zone?.tzid ?? 'floating';
  if (zone === 'UTC' || zone === 'Z' || zone === 'GMT') {
    return Date.UTC(time.year, time.month - 1, time.day, time.hour, time.minute, time.second);
  }
  const named = zone !== 'floating' ? zone : tzid;
  if (named && isIanaZone(named)) return localToInstant(wallClock(time), named).getTime();
  if (zone !== 'floating' && time.zone?.component) return time.toUnixTime() * 1000;
  return localToInstant(wallClock(time), practiceZone).getTime();
}

function tzidOf(component: Component): string | null {
  const value: unknown = component.getFirstProperty('dtstart')?.getParameter('tzid');
  return typeof value === 'string' ? value : null;
}

function textOf(component: Component, property: string): string {
  const value: unknown = component.getFirstPropertyValue(property);
  return typeof value === 'string' ? value : '';
}

function isCancelled(component: Component): boolean {
  return textOf(component, 'status').toUpperCase() === 'CANCELLED';
}

function frequencyOf(component: Component): string | null {
  const rule: unknown = component.getFirstPropertyValue('rrule');
  return rule instanceof ICAL.Recur ? rule.freq : null;
}

/** The whole file as a calendar; anything else is refused without a word of its content. */
function readRoot(content: string): Component {
  const text = content.startsWith('\uFEFF') ? content.slice(1) : content;
  if (!/^\s*BEGIN:VCALENDAR/i.test(text)) throw unreadable();
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch {
    throw unreadable();
  }
  // Several calendars in one file come as a list of them; the first is the calendar.
  const first: unknown = Array.isArray(parsed) && Array.isArray(parsed[0]) ? parsed[0] : parsed;
  if (!Array.isArray(first) || first[0] !== 'vcalendar') throw unreadable();
  return new ICAL.Component(first as unknown[]);
}

type Range = { fromMs: number; toMs: number };

/** The sessions of one event in the days chosen, with its overrides applied and its cancelled ones left out. */
function occurrencesOf(event: IcalEvent, master: Component, range: Range, practiceZone: string) {
  const occurrences: Occurrence[] = [];
  let continuesAfter = false;
  const masterZone = tzidOf(master);
  const add = (startMs: number, endMs: number, moved: boolean) => {
    if (startMs >= range.toMs) continuesAfter = true;
    else if (startMs >= range.fromMs) occurrences.push({ startMs, endMs, moved });
  };

  if (!event.isRecurring()) {
    add(instantOf(event.startDate, masterZone, practiceZone), instantOf(event.endDate, masterZone, practiceZone), false);
    return { occurrences, continuesAfter };
  }
  const slots = event.iterator();
  for (let walked = 0; walked < MOST_SLOTS; walked += 1) {
    const slot = slots.next();
    if (!slot) break;
    const slotMs = instantOf(slot, masterZone, practiceZone);
    if (slotMs >= range.toMs + MOVE_MARGIN_MS) {
      continuesAfter = true;
      break;
    }
    if (slotMs < range.fromMs - MOVE_MARGIN_MS) continue;
    const details = event.getOccurrenceDetails(slot);
    const override = details.item !== event ? details.item.component : null;
    if (override && isCancelled(override)) continue;
    const zone = override ? tzidOf(override) : masterZone;
    const startMs = instantOf(details.startDate, zone, practiceZone);
    const endMs = instantOf(details.endDate, zone, practiceZone);
    add(startMs, endMs, override !== null && startMs !== slotMs);
  }
  occurrences.sort((a, b) => a.startMs - b.startMs);
  return { occurrences, continuesAfter };
}

function notASession(event: IcalEvent, master: Component, practiceZone: string): NotASession | null {
  if (isCancelled(master)) return 'cancelled';
  if (event.startDate.isDate) return 'all-day';
  const frequency = frequencyOf(master);
  if (frequency !== null && TOO_FREQUENT.has(frequency)) return 'too-frequent';
  const zone = tzidOf(master);
  const minutes = (instantOf(event.endDate, zone, practiceZone) - instantOf(event.startDate, zone, practiceZone)) / MINUTE_MS;
  if (minutes < SHORTEST_SESSION_MINUTES) return 'too-short';
  if (minutes > LONGEST_SESSION_MINUTES) return 'too-long';
  return null;
}

/**
 * Every event of the calendar with its sessions in [fromMs, toMs). A time without a zone is read on
 * the practice's clock. A file that is not a calendar is refused with the reason.
 */
export function readCalendar(content: string, range: Range, practiceZone: string): CalendarRead {
  const root = readRoot(content);
  const components = root.getAllSubcomponents('vevent');
  if (components.length === 0) throw unreadable(IMPORT_MESSAGES.icsNoEvents);

  const masters: Component[] = [];
  const overrides = new Map<string, Component[]>();
  for (const component of components) {
    const uid = textOf(component, 'uid');
    if (uid !== '' && component.hasProperty('recurrence-id')) overrides.set(uid, [...(overrides.get(uid) ?? []), component]);
    else masters.push(component);
  }
  const masterUids = new Set(masters.map((component) => textOf(component, 'uid')));
  // An override whose event is not in the file (shared from another calendar) is a single event of its own.
  for (const [uid, lone] of overrides) if (!masterUids.has(uid)) masters.push(...lone);

  const keys = new Set<string>();
  const events: ReadEvent[] = [];
  let outsideRange = 0;
  masters.forEach((master, index) => {
    let event: IcalEvent;
    try {
      event = new ICAL.Event(master);
      if (!master.hasProperty('recurrence-id')) for (const override of overrides.get(event.uid) ?? []) event.relateException(override);
      if (!event.startDate) throw new Error('no start');
    } catch {
      throw unreadable();
    }
    const uid = textOf(master, 'uid') || `event-${index + 1}`;
    let key = uid;
    for (let copy = 2; keys.has(key); copy += 1) key = `${uid}#${copy}`;
    keys.add(key);

    const reason = notASession(event, master, practiceZone);
    const zone = tzidOf(master);
    const { occurrences, continuesAfter } =
      reason === null ? occurrencesOf(event, master, range, practiceZone) : { occurrences: [], continuesAfter: false };
    const startMs = instantOf(event.startDate, zone, practiceZone);
    const inRange = reason === null ? occurrences.length > 0 : event.isRecurring() || (startMs >= range.fromMs && startMs < range.toMs);
    if (!inRange) {
      outsideRange += 1;
      return;
    }
    events.push({
      key,
      summary: textOf(master, 'summary'),
      text: { summary: textOf(master, 'summary'), description: textOf(master, 'description') },
      location: textOf(master, 'location'),
      recurring: event.isRecurring(),
      occurrences: occurrences.filter(
        (occurrence) =>
          occurrence.endMs - occurrence.startMs >= SHORTEST_SESSION_MINUTES * MINUTE_MS &&
          occurrence.endMs - occurrence.startMs <= LONGEST_SESSION_MINUTES * MINUTE_MS,
      ),
      continuesAfter,
      notASession: reason,
      firstStart: event.startDate.isDate ? event.startDate.toString().slice(0, 10) : new Date(startMs).toISOString(),
    });
  });
  return { events, outsideRange };
}
