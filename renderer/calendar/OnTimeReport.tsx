import { addDays, addMonths, startOfMonth, startOfWeek } from 'date-fns';
import { useId, useState } from 'react';
import { ON_TIME_TOLERANCE_MINUTES, type LateSession, type OnTimeRow } from '../../shared/appointment';
import type { Preferences } from '../../shared/preferences';
import { useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { dateInputValue, formatCalendarDate, formatCalendarMonth } from '../format/dates';
import { formatLongDay, formatTime } from '../format/times';
import { minutesText } from './labels';
import { SessionDialog } from './SessionDialog';
import { WEEK_STARTS_ON } from './weekStart';

type GroupBy = 'week' | 'month';

function defaultRange(groupBy: GroupBy): { from: string; to: string } {
  const today = new Date();
  if (groupBy === 'week') {
    const thisWeek = startOfWeek(today, { weekStartsOn: WEEK_STARTS_ON });
    return { from: dateInputValue(addDays(thisWeek, -7 * 11)), to: dateInputValue(today) };
  }
  return { from: dateInputValue(addMonths(startOfMonth(today), -5)), to: dateInputValue(today) };
}

function share(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`;
}

/**
 * A row says what period it counts ("2026-W10" or "2026-03"): while the other grouping loads, the rows
 * still shown are the last answer's, and must keep their own labels rather than take the new grouping's.
 */
function periodLabel(row: OnTimeRow): string {
  if (row.period.includes('-W')) return `Week of ${formatCalendarDate(row.periodStart)}`;
  return formatCalendarMonth(row.periodStart);
}

function Bar({ part, whole, label }: { part: number; whole: number; label: string }) {
  const value = whole === 0 ? 0 : Math.round((part / whole) * 100);
  return (
    <span className="ontime__cell">
      <span className="ontime__figure">
        {part} <span className="muted">({share(part, whole)})</span>
      </span>
      <span className="ontime__bar" role="img" aria-label={`${label}: ${share(part, whole)}`}>
        <span className="ontime__bar-fill" style={{ width: `${value}%` }} />
      </span>
    </span>
  );
}

/** How many sessions began and ended within two minutes of schedule, per week or month. */
export function OnTimeReport() {
  const ids = useId();
  const [groupBy, setGroupBy] = useState<GroupBy>('week');
  const [range, setRange] = useState(() => defaultRange('week'));
  const from = new Date(`${range.from}T00:00:00`);
  const to = addDays(new Date(`${range.to}T00:00:00`), 1);
  const valid = !Number.isNaN(from.getTime()) && !Number.isNaN(to.getTime()) && from < to;
  const report = useChannelQuery(
    'reports:onTime',
    { from: valid ? from.toISOString() : '', to: valid ? to.toISOString() : '', groupBy },
    { enabled: valid, keepPrevious: true },
  );
  const late = useChannelQuery(
    'reports:lateSessions',
    { from: valid ? from.toISOString() : '', to: valid ? to.toISOString() : '' },
    { enabled: valid, keepPrevious: true },
  );
  const preferences = useChannelQuery('preferences:get', {});
  const [opened, setOpened] = useState<LateSession | null>(null);
  const rows = report.data ?? [];
  // What the rows shown count by: the last answer's grouping until the new one's arrives.
  const shownBy: GroupBy = rows[0] ? (rows[0].period.includes('-W') ? 'week' : 'month') : groupBy;
  const totals = rows.reduce(
    (sum, row) => ({
      kept: sum.kept + row.kept,
      sessions: sum.sessions + row.sessions,
      begun: sum.begun + row.begunOnTime,
      ended: sum.ended + row.endedOnTime,
    }),
    { kept: 0, sessions: 0, begun: 0, ended: 0 },
  );

  // The range chosen stays: grouping differently is another view of the same sessions.
  function choose(next: GroupBy) {
    setGroupBy(next);
  }

  return (
    <div className="page ontime">
      <BackLink to="/calendar">Calendar</BackLink>
      <header className="page__header">
        <div>
          <h1 className="page__title">Sessions on time</h1>
          <p className="page__subtitle">
            A session counts as begun or ended on time when it was started or ended within {ON_TIME_TOLERANCE_MINUTES} minutes of its
            schedule. “Kept” is every session marked attended or late; “Timed” is those you ran with the session timer, and the on-time
            counts are out of them.
          </p>
        </div>
      </header>

      <div className="ontime__controls">
        <div className="view-switch" role="group" aria-label="Group by">
          <button type="button" className="view-switch__button" aria-pressed={groupBy === 'week'} onClick={() => choose('week')}>
            By week
          </button>
          <button type="button" className="view-switch__button" aria-pressed={groupBy === 'month'} onClick={() => choose('month')}>
            By month
          </button>
        </div>
        <div className="ontime__range" id={`${ids}-range`}>
          <TextField
            label="From"
            type="date"
            className="input--date"
            value={range.from}
            onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
          />
          <TextField
            label="To"
            type="date"
            className="input--date"
            value={range.to}
            onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
            error={valid ? undefined : 'The last day must be on or after the first.'}
          />
        </div>
      </div>

      {report.error ? <Notice tone="error">{explain(report.error)}</Notice> : null}

      {report.data && rows.length === 0 ? (
        <div className="empty-state">
          <h2 className="empty-state__title">No timed sessions in this range</h2>
          <p className="empty-state__text">Use “Start session” and “End session” in the calendar, and the sessions you run appear here.</p>
        </div>
      ) : null}

      {rows.length > 0 ? (
        <div className="table-frame">
          <table className="table ontime__table">
            <caption className="visually-hidden">Sessions begun and ended on time, {shownBy === 'week' ? 'per week' : 'per month'}</caption>
            <thead>
              <tr>
                <th scope="col">{shownBy === 'week' ? 'Week' : 'Month'}</th>
                <th scope="col" className="table__num">
                  Kept
                </th>
                <th scope="col" className="table__num">
                  Timed
                </th>
                <th scope="col">Begun on time</th>
                <th scope="col">Ended on time</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.period} className={row.kept === 0 && row.sessions === 0 ? 'ontime__row--empty' : undefined}>
                  <th scope="row" className="ontime__period">
                    {periodLabel(row)}
                  </th>
                  <td className="table__num">{row.kept}</td>
                  <td className="table__num">{row.sessions}</td>
                  <td>
                    <Bar part={row.begunOnTime} whole={row.sessions} label="Begun on time" />
                  </td>
                  <td>
                    <Bar part={row.endedOnTime} whole={row.sessions} label="Ended on time" />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">All</th>
                <td className="table__num">{totals.kept}</td>
                <td className="table__num">{totals.sessions}</td>
                <td>
                  <Bar part={totals.begun} whole={totals.sessions} label="Begun on time, all" />
                </td>
                <td>
                  <Bar part={totals.ended} whole={totals.sessions} label="Ended on time, all" />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
      ) : null}

      {late.error ? <Notice tone="error">{explain(late.error)}</Notice> : null}
      {late.data && late.data.length > 0 ? (
        <section className="ontime__late" aria-labelledby={`${ids}-late`}>
          <h2 className="ontime__late-title" id={`${ids}-late`}>
            Sessions that ran late ({late.data.length})
          </h2>
          <div className="table-frame">
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">Session</th>
                  <th scope="col">Patient</th>
                  <th scope="col" className="table__num">
                    Begun late by
                  </th>
                  <th scope="col" className="table__num">
                    Ended late by
                  </th>
                </tr>
              </thead>
              <tbody>
                {late.data.map((session) => (
                  <tr key={session.key}>
                    <td>
                      <button type="button" className="button button--link" onClick={() => setOpened(session)}>
                        {formatLongDay(new Date(session.start))}, {formatTime(new Date(session.start))}
                      </button>
                    </td>
                    <td>
                      <bdi>{session.patientName}</bdi>
                    </td>
                    <td className="table__num">{session.begunLateMinutes > 0 ? minutesText(session.begunLateMinutes) : '—'}</td>
                    <td className="table__num">{session.endedLateMinutes > 0 ? minutesText(session.endedLateMinutes) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      {opened && preferences.data ? (
        <OpenedSession lateSession={opened} preferences={preferences.data} onClose={() => setOpened(null)} />
      ) : null}
    </div>
  );
}

/** A late session from the list, opened in the session dialog once it is read. */
function OpenedSession({ lateSession, preferences, onClose }: { lateSession: LateSession; preferences: Preferences; onClose: () => void }) {
  const session = useChannelQuery('appointments:get', { ref: lateSession.ref });
  if (session.error) return <Notice tone="error">{explain(session.error)}</Notice>;
  if (!session.data) return null;
  return <SessionDialog appointment={session.data} preferences={preferences} onClose={onClose} />;
}
