import { APPOINTMENT_LIMITS } from '../../../shared/appointment';
import type { importChannels } from '../../../shared/channels/import';
import { AppError } from '../../../shared/errors';
import { IMPORT_LIMITS, IMPORT_MESSAGES, type CalendarEvent, type EventMatch } from '../../../shared/import';
import { isSingleLine } from '../../../shared/input-safety';
import { localToInstant } from '../../../shared/recurrence';
import type { Repositories } from '../../database/connection';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';
import { analyseRows, mappingProblems, previewPatients, readTable } from './csv';
import { readCalendar, type ReadEvent } from './icalendar';
import { PatientNames } from './names';
import { ImportLog } from './repository';

/** At most this many rows are named in a refusal; the preview lists them all. */
const ROWS_NAMED = 20;
/** Where a video session's link usually points. */
const VIDEO_LINK =
  /\b(zoom\.us|meet\.google\.com|teams\.microsoft\.com|teams\.live\.com|doxy\.me|whereby\.com|webex\.com|simplepractice\.com\/video|telehealth)\b/i;

function invalid(message: string, issues: { path: string; message: string }[] = []): AppError {
  return new AppError('INVALID_INPUT', message, issues.length > 0 ? issues : [{ path: '', message }]);
}

/** The days chosen, from midnight of the first to midnight after the last, on the practice's clock. */
function rangeOf(from: string, to: string, timeZone: string) {
  const after = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return {
    fromMs: localToInstant(`${from}T00:00:00`, timeZone).getTime(),
    toMs: localToInstant(`${after}T00:00:00`, timeZone).getTime(),
  };
}

function matchOf(event: ReadEvent, names: PatientNames): EventMatch {
  for (const text of [event.text.summary, event.text.description]) {
    const named = names.named(text);
    if (named.length === 1) return { type: 'one', patientId: named[0]! };
    if (named.length > 1) return { type: 'several', patientIds: named };
  }
  return { type: 'none' };
}

/** The starts (ms) of the sessions a patient already has in these days, cancelled ones too: none is booked twice. */
function bookedStarts(repositories: Repositories, patientId: string, fromMs: number, toMs: number): Set<number> {
  return new Set(repositories.sessions.ofPatient(patientId, fromMs, toMs, true).map((session) => session.startMs));
}

/** Where the session takes place, as the booking form keeps it: one line, not a video link. */
function placeOf(event: ReadEvent): { location: string; isVideo: boolean } {
  const isVideo = VIDEO_LINK.test(event.location) || VIDEO_LINK.test(event.text.description);
  const location = event.location.trim();
  const keep =
    location !== '' && !/^https?:\/\//i.test(location) && isSingleLine(location) && location.length <= APPOINTMENT_LIMITS.locationLength;
  return { location: keep ? location : '', isVideo };
}

export const importWorker: WorkerHandlers<WorkerChannelsOf<typeof importChannels>> = {
  'import:previewPatients': ({ content, mapping, dateFormat }, { now }, { patients }) =>
    previewPatients(readTable(content), { mapping, dateFormat }, patients.list(true), now.slice(0, 10)),

  'import:patients': (input, { now }, repositories) => {
    const table = readTable(input.content);
    if (input.mapping.length !== table.headers.length) throw invalid(IMPORT_MESSAGES.mappingMismatch);
    const problems = mappingProblems(input.mapping);
    if (problems.length > 0)
      throw invalid(
        problems[0]!,
        problems.map((message) => ({ path: 'mapping', message })),
      );

    const rows = analyseRows(table, input.mapping, input.dateFormat, repositories.patients.list(true), now.slice(0, 10));
    const numbers = new Set(rows.map((row) => row.row));
    if ([...input.leaveOut, ...input.importDuplicates].some((row) => !numbers.has(row))) throw invalid(IMPORT_MESSAGES.unknownRow);
    const leaveOut = new Set(input.leaveOut);
    const importDuplicates = new Set(input.importDuplicates);
    const kept = rows.filter((row) => !leaveOut.has(row.row));
    const toImport = kept.filter((row) => row.duplicate === null || importDuplicates.has(row.row));

    // Nothing is imported until every row to import is right: the person fixes the file, or leaves the row out.
    const wrong = toImport.filter((row) => row.problems.length > 0);
    if (wrong.length > 0) {
      throw invalid(
        IMPORT_MESSAGES.rowsToFix(wrong.length),
        wrong.slice(0, ROWS_NAMED).map((row) => ({
          path: `row ${row.row}`,
          message: row.problems.map((problem) => `${problem.label}: ${problem.message}`).join('; '),
        })),
      );
    }
    if (toImport.length === 0) throw invalid(IMPORT_MESSAGES.nothingToImport);

    const log = new ImportLog(repositories.db, repositories.audit);
    return repositories.db.transaction(() => {
      for (const row of toImport) {
        // Checked above: a row without problems was read by the patient schema.
        if (row.patient === null) throw new Error('A row without problems has no patient');
        repositories.patients.createImported(row.patient, now);
      }
      const importId = log.record('patients-csv', { patients: toImport.length, sessions: 0 }, now);
      return {
        importId,
        patients: toImport.length,
        duplicatesSkipped: kept.length - toImport.length,
        leftOut: rows.length - kept.length,
      };
    })();
  },

  'import:previewSessions': ({ content, from, to }, { timeZone }, repositories) => {
    const range = rangeOf(from, to, timeZone);
    const calendar = readCalendar(content, range, timeZone);
    const names = new PatientNames(repositories.patients.list(true));
    const events: CalendarEvent[] = [];
    const notSessions = [];
    for (const event of calendar.events) {
      if (event.notASession !== null) {
        notSessions.push({ summary: event.summary, reason: event.notASession, start: event.firstStart, recurring: event.recurring });
        continue;
      }
      const match = matchOf(event, names);
      const booked = match.type === 'one' ? bookedStarts(repositories, match.patientId, range.fromMs, range.toMs) : new Set<number>();
      events.push({
        key: event.key,
        summary: event.summary,
        recurring: event.recurring,
        sessions: event.occurrences.map((occurrence) => ({
          start: new Date(occurrence.startMs).toISOString(),
          end: new Date(occurrence.endMs).toISOString(),
          moved: occurrence.moved,
        })),
        continuesAfter: event.continuesAfter,
        match,
        alreadyInAlliance: event.occurrences.filter((occurrence) => booked.has(occurrence.startMs)).length,
      });
    }
    events.sort((a, b) => (a.sessions[0]?.start ?? '').localeCompare(b.sessions[0]?.start ?? '') || a.summary.localeCompare(b.summary));
    return { events, notSessions, outsideRange: calendar.outsideRange, timeZone };
  },

  'import:sessions': (input, environment, repositories) => {
    const range = rangeOf(input.from, input.to, environment.timeZone);
    const calendar = readCalendar(input.content, range, environment.timeZone);
    const byKey = new Map(calendar.events.filter((event) => event.notASession === null).map((event) => [event.key, event]));
    const chosen = new Set<string>();
    for (const choice of input.choices) {
      if (!byKey.has(choice.event) || chosen.has(choice.event)) throw invalid(IMPORT_MESSAGES.unknownEvent);
      chosen.add(choice.event);
    }
    if (input.choices.length === 0) throw invalid(IMPORT_MESSAGES.noSessionsChosen);
    const total = input.choices.reduce((sum, choice) => sum + (byKey.get(choice.event)?.occurrences.length ?? 0), 0);
    if (total > IMPORT_LIMITS.sessions) throw invalid(IMPORT_MESSAGES.tooManySessions);

    const log = new ImportLog(repositories.db, repositories.audit);
    return repositories.db.transaction(() => {
      const booked = new Map<string, Set<number>>();
      let sessions = 0;
      let alreadyInAlliance = 0;
      for (const choice of input.choices) {
        const event = byKey.get(choice.event)!;
        repositories.patients.require(choice.patientId);
        let starts = booked.get(choice.patientId);
        if (!starts) booked.set(choice.patientId, (starts = bookedStarts(repositories, choice.patientId, range.fromMs, range.toMs)));
        const place = placeOf(event);
        for (const occurrence of event.occurrences) {
          if (starts.has(occurrence.startMs)) {
            alreadyInAlliance += 1;
            continue;
          }
          repositories.appointments.bookImported(
            {
              patientId: choice.patientId,
              startMs: occurrence.startMs,
              durationMinutes: Math.round((occurrence.endMs - occurrence.startMs) / 60_000),
              kind: input.kind,
              ...place,
            },
            environment.now,
          );
          starts.add(occurrence.startMs);
          sessions += 1;
        }
      }
      if (sessions === 0) throw invalid(IMPORT_MESSAGES.allAlreadyInAlliance);
      const importId = log.record('sessions-ics', { patients: 0, sessions }, environment.now);
      return { importId, sessions, alreadyInAlliance };
    })();
  },
};
