import { useId, useState, type FormEvent } from 'react';
import { localToday } from '../../shared/dates';
import type { Feedback } from '../../shared/feedback';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { citation, formatLongSessionDate, type Drop } from './labels';
import { RatingScale } from './RatingScale';

/** Every answer the loop closes changes the plan, the feedback's flag, the chart and the next session's alert. */

const REASON_MAX = 1000;
const PROGRESS_TEXT_MAX = 2000;

type LoopProps = {
  feedback: Feedback;
  /** The drop this feedback was flagged for, if it is the one to be raised. */
  drop: Drop | null;
  alertBelow: number | null;
  onClose: () => void;
  /** What was done, in a sentence for the page to confirm. */
  onDone: (message: React.ReactNode) => void;
};

/**
 * Begins a revision of the plan in force because of the patient's feedback: a new draft copied
 * forward, with a reason that cites the feedback (written for the clinician to edit). The feedback
 * is then marked as raised, which clears the flag on the chart and the next session.
 */
export function ReviseFromFeedbackDialog({
  planId,
  planNumber,
  feedback,
  drop,
  alertBelow,
  onClose,
  onDone,
}: LoopProps & { planId: string; planNumber: number }) {
  const revise = useChannelMutation('plans:revise');
  const [reason, setReason] = useState(() => citation(feedback, drop, alertBelow, REASON_MAX));
  const [error, setError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (reason.trim().length < 3) {
      setError('Say why the plan is revised.');
      return;
    }
    setError(undefined);
    try {
      const plan = await revise.mutateAsync({ planId, reason: reason.trim(), feedbackId: feedback.id });
      onDone(
        `Version ${plan.current.number} of the plan is begun as a draft, citing the feedback of ${formatLongSessionDate(feedback.sessionStart)}.`,
      );
    } catch (caught) {
      const failed = asAppError(caught);
      setFailure(
        failed.code === 'CONFLICT'
          ? 'The plan’s latest version is a draft, so it cannot be revised: change that draft on the Plan tab, or add a progress update that cites this feedback.'
          : explain(failed),
      );
    }
  }

  return (
    <Modal
      open
      title="Start a plan revision"
      subtitle={`From the feedback on the session of ${formatLongSessionDate(feedback.sessionStart)}`}
      onClose={onClose}
      size="wide"
    >
      <form className="stack" onSubmit={submit} noValidate aria-label="Start a plan revision">
        <p>
          A new draft is copied from version {planNumber} of the plan, with the reason below. The patient’s feedback is then marked as
          raised, and its flag ends.
        </p>
        <TextAreaField
          label="Reason for the revision"
          hint="It cites the feedback; change it as you need."
          rows={5}
          maxLength={REASON_MAX}
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            setError(undefined);
          }}
          error={error}
        />
        {failure ? <Notice tone="error">{failure}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={revise.isPending}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={revise.isPending}>
            {revise.isPending ? 'Starting…' : 'Start the revision'}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** A progress update on one of the plan's goals that answers the feedback, which is then marked as raised. */
export function ProgressFromFeedbackDialog({
  patientId,
  planId,
  feedback,
  drop,
  alertBelow,
  onClose,
  onDone,
}: LoopProps & { patientId: string; planId: string }) {
  const ids = useId();
  const plan = useChannelQuery('plans:forPatient', { patientId });
  const add = useChannelMutation('plans:addProgress');
  const goals = plan.data?.current.content.goals ?? [];
  const [goalId, setGoalId] = useState<string>('');
  const [date, setDate] = useState(() => localToday());
  const [rating, setRating] = useState<number | null>(null);
  const [working, setWorking] = useState('');
  const [notWorking, setNotWorking] = useState(() => citation(feedback, drop, alertBelow, PROGRESS_TEXT_MAX));
  const [problems, setProblems] = useState<{ goal?: string; date?: string; rating?: string }>({});
  const [failure, setFailure] = useState<string | null>(null);
  const chosenGoal = goalId || (goals.length === 1 ? (goals[0]?.id ?? '') : '');

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const found: typeof problems = {};
    if (!chosenGoal) found.goal = 'Choose the goal this update is about.';
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) found.date = 'Enter the date of the update.';
    else if (date > localToday()) found.date = 'Today or earlier.';
    if (rating === null) found.rating = 'Choose a number from 0 to 10.';
    setProblems(found);
    if (Object.keys(found).length > 0 || rating === null) return;
    try {
      await add.mutateAsync({
        planId,
        update: {
          goalId: chosenGoal,
          date,
          rating,
          working: working.trim(),
          notWorking: notWorking.trim(),
          noteId: null,
          feedbackId: feedback.id,
        },
      });
      const goal = goals.find((g) => g.id === chosenGoal);
      onDone(
        <>
          Progress update added
          {goal ? (
            <>
              {' '}
              to “<bdi>{goal.patientWords}</bdi>”
            </>
          ) : (
            ''
          )}
          , citing the feedback of {formatLongSessionDate(feedback.sessionStart)}.
        </>,
      );
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <Modal
      open
      title="Add a progress update"
      subtitle={`From the feedback on the session of ${formatLongSessionDate(feedback.sessionStart)}`}
      onClose={onClose}
      size="wide"
    >
      {plan.error ? <Notice tone="error">{explain(plan.error)}</Notice> : null}
      {plan.data === undefined && !plan.error ? (
        <p className="muted" role="status">
          Opening the plan…
        </p>
      ) : null}
      {plan.data && goals.length === 0 ? (
        <Notice tone="info">The plan has no goals yet. Add a goal on the Plan tab first; a progress update is about one goal.</Notice>
      ) : null}
      {plan.data && goals.length > 0 ? (
        <form className="stack" onSubmit={submit} noValidate aria-label="Add a progress update">
          <div className={`field${problems.goal ? ' field--invalid' : ''}`}>
            <label className="field__label" htmlFor={`${ids}-goal`}>
              Goal
            </label>
            <select
              id={`${ids}-goal`}
              className="input input--select"
              value={chosenGoal}
              onChange={(event) => setGoalId(event.target.value)}
              aria-invalid={problems.goal ? true : undefined}
            >
              {goals.length > 1 ? <option value="">Choose a goal…</option> : null}
              {goals.map((goal) => (
                <option key={goal.id} value={goal.id}>
                  {goal.patientWords}
                </option>
              ))}
            </select>
            {problems.goal ? <p className="field__error">{problems.goal}</p> : null}
          </div>
          <TextField
            label="Date"
            type="date"
            className="input--date"
            value={date}
            max={localToday()}
            onChange={(event) => setDate(event.target.value)}
            error={problems.date}
          />
          <RatingScale
            size="compact"
            question="Progress toward the goal"
            low="No progress at all"
            high="The goal reached"
            value={rating}
            onChange={(value) => {
              setRating(value);
              setProblems(({ rating: _cleared, ...rest }) => rest);
            }}
            error={problems.rating}
          />
          <TextAreaField
            label="What is working"
            optional
            rows={2}
            maxLength={PROGRESS_TEXT_MAX}
            value={working}
            onChange={(event) => setWorking(event.target.value)}
          />
          <TextAreaField
            label="What is not working"
            hint="It cites the feedback; change it as you need."
            rows={4}
            maxLength={PROGRESS_TEXT_MAX}
            value={notWorking}
            onChange={(event) => setNotWorking(event.target.value)}
          />
          {failure ? <Notice tone="error">{failure}</Notice> : null}
          <div className="dialog__actions">
            <button type="button" className="button button--secondary" onClick={onClose} disabled={add.isPending}>
              Cancel
            </button>
            <button type="submit" className="button button--primary" disabled={add.isPending}>
              {add.isPending ? 'Adding…' : 'Add the progress update'}
            </button>
          </div>
        </form>
      ) : null}
    </Modal>
  );
}
