import { useId, useState } from 'react';
import type { Appointment, OccurrenceRef } from '../../shared/appointment';
import { INSTRUMENT_DEFINITIONS, INSTRUMENTS, type Instrument } from '../../shared/measures';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { formatCalendarDate } from '../format/dates';
import { describeSession, isCancelled } from '../format/sessions';
import { FeedbackForm } from './FeedbackForm';
import { GoalRatingForm } from './GoalRatingForm';
import { formatSessionDate } from './labels';
import { MeasureForm } from './MeasureForm';

/** What entering answers changes: the trends, the chart's header and panel, and the next session's flag. */

/** Session feedback, one of the instruments, or the patient's rating of their goals. */
type Form = 'feedback' | Instrument | 'goals';

export const FORM_NAMES: Record<Form, string> = {
  feedback: 'Session feedback',
  ...(Object.fromEntries(INSTRUMENTS.map((i) => [i, INSTRUMENT_DEFINITIONS[i].name])) as Record<Instrument, string>),
  goals: 'Goal ratings',
};

const FORMS: Form[] = ['feedback', ...INSTRUMENTS, 'goals'];
/** The session given on its own, for a measure taken outside a session. */
const NO_SESSION = 'none';
/** Feedback is given on the day: a session from an hour from now or earlier. */
const SOON_MS = 60 * 60_000;

function refKey(ref: OccurrenceRef): string {
  return ref.type === 'single' ? ref.id : `${ref.seriesId}@${ref.originalStart}`;
}

type EnterAnswersDialogProps = {
  patientId: string;
  /** From a session's dialog: the answers are for that session. From the chart: the clinician chooses. */
  session: Appointment | null;
  onClose: () => void;
};

/**
 * The clinician enters what the patient said or wrote on paper (session feedback, a PHQ-9, a PCL-5…),
 * or rates the CGI. Saved marked as entered by the clinician, never as the patient's own entry.
 */
export function EnterAnswersDialog({ patientId, session, onClose }: EnterAnswersDialogProps) {
  const ids = useId();
  const [form, setForm] = useState<Form>('feedback');
  const timeline = useChannelQuery('chart:timeline', { patientId }, { enabled: session === null });
  const sessions: Appointment[] =
    session !== null
      ? [session]
      : (timeline.data ?? [])
          .flatMap((entry) => (entry.kind === 'session' ? [entry.appointment] : []))
          .filter((a) => !isCancelled(a) && Date.parse(a.start) <= Date.now() + SOON_MS)
          .slice(0, 40);
  const [chosen, setChosen] = useState<string>('');
  const chosenKey = chosen || (sessions[0] ? refKey(sessions[0].ref) : form === 'feedback' ? '' : NO_SESSION);
  const chosenSession = sessions.find((s) => refKey(s.ref) === chosenKey) ?? null;
  const given = useChannelQuery(
    'feedback:forSession',
    { ref: chosenSession?.ref ?? { type: 'single', id: '00000000-0000-4000-8000-000000000000' } },
    { enabled: chosenSession !== null },
  );
  const feedbackGiven = form === 'feedback' && given.data?.feedback != null;
  const recordFeedback = useChannelMutation('feedback:record');
  const recordMeasure = useChannelMutation('measures:record');
  const rateGoals = useChannelMutation('plans:rateGoals');
  const goals = useChannelQuery('plans:goalsToRate', { patientId, ref: chosenSession?.ref ?? null }, { enabled: form === 'goals' });
  const [saved, setSaved] = useState<string | null>(null);
  const [round, setRound] = useState(0);

  function done(message: string) {
    setSaved(message);
    // A fresh, empty form for the next one.
    setRound((n) => n + 1);
  }

  const cancel = (
    <button type="button" className="button button--secondary" onClick={onClose}>
      Close
    </button>
  );

  return (
    <Modal open title="Enter the patient’s answers" subtitle={session ? describeSession(session) : undefined} onClose={onClose} size="wide">
      <Notice tone="info">
        What you enter here is saved <strong>as entered by the clinician</strong>, from what the patient said or wrote, never as the
        patient’s own entry.
      </Notice>
      <div className="view-switch" role="group" aria-label="Which form">
        {FORMS.map((option) => (
          <button
            key={option}
            type="button"
            className="view-switch__button"
            aria-pressed={form === option}
            onClick={() => {
              setForm(option);
              setSaved(null);
            }}
          >
            {FORM_NAMES[option]}
          </button>
        ))}
      </div>
      {session === null ? (
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-session`}>
            Session
          </label>
          <select
            id={`${ids}-session`}
            className="input input--select"
            value={chosenKey}
            onChange={(event) => setChosen(event.target.value)}
          >
            {form !== 'feedback' ? <option value={NO_SESSION}>Not at a session (dated today)</option> : null}
            {sessions.length === 0 && form === 'feedback' ? <option value="">No session has taken place yet</option> : null}
            {sessions.map((s) => (
              <option key={refKey(s.ref)} value={refKey(s.ref)}>
                {describeSession(s)}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      {form === 'feedback' ? (
        chosenSession === null ? (
          <p className="muted">Feedback belongs to a session: choose the session it was given on.</p>
        ) : feedbackGiven ? (
          <Notice tone="info">Feedback on this session was already given. A session has one piece of feedback.</Notice>
        ) : (
          <FeedbackForm
            key={`feedback-${round}-${chosenKey}`}
            size="compact"
            submitLabel="Save feedback"
            busyLabel="Saving…"
            secondary={cancel}
            onSubmit={async (answers) => {
              await recordFeedback.mutateAsync({ ref: chosenSession.ref, answers });
              done(`Saved the feedback on the session of ${formatSessionDate(chosenSession.start)}, marked as entered by the clinician.`);
            }}
          />
        )
      ) : form === 'goals' ? (
        goals.isPending ? null : goals.data ? (
          <GoalRatingForm
            key={`goals-${round}-${chosenKey}`}
            goals={goals.data.goals}
            size="compact"
            submitLabel="Save goal ratings"
            busyLabel="Saving…"
            secondary={cancel}
            onSubmit={async (ratings) => {
              const saved = await rateGoals.mutateAsync({ patientId, ref: chosenSession?.ref ?? null, date: null, ratings });
              done(
                `Saved ${saved.length === 1 ? 'the rating of 1 goal' : `the ratings of ${saved.length} goals`} of ${formatCalendarDate(saved[0]?.date ?? '')}, marked as entered by the clinician.`,
              );
            }}
          />
        ) : (
          <p className="muted">Goals are rated once the patient has agreed to a treatment plan with goals.</p>
        )
      ) : (
        <MeasureForm
          key={`${form}-${round}-${chosenKey}`}
          instrument={form}
          size="compact"
          submitLabel={`Save ${FORM_NAMES[form]}`}
          busyLabel="Saving…"
          secondary={cancel}
          onSubmit={async (measure) => {
            const saved = await recordMeasure.mutateAsync({ patientId, ref: chosenSession?.ref ?? null, measure });
            done(
              `Saved the ${FORM_NAMES[form]} of ${formatCalendarDate(saved.date)}: ${saved.score} (${saved.band}), marked as entered by the clinician.`,
            );
          }}
        />
      )}
    </Modal>
  );
}
