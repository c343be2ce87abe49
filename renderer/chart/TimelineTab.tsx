import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { KIND_LABELS } from '../../shared/appointment';
import { TIMELINE_KIND_LABELS, TIMELINE_KINDS, type TimelineEntry, type TimelineKind } from '../../shared/chart';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { attendanceText } from '../format/sessions';
import { formatTimeRange } from '../format/times';
import { useChart } from './chartContext';
import { formatDayAndTime, formatWeekdayDate } from './format';
import { describeDiagnosisEvent, describeMedicationEvent } from './recordEvents';
import { WriteNoteForSession } from './WriteNoteForSession';

/** Sessions, notes, medication and diagnosis changes in one list, newest first, by day; filtered by kind. */
export function TimelineTab() {
  const { patient } = useChart();
  const timeline = useChannelQuery('chart:timeline', { patientId: patient.id });
  const [shown, setShown] = useState<ReadonlySet<TimelineKind>>(() => new Set(TIMELINE_KINDS));

  const days = useMemo(() => {
    const groups: { day: string; entries: TimelineEntry[] }[] = [];
    for (const entry of timeline.data ?? []) {
      if (!shown.has(entry.kind)) continue;
      const last = groups[groups.length - 1];
      if (last && last.day === entry.day) last.entries.push(entry);
      else groups.push({ day: entry.day, entries: [entry] });
    }
    return groups;
  }, [timeline.data, shown]);

  const counts = useMemo(() => {
    const tally = Object.fromEntries(TIMELINE_KINDS.map((kind) => [kind, 0])) as Record<TimelineKind, number>;
    for (const entry of timeline.data ?? []) tally[entry.kind] += 1;
    return tally;
  }, [timeline.data]);

  function toggle(kind: TimelineKind) {
    setShown((current) => {
      const next = new Set(current);
      if (next.has(kind)) next.delete(kind);
      else next.add(kind);
      return next;
    });
  }

  return (
    <section aria-labelledby="timeline-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="timeline-title">
          Timeline
        </h2>
      </div>
      <div className="filter-chips" role="group" aria-label="Show on the timeline">
        {TIMELINE_KINDS.map((kind) => (
          <button
            key={kind}
            type="button"
            className={`filter-chip filter-chip--${kind}`}
            aria-pressed={shown.has(kind)}
            onClick={() => toggle(kind)}
          >
            <span className="filter-chip__check" aria-hidden="true" />
            {TIMELINE_KIND_LABELS[kind]}
            <span className="filter-chip__count">{counts[kind]}</span>
          </button>
        ))}
      </div>
      {timeline.error ? <Notice tone="error">{explain(timeline.error)}</Notice> : null}
      {timeline.isPending ? (
        <p className="muted" role="status">
          Loading the timeline…
        </p>
      ) : null}
      {timeline.data && days.length === 0 ? (
        <p className="muted">{timeline.data.length === 0 ? 'Nothing on this chart yet.' : 'Nothing of the kinds chosen above.'}</p>
      ) : null}
      <ol className="timeline" aria-label="Timeline, newest first">
        {days.map(({ day, entries }) => (
          <li key={day} className="timeline__day">
            <h3 className="timeline__date">{formatWeekdayDate(day)}</h3>
            <ul className="timeline__entries">
              {entries.map((entry) => (
                <TimelineItem key={entryKey(entry)} entry={entry} patientId={patient.id} />
              ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}

function entryKey(entry: TimelineEntry): string {
  switch (entry.kind) {
    case 'session':
      return `session:${entry.appointment.key}`;
    case 'note':
      return `note:${entry.note.id}`;
    case 'medication':
      return `medication:${entry.event.id}`;
    case 'diagnosis':
      return `diagnosis:${entry.event.id}`;
  }
}

function TimelineItem({ entry, patientId }: { entry: TimelineEntry; patientId: string }) {
  const base = `/patients/${patientId}`;
  switch (entry.kind) {
    case 'session': {
      const { appointment } = entry;
      return (
        <li className="timeline__entry timeline__entry--session">
          <span className="timeline__kind">Session</span>
          <div className="timeline__body">
            <p>
              {formatTimeRange(new Date(appointment.start), new Date(appointment.end))} · {KIND_LABELS[appointment.kind]} ·{' '}
              {attendanceText(appointment)}
            </p>
            <p className="timeline__links">
              {entry.noteId ? (
                <Link to={`${base}/notes/${entry.noteId}`}>Open the session’s note</Link>
              ) : (
                <WriteNoteForSession appointment={appointment} />
              )}
            </p>
          </div>
        </li>
      );
    }
    case 'note': {
      const { note } = entry;
      return (
        <li className="timeline__entry timeline__entry--note">
          <span className="timeline__kind">Note</span>
          <div className="timeline__body">
            <p>
              <Link to={`${base}/notes/${note.id}`}>
                <bdi>{note.templateName}</bdi>
              </Link>
              {' · '}
              {note.status === 'signed' ? (
                <>
                  Signed by <bdi>{note.signedBy ?? 'unknown'}</bdi>
                  {note.signedAt ? `, ${formatDayAndTime(note.signedAt)}` : ''}
                </>
              ) : (
                'Draft, not signed'
              )}
              {note.addendumCount > 0 ? ` · ${note.addendumCount === 1 ? '1 addendum' : `${note.addendumCount} addenda`}` : ''}
            </p>
            {note.preview ? (
              <p className="timeline__preview">
                <bdi>{note.preview}</bdi>
              </p>
            ) : null}
          </div>
        </li>
      );
    }
    case 'medication': {
      const { event } = entry;
      const inError = event.enteredInError !== null;
      return (
        <li className={`timeline__entry timeline__entry--medication${inError ? ' timeline__entry--in-error' : ''}`}>
          <span className="timeline__kind">Medication</span>
          <div className="timeline__body">
            <p>
              <Link to={`${base}/medications`}>
                <bdi>{describeMedicationEvent(event)}</bdi>
              </Link>
              {inError ? <span className="badge badge--muted">Entered in error</span> : null}
            </p>
            <p className="timeline__reason">
              Reason: <bdi>{event.reason}</bdi>
            </p>
          </div>
        </li>
      );
    }
    case 'diagnosis': {
      const { event } = entry;
      return (
        <li className="timeline__entry timeline__entry--diagnosis">
          <span className="timeline__kind">Diagnosis</span>
          <div className="timeline__body">
            <p>
              <Link to={`${base}/diagnoses`}>
                {event.code} {event.label}
              </Link>
            </p>
            <p className="timeline__reason">{describeDiagnosisEvent(event)}</p>
          </div>
        </li>
      );
    }
  }
}
