import { addDays } from 'date-fns';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { KIND_LABELS } from '../../shared/appointment';
import { useChannelQuery } from '../bridge/queries';
import { isCancelled } from '../format/sessions';
import { formatLongDay, formatTimeRange } from '../format/times';
import { AttendanceRecord } from './AttendanceRecord';

/** How far ahead the patient's page looks for the next session. */
const LOOK_AHEAD_DAYS = 180;

/** The patient's page: the attendance record and the next session booked, if any. */
export function PatientAttendance({ patientId }: { patientId: string }) {
  // Fixed at mount, so the query key stays the same while the page is open.
  const lookAhead = useMemo(() => {
    const now = new Date();
    return { from: now.toISOString(), to: addDays(now, LOOK_AHEAD_DAYS).toISOString() };
  }, []);
  const upcoming = useChannelQuery('calendar:range', { ...lookAhead, includeCancelled: false });
  const next = useMemo(
    () =>
      (upcoming.data ?? []).filter((a) => a.patientId === patientId && !isCancelled(a)).sort((a, b) => a.start.localeCompare(b.start))[0] ??
      null,
    [upcoming.data, patientId],
  );

  return (
    <section className="card patient-attendance" aria-labelledby="patient-attendance-title">
      <h2 className="card__title" id="patient-attendance-title">
        Attendance
      </h2>
      <div className="patient-attendance__next">
        <span className="patient-attendance__label">Next session</span>
        {next ? (
          <span>
            {formatLongDay(new Date(next.start))}, {formatTimeRange(new Date(next.start), new Date(next.end))} · {KIND_LABELS[next.kind]}
            {next.isVideo ? ' · Video' : ''} <Link to="/calendar">Open calendar</Link>
          </span>
        ) : upcoming.data ? (
          <span className="muted">None booked in the next six months.</span>
        ) : (
          <span className="muted">Loading…</span>
        )}
      </div>
      <AttendanceRecord patientId={patientId} />
    </section>
  );
}
