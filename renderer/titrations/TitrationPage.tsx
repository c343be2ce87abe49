import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { formatDose, formatTablets, tabletTotals, TITRATION_FREQUENCIES, type TitrationSchedule } from '../../shared/titration';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { Notice } from '../components/Notice';
import { useChart } from '../chart';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatInstantDate } from '../format/dates';
import { titrationBuilderPath, titrationPath } from './paths';
import { ScheduleCalendar } from './ScheduleCalendar';
import { DIRECTION_LABELS, STATUS_LABELS, stepStatus } from './stepStatus';

/** One schedule in the chart (titrations/:scheduleId): its steps and how each stands, its calendar, print and stop. */
export function TitrationPage() {
  const { patient } = useChart();
  const { scheduleId = '' } = useParams();
  const schedule = useChannelQuery('titrations:get', { scheduleId });
  const list = useChannelQuery('titrations:list', { patientId: patient.id });
  const error = schedule.error ?? list.error;
  if (error) return <Notice tone="error">{error.code === 'NOT_FOUND' ? 'This schedule could not be found.' : explain(error)}</Notice>;
  if (!schedule.data || !list.data)
    return (
      <p className="muted" role="status">
        Loading the schedule…
      </p>
    );
  return <Schedule schedule={schedule.data} today={list.data.today} patientId={patient.id} />;
}

function Schedule({ schedule, today, patientId }: { schedule: TitrationSchedule; today: string; patientId: string }) {
  const unit = schedule.steps[0]?.doseUnit ?? 'mg';
  const totals = tabletTotals(schedule.steps);
  return (
    <div className="titration-schedule">
      <BackLink to={`/patients/${patientId}/medications`}>Back to medications</BackLink>
      <div className="chart-section__head">
        <h2 className="chart-section__title">
          {DIRECTION_LABELS[schedule.direction]}: <bdi>{schedule.medicationName}</bdi>
        </h2>
        <Link className="button button--primary" to={`/print/titration/${schedule.id}`}>
          Print for the patient
        </Link>
      </div>
      <p className="record-list__meta">
        {STATUS_LABELS[schedule.status]} · planned {formatInstantDate(schedule.createdAt)}
        {schedule.status !== 'active' && schedule.stoppedAt ? (
          <>
            {` · ended on ${formatInstantDate(schedule.stoppedAt)}`}
            {schedule.stopReason ? (
              <>
                {': '}
                <bdi>{schedule.stopReason}</bdi>
              </>
            ) : null}
          </>
        ) : null}
      </p>
      <div className="table-frame">
        <table className="table" aria-label="Steps of the schedule">
          <thead>
            <tr>
              <th scope="col">Step</th>
              <th scope="col">From</th>
              <th scope="col">Days</th>
              <th scope="col">Dose</th>
              <th scope="col">Tablets a day</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {schedule.steps.map((step) => (
              <tr key={step.id}>
                <td>{step.position}</td>
                <td>{formatCalendarDate(step.startDate)}</td>
                <td>{step.durationDays}</td>
                <td>
                  {formatDose(step.doseAmount, step.doseUnit)}
                  {step.doseAmount > 0 ? `, ${step.frequency}` : ''}
                </td>
                <td>
                  {step.tabletsPerDose === null || step.doseAmount === 0
                    ? '—'
                    : `${formatTablets(step.tabletsPerDose * TITRATION_FREQUENCIES[step.frequency])} of ${step.tabletStrength} ${step.doseUnit}`}
                </td>
                <td>
                  <bdi>{stepStatus(schedule, step, today)}</bdi>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {totals.total !== null ? <p>Tablets needed in all: {formatTablets(totals.total)}</p> : null}
      <h3 className="chart-subsection__title">Calendar</h3>
      <ScheduleCalendar steps={schedule.steps} unit={unit} />
      <dl className="titration-schedule__texts">
        <dt>If a dose is missed</dt>
        <dd>
          <bdi>{schedule.missedDoseAdvice}</bdi>
        </dd>
        <dt>Who to call</dt>
        <dd>
          <bdi>{schedule.whoToCall}</bdi>
        </dd>
      </dl>
      {schedule.status === 'active' ? (
        <div className="titration-stop">
          <Link
            className="button button--secondary"
            to={`${titrationBuilderPath(patientId, schedule.medicationId)}?replaces=${schedule.id}`}
          >
            Change the schedule…
          </Link>
          <StopSchedule scheduleId={schedule.id} />
        </div>
      ) : null}
      {schedule.replacesId ? (
        <p className="muted">
          This schedule replaced <Link to={titrationPath(patientId, schedule.replacesId)}>an earlier one</Link>, which is kept as it was.
        </p>
      ) : null}
    </div>
  );
}

function StopSchedule({ scheduleId }: { scheduleId: string }) {
  const stop = useChannelMutation('titrations:stop');
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await stop.mutateAsync({ scheduleId, reason });
      setOpen(false);
    } catch {
      // Shown below.
    }
  }
  if (!open)
    return (
      <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
        Stop this schedule…
      </button>
    );
  return (
    <form onSubmit={(event) => void submit(event)} className="titration-stop">
      <label>
        Why is it stopped?
        <input value={reason} onChange={(e) => setReason(e.target.value)} />
      </label>
      {stop.error ? <Notice tone="error">{explain(stop.error)}</Notice> : null}
      <button type="submit" className="button button--primary" disabled={stop.isPending}>
        Stop the schedule
      </button>
      <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}
