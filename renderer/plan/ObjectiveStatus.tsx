import { useId, useState, type FormEvent } from 'react';
import { OBJECTIVE_STATUS_LABELS, OBJECTIVE_STATUSES, type Objective, type ObjectiveStatus, type Plan } from '../../shared/plan';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { formatInstantDate } from './format';
import { usePlanCache } from './planCache';

/** One objective: what, how measured, by when, its status now and, in force, the dated changes of it. */
export function ObjectiveItem({
  plan,
  objective,
  label,
  status,
  live,
}: {
  plan: Plan;
  objective: Objective;
  label: string;
  status: ObjectiveStatus;
  live: boolean;
}) {
  const [changing, setChanging] = useState(false);
  const history = live ? plan.statusHistory.filter((entry) => entry.objectiveId === objective.id) : [];
  return (
    <li className="plan-objective">
      <div className="plan-objective__main">
        <p className="plan-objective__text">
          <span className="plan-objective__label">{label}</span> <bdi>{objective.description}</bdi>
        </p>
        <p className="plan-objective__meta">
          {objective.measure ? `Measured by ${objective.measure} · ` : ''}Target {formatCalendarDate(objective.targetDate)}
        </p>
      </div>
      <div className="plan-objective__status">
        <span className={`plan-status-badge plan-status-badge--${status}`}>{OBJECTIVE_STATUS_LABELS[status]}</span>
        {live && !changing ? (
          <button
            type="button"
            className="button button--link"
            onClick={() => setChanging(true)}
            aria-label={`Change the status of objective ${label}`}
          >
            Change status
          </button>
        ) : null}
      </div>
      {changing ? <StatusForm plan={plan} objective={objective} label={label} current={status} onDone={() => setChanging(false)} /> : null}
      {history.length > 0 ? (
        <ol className="plan-objective__history" aria-label={`Status history of objective ${label}`}>
          {history.map((entry) => (
            <li key={entry.id}>
              <span className="plan-objective__when">{formatInstantDate(entry.at)}</span> {OBJECTIVE_STATUS_LABELS[entry.status]}
              {entry.note ? <span className="plan-objective__note"> — {entry.note}</span> : null}
            </li>
          ))}
        </ol>
      ) : null}
    </li>
  );
}

function StatusForm({
  plan,
  objective,
  label,
  current,
  onDone,
}: {
  plan: Plan;
  objective: Objective;
  label: string;
  current: ObjectiveStatus;
  onDone: () => void;
}) {
  const id = useId();
  const setStatus = useChannelMutation('plans:setObjectiveStatus');
  const cache = usePlanCache(plan.patientId);
  const [status, setStatusChoice] = useState<ObjectiveStatus>(current);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    if (note.trim().length > 500) {
      setNoteError('At most 500 characters.');
      return;
    }
    setNoteError(undefined);
    try {
      cache(await setStatus.mutateAsync({ planId: plan.planId, objectiveId: objective.id, status, note: note.trim() }));
      onDone();
    } catch (caught) {
      setProblem(explain(asAppError(caught)));
    }
  }

  return (
    <form
      className="record-form record-form--inline plan-objective__form"
      onSubmit={submit}
      noValidate
      aria-label={`Change the status of objective ${label}`}
    >
      <div className="record-form__row">
        <div className="field">
          <label className="field__label" htmlFor={`${id}-status`}>
            Status from today
          </label>
          <select
            id={`${id}-status`}
            className="input input--select"
            value={status}
            onChange={(e) => setStatusChoice(e.target.value as ObjectiveStatus)}
          >
            {OBJECTIVE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {OBJECTIVE_STATUS_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <TextField
          label="Note"
          optional
          placeholder="e.g. Diary shows 6 of 7 nights"
          value={note}
          onChange={(e) => setNote(e.target.value)}
          error={noteError}
        />
      </div>
      {problem ? <Notice tone="error">{problem}</Notice> : null}
      <div className="form-actions">
        <button type="button" className="button button--secondary" onClick={onDone} disabled={setStatus.isPending}>
          Cancel
        </button>
        <button type="submit" className="button button--primary" disabled={setStatus.isPending}>
          Record status
        </button>
      </div>
    </form>
  );
}
