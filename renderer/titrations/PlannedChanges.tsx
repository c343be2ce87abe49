import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { formatDose, plannedChanges, type TitrationSchedule, type TitrationStep } from '../../shared/titration';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { titrationPath } from './paths';
import { DIRECTION_LABELS, STATUS_LABELS } from './stepStatus';

/**
 * In the chart's Medications tab: each step whose date has come is a planned change to confirm (at its
 * dose, or another), which records it in the medication history; and the patient's schedules.
 */
export function PlannedChanges({ patientId }: { patientId: string }) {
  const list = useChannelQuery('titrations:list', { patientId });
  if (list.error) return <Notice tone="error">{explain(list.error)}</Notice>;
  if (!list.data || list.data.schedules.length === 0) return null;
  const due = plannedChanges(list.data);
  return (
    <section className="chart-subsection" aria-labelledby="planned-changes-title">
      <h3 className="chart-subsection__title" id="planned-changes-title">
        Titration and taper schedules
      </h3>
      {due.length > 0 ? (
        <ul className="record-list" aria-label="Planned changes">
          {due.map(({ schedule, step }) => (
            <PlannedChange key={step.id} schedule={schedule} step={step} />
          ))}
        </ul>
      ) : null}
      <ul className="titration-list" aria-label="Schedules">
        {list.data.schedules.map((schedule) => (
          <li key={schedule.id}>
            <Link to={titrationPath(patientId, schedule.id)}>
              {DIRECTION_LABELS[schedule.direction]}: <bdi>{schedule.medicationName}</bdi>
            </Link>{' '}
            <span className="muted">
              · {STATUS_LABELS[schedule.status]} · {schedule.steps.length} steps from{' '}
              {formatCalendarDate(schedule.steps[0]?.startDate ?? '')}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function PlannedChange({ schedule, step }: { schedule: TitrationSchedule; step: TitrationStep }) {
  const confirm = useChannelMutation('titrations:confirm');
  const [changing, setChanging] = useState(false);
  const [dose, setDose] = useState('');
  const [reason, setReason] = useState('');
  const planned = formatDose(step.doseAmount, step.doseUnit);
  const what = step.doseAmount === 0 ? 'stop' : `${planned}, ${step.frequency}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    try {
      await confirm.mutateAsync(changing ? { stepId: step.id, dose, reason } : { stepId: step.id });
    } catch {
      // Shown below.
    }
  }

  return (
    <li className="record-list__item titration-planned">
      <div className="record-list__main">
        <p className="record-list__title">
          <strong>Planned change:</strong> <bdi>{schedule.medicationName}</bdi> {what}
        </p>
        <p className="record-list__meta">
          Step {step.position} of {schedule.steps.length}, from {formatCalendarDate(step.startDate)}
        </p>
        {confirm.error ? <Notice tone="error">{explain(confirm.error)}</Notice> : null}
      </div>
      <form className="record-list__actions" onSubmit={(event) => void submit(event)}>
        {changing ? (
          <>
            <label>
              Dose instead
              <input value={dose} onChange={(e) => setDose(e.target.value)} placeholder="e.g. 62.5 mg" />
            </label>
            <label>
              Why
              <input value={reason} onChange={(e) => setReason(e.target.value)} />
            </label>
            <button type="submit" className="button button--primary button--small" disabled={confirm.isPending}>
              Confirm this dose
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => setChanging(false)}>
              Cancel
            </button>
          </>
        ) : (
          <>
            <button type="submit" className="button button--primary button--small" disabled={confirm.isPending}>
              Confirm
              <span className="visually-hidden">
                {' '}
                {what} of {schedule.medicationName}
              </span>
            </button>
            <button type="button" className="button button--secondary button--small" onClick={() => setChanging(true)}>
              Another dose…
            </button>
          </>
        )}
      </form>
    </li>
  );
}
