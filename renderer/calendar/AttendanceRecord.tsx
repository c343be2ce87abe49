import type { AttendanceTally } from '../../shared/appointment';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';

function percent(part: number, whole: number): string {
  return whole === 0 ? '—' : `${Math.round((part / whole) * 100)}%`;
}

function Row({ label, value, total, hint }: { label: string; value: number; total: number; hint?: string }) {
  return (
    <tr>
      <th scope="row">
        {label}
        {hint ? <span className="attendance__hint">{hint}</span> : null}
      </th>
      <td className="table__num">{value}</td>
      <td className="table__num attendance__share">{percent(value, total)}</td>
    </tr>
  );
}

function Tally({ caption, tally }: { caption: string; tally: AttendanceTally }) {
  // Past sessions whose attendance nobody marked: neither kept nor held against the patient.
  const unrecorded = tally.total - tally.kept - tally.noShows - tally.lateCancellations - tally.cancellations;
  return (
    <table className="attendance__table">
      <caption>
        {caption}
        <span className="attendance__total">{tally.total === 1 ? '1 session' : `${tally.total} sessions`}</span>
      </caption>
      <tbody>
        <Row label="Kept" value={tally.kept} total={tally.total} {...(tally.late > 0 ? { hint: `${tally.late} late` } : {})} />
        <Row label="No-shows" value={tally.noShows} total={tally.total} />
        <Row label="Late cancellations" value={tally.lateCancellations} total={tally.total} />
        <Row label="Other cancellations" value={tally.cancellations} total={tally.total} />
        {unrecorded > 0 ? <Row label="Not recorded" value={unrecorded} total={tally.total} /> : null}
      </tbody>
    </table>
  );
}

/** Sessions kept, missed and cancelled late: the reliability a treatment rests on, over 90 days and all time. */
export function AttendanceRecord({ patientId, headingLevel = 3 }: { patientId: string; headingLevel?: 2 | 3 }) {
  const record = useChannelQuery('patients:attendance', { patientId });
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <section className="attendance" aria-label="Attendance record">
      <Heading className="attendance__title">Attendance record</Heading>
      {record.error ? <Notice tone="error">{explain(record.error)}</Notice> : null}
      {record.data ? (
        record.data.allTime.total === 0 ? (
          <p className="muted">No past sessions yet.</p>
        ) : (
          <div className="attendance__tallies">
            <Tally caption="Last 90 days" tally={record.data.last90Days} />
            <Tally caption="All time" tally={record.data.allTime} />
          </div>
        )
      ) : record.error ? null : (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
    </section>
  );
}
