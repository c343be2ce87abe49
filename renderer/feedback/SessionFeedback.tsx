import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Appointment } from '../../shared/appointment';
import { isPatientForm, type PatientForm } from '../../shared/feedback';
import { GOAL_RATING_INTERVAL_LABELS, type GoalsToRate } from '../../shared/goal-ratings';
import { handOverOrder, type ScheduleEntry } from '../../shared/measure-schedules';
import { asAppError } from '../bridge/client';
import { useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { useNow } from '../components/useNow';
import { useVaultControls } from '../components/vaultControls';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { isCancelled } from '../format/sessions';
import { EnterAnswersDialog, FORM_NAMES } from './EnterAnswersDialog';
import { SOURCE_LABELS } from './labels';

/** The main process hands over a session's forms from an hour before it begins until the day after it ends. */
const HANDOVER_BEFORE_MS = 60 * 60_000;
const HANDOVER_AFTER_MS = 36 * 60 * 60_000;

const FORM_HINTS: Record<PatientForm, string> = {
  feedback: 'Four ratings of today’s session and three open questions',
  phq9: 'Depression: nine questions about the last two weeks',
  gad7: 'Anxiety: seven questions about the last two weeks',
  pcl5: 'After a very stressful experience: twenty questions about the past month',
  auditc: 'Alcohol: three questions about drinking',
  audit: 'Alcohol: ten questions about drinking in the past year',
  goals: 'How close they feel to each goal of their plan, in their own words',
};

/**
 * The session dialog's feedback section: what the patient has given for this session (without
 * scores: the patient may be beside the screen), handing the laptop over, and entering answers.
 */
export function SessionFeedback({ appointment, onLeave }: { appointment: Appointment; onLeave: () => void }) {
  const now = useNow(30_000);
  const given = useChannelQuery('feedback:forSession', { ref: appointment.ref });
  const [dialog, setDialog] = useState<'hand-over' | 'enter' | null>(null);
  const start = Date.parse(appointment.start);
  const end = Date.parse(appointment.end);
  const canHandOver = !isCancelled(appointment) && now >= start - HANDOVER_BEFORE_MS && now <= end + HANDOVER_AFTER_MS;
  const canEnter = !isCancelled(appointment) && start <= now + HANDOVER_BEFORE_MS;
  const feedback = given.data?.feedback ?? null;
  const measures = given.data?.measures ?? [];

  if (!canHandOver && !canEnter && feedback === null && measures.length === 0) return null;

  const lines = [
    feedback ? `Session feedback: ${SOURCE_LABELS[feedback.source].toLowerCase()}` : 'No session feedback yet',
    ...measures.map((m) => `${FORM_NAMES[m.instrument]}: ${SOURCE_LABELS[m.source].toLowerCase()}`),
  ];

  return (
    <section className="session-feedback" aria-labelledby="session-feedback-title">
      <h3 className="session__section-title" id="session-feedback-title">
        Feedback and measures
      </h3>
      <p className="session-feedback__line">
        {lines.join(' · ')}.{' '}
        {feedback || measures.length > 0 ? (
          <Link to={`/patients/${appointment.patientId}/feedback`} onClick={onLeave}>
            See them in the chart
          </Link>
        ) : null}
      </p>
      {given.error ? <Notice tone="error">{explain(given.error)}</Notice> : null}
      <div className="session-feedback__actions">
        {canHandOver ? (
          <button type="button" className="button button--primary" onClick={() => setDialog('hand-over')} aria-haspopup="dialog">
            Hand to patient…
          </button>
        ) : null}
        {canEnter ? (
          <button type="button" className="button button--secondary" onClick={() => setDialog('enter')} aria-haspopup="dialog">
            Enter the patient’s answers…
          </button>
        ) : null}
        {/* After the handover: what the two of them looked at together, one page to take home. */}
        {canHandOver || feedback || measures.length > 0 ? (
          <Link className="button button--secondary" to={`/print/progress/${appointment.patientId}`} onClick={onLeave}>
            Print the progress summary…
          </Link>
        ) : null}
      </div>
      {dialog === 'hand-over' ? (
        <HandOverDialog appointment={appointment} feedbackGiven={feedback !== null} onClose={() => setDialog(null)} />
      ) : null}
      {dialog === 'enter' ? (
        <EnterAnswersDialog patientId={appointment.patientId} session={appointment} onClose={() => setDialog(null)} />
      ) : null}
    </section>
  );
}

type HandOverProps = { appointment: Appointment; feedbackGiven: boolean; onClose: () => void };

/** The patient's measurement schedule first, so the measures due can be offered first and chosen already. */
function HandOverDialog(props: HandOverProps) {
  const schedule = useChannelQuery('measures:schedule', { patientId: props.appointment.patientId });
  if (schedule.data === undefined && !schedule.error) {
    return (
      <Modal open title="Hand the laptop to the patient" onClose={props.onClose}>
        <p className="muted" role="status">
          Reading the patient’s measurement schedule…
        </p>
      </Modal>
    );
  }
  // Without the schedule the forms are still offered, in their usual order, none chosen for being due.
  return <HandOverForms {...props} entries={schedule.data?.entries ?? []} />;
}

/** What the goals choice says: nothing to rate without an agreed plan, else whether the plan's interval makes them due. */
function goalsHint(goals: GoalsToRate | null): string {
  if (goals === null) return 'No agreed treatment plan with goals yet';
  const every = GOAL_RATING_INTERVAL_LABELS[goals.interval].toLowerCase();
  const dates = goals.goals.flatMap((goal) => (goal.last ? [goal.last.date] : [])).sort();
  const last = dates.at(-1);
  return `${FORM_HINTS.goals}. The plan asks ${every}; ${goals.due ? 'due now' : 'not due yet'}${
    last ? `, last rated ${formatCalendarDate(last)}` : ', never rated'
  }.`;
}

/** Chooses the forms, then the window becomes the patient's: nothing of any chart stays on it. */
function HandOverForms({ appointment, feedbackGiven, onClose, entries }: HandOverProps & { entries: readonly ScheduleEntry[] }) {
  const { enterPatientMode } = useVaultControls();
  const dueEntries = new Map<PatientForm, ScheduleEntry>(
    entries.flatMap((entry) => (entry.due && isPatientForm(entry.instrument) ? [[entry.instrument, entry] as const] : [])),
  );
  const order = handOverOrder(new Set(dueEntries.keys()));
  const [forms, setForms] = useState<ReadonlySet<PatientForm>>(
    () => new Set<PatientForm>([...dueEntries.keys(), ...(feedbackGiven ? [] : (['feedback'] as const))]),
  );
  const goals = useChannelQuery('plans:goalsToRate', { patientId: appointment.patientId, ref: appointment.ref });
  // Goals due by the plan's interval are offered ticked, once, when the answer arrives.
  const offered = useRef(false);
  useEffect(() => {
    if (offered.current || !goals.data?.due) return;
    offered.current = true;
    setForms((current) => new Set([...current, 'goals']));
  }, [goals.data]);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const chosen = order.filter((form) => forms.has(form));
    if (chosen.length === 0) {
      setProblem('Choose at least one form.');
      return;
    }
    setBusy(true);
    try {
      // On success the whole window becomes the patient's screen and this dialog is gone.
      await enterPatientMode(appointment.ref, chosen, appointment.patientId);
    } catch (caught) {
      const error = asAppError(caught);
      setProblem(
        error.code === 'CONFLICT'
          ? 'Feedback on this session was already given, or the laptop is already with the patient.'
          : error.code === 'INVALID_INPUT'
            ? 'Patient mode is for today’s session: from an hour before it begins until the day after.'
            : explain(error),
      );
      setBusy(false);
    }
  }

  return (
    <Modal open title="Hand the laptop to the patient" onClose={onClose}>
      <form className="stack" onSubmit={submit} noValidate aria-label="Hand the laptop to the patient">
        <p>
          The window will show only the forms you choose, one after another in the order below (measures due on the patient’s schedule
          first), and nothing of any chart. To take the laptop back, choose “For the clinician” at the bottom of the screen and enter your
          passphrase.
        </p>
        <fieldset className="choice-group">
          <legend className="field__label">Forms</legend>
          <div className="hand-over__forms">
            {order.map((form) => {
              const disabled = (form === 'feedback' && feedbackGiven) || (form === 'goals' && !goals.data);
              const due = dueEntries.get(form);
              const hint =
                form === 'feedback' && feedbackGiven
                  ? 'Already given for this session'
                  : form === 'goals'
                    ? goals.isPending
                      ? 'Looking for the plan’s goals…'
                      : goalsHint(goals.data ?? null)
                    : FORM_HINTS[form];
              return (
                <label key={form} className="checkbox checkbox--emphasis">
                  <input
                    type="checkbox"
                    checked={forms.has(form)}
                    disabled={disabled}
                    onChange={(event) =>
                      setForms((current) => {
                        const next = new Set(current);
                        if (event.target.checked) next.add(form);
                        else next.delete(form);
                        return next;
                      })
                    }
                  />
                  <span className="choice__text">
                    <span className="choice__label">{FORM_NAMES[form]}</span>
                    <span className="choice__hint">{hint}</span>
                    {due ? (
                      <span className="choice__hint choice__hint--due">
                        Due on the patient’s schedule: {due.lastDate ? `last given ${formatCalendarDate(due.lastDate)}` : 'never given'}
                      </span>
                    ) : null}
                  </span>
                </label>
              );
            })}
          </div>
        </fieldset>
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Handing over…' : 'Hand over'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
