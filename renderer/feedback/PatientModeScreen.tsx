import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { PatientForm, PatientModeStatus, SelfHarmAlert } from '../../shared/feedback';
import type { GoalRatingAnswer } from '../../shared/goal-ratings';
import { INSTRUMENT_DEFINITIONS, PHQ9_SELF_HARM_ITEM, type MeasureAnswers } from '../../shared/measures';
import { asAppError, call, subscribe } from '../bridge/client';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { useActivityReporting } from '../components/useActivityReporting';
import { explain } from '../errors/explain';
import { FeedbackForm } from './FeedbackForm';
import { GoalRatingForm } from './GoalRatingForm';
import { MeasureForm } from './MeasureForm';

type PatientModeScreenProps = {
  status: PatientModeStatus;
  /** The main process's answer after a form was sent. */
  onStatus: (status: PatientModeStatus) => void;
  /** The clinician's passphrase ended patient mode; item-9 answers are for the clinician alone. */
  onLeft: (alerts: SelfHarmAlert[]) => void;
  /** The vault locked (Ctrl+L, idle, sleep): that ends patient mode too. */
  onLocked: () => void;
};

function formTitle(form: PatientForm): string {
  if (form === 'feedback') return 'Your feedback on today’s session';
  if (form === 'goals') return 'Your goals';
  return INSTRUMENT_DEFINITIONS[form].title;
}

/**
 * The whole window while the patient holds the laptop: one form after another, then thanks. Nothing
 * of any chart is here or reachable; the main process refuses every other request until the
 * clinician's passphrase ends patient mode.
 */
export function PatientModeScreen({ status, onStatus, onLeft, onLocked }: PatientModeScreenProps) {
  const current = status.forms.find((form) => !status.completed.includes(form)) ?? null;
  const position = current ? status.forms.indexOf(current) + 1 : status.forms.length;
  const [leaving, setLeaving] = useState(false);
  const [idleWarning, setIdleWarning] = useState<number | null>(null);
  /** Item 9 answered above "Not at all": the patient is shown a supportive word and the crisis contacts, once before any next form and on the thanks. */
  const [support, setSupport] = useState<'none' | 'showing' | 'seen'>('none');
  const [crisisContacts, setCrisisContacts] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let live = true;
    // The practice's contacts, read while nothing is wrong, so they are there the moment they are needed.
    call('patientMode:support', {}).then(
      (answer) => {
        if (live) setCrisisContacts(answer.crisisContacts);
      },
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === 'vault:idleWarning') setIdleWarning(event.secondsLeft);
      }),
    [],
  );
  useActivityReporting(idleWarning !== null, () => setIdleWarning(null), onLocked);

  // Each new form (and the supportive word) starts at its top, its title read out first.
  const showingSupport = support === 'showing' && current !== null;
  useEffect(() => {
    window.scrollTo({ top: 0 });
    heading.current?.focus();
  }, [current, showingSupport]);

  useEffect(() => {
    function shortcut(event: KeyboardEvent) {
      // Locking is always allowed and ends patient mode; nothing else answers a shortcut here.
      if ((event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'l') {
        event.preventDefault();
        void call('vault:lock', {}).then(onLocked, onLocked);
      }
    }
    window.addEventListener('keydown', shortcut);
    return () => window.removeEventListener('keydown', shortcut);
  }, [onLocked]);

  /** A form the main process no longer expects (sent twice, say): ask where things stand and move on. */
  async function refresh(): Promise<void> {
    onStatus(await call('patientMode:status', {}));
  }

  async function send(submit: () => Promise<PatientModeStatus>): Promise<void> {
    try {
      onStatus(await submit());
    } catch (caught) {
      const error = asAppError(caught);
      if (error.code === 'VAULT_LOCKED') {
        onLocked();
        return;
      }
      if (error.code === 'CONFLICT' || error.code === 'FORBIDDEN') {
        await refresh();
        return;
      }
      throw error;
    }
  }

  async function sendMeasure(measure: MeasureAnswers): Promise<void> {
    await send(() => call('patientMode:submitMeasure', { measure }));
    if (measure.instrument === 'phq9' && (measure.answers[PHQ9_SELF_HARM_ITEM - 1] ?? 0) > 0) setSupport('showing');
  }

  const more = current !== null && position < status.forms.length;
  const submitLabel = more ? 'Send and continue' : 'Send my answers';

  return (
    <div className="patient-mode">
      {idleWarning !== null ? (
        <div className="patient-mode__banner" role="status">
          This screen will lock in {idleWarning} seconds. Touch the screen or press any key to stay.
        </div>
      ) : null}
      <main className="patient-mode__main">
        {current === null ? (
          <section className="patient-mode__thanks" aria-labelledby="patient-mode-heading">
            <h1 className="patient-mode__title" id="patient-mode-heading" tabIndex={-1} ref={heading}>
              Thank you
            </h1>
            <p className="patient-mode__lead">Your answers are saved.</p>
            {support !== 'none' ? <SupportMessage crisisContacts={crisisContacts} /> : null}
            <p className="patient-mode__handback">Please hand the laptop back to your clinician.</p>
          </section>
        ) : showingSupport ? (
          <section className="patient-mode__thanks" aria-labelledby="patient-mode-heading">
            <h1 className="patient-mode__title" id="patient-mode-heading" tabIndex={-1} ref={heading}>
              Thank you for telling us
            </h1>
            <SupportMessage crisisContacts={crisisContacts} />
            <button type="button" className="button button--primary patient-mode__continue" onClick={() => setSupport('seen')}>
              Continue to the next form
            </button>
          </section>
        ) : (
          <section aria-labelledby="patient-mode-heading" key={current}>
            {status.forms.length > 1 ? (
              <p className="patient-mode__progress">
                Form {position} of {status.forms.length}
              </p>
            ) : null}
            <h1 className="patient-mode__title" id="patient-mode-heading" tabIndex={-1} ref={heading}>
              {formTitle(current)}
            </h1>
            {current === 'feedback' ? (
              <>
                <p className="patient-mode__lead">
                  Please rate each sentence from 0 to 10, then add a few words if you wish. There are no right or wrong answers: your
                  clinician reads them to shape your sessions together.
                </p>
                <FeedbackForm
                  size="large"
                  submitLabel={submitLabel}
                  busyLabel="Sending…"
                  onSubmit={(answers) => send(() => call('patientMode:submitFeedback', { answers }))}
                />
              </>
            ) : current === 'goals' ? (
              <PatientGoals
                submitLabel={submitLabel}
                onSubmit={(ratings) => send(() => call('patientMode:submitGoalRatings', { ratings }))}
                onLocked={onLocked}
              />
            ) : (
              <MeasureForm instrument={current} size="large" submitLabel={submitLabel} busyLabel="Sending…" onSubmit={sendMeasure} />
            )}
          </section>
        )}
      </main>
      <footer className="patient-mode__footer">
        <button type="button" className="patient-mode__clinician" onClick={() => setLeaving(true)} aria-haspopup="dialog">
          For the clinician
        </button>
      </footer>
      {leaving ? <LeaveDialog unsent={current !== null} onCancel={() => setLeaving(false)} onLeft={onLeft} /> : null}
    </div>
  );
}

/** The goals the patient agreed with their psychiatrist, in their own words, each rated 0 to 10. */
function PatientGoals({
  submitLabel,
  onSubmit,
  onLocked,
}: {
  submitLabel: string;
  onSubmit: (ratings: GoalRatingAnswer[]) => Promise<void>;
  onLocked: () => void;
}) {
  const [goals, setGoals] = useState<{ goalId: string; patientWords: string }[] | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    call('patientMode:goals', {}).then(
      (answer) => {
        if (live) setGoals(answer.goals);
      },
      (caught: unknown) => {
        const error = asAppError(caught);
        if (!live) return;
        if (error.code === 'VAULT_LOCKED') onLocked();
        else setFailure(explain(error));
      },
    );
    return () => {
      live = false;
    };
  }, [onLocked]);
  if (failure) return <Notice tone="error">{failure}</Notice>;
  if (goals === null) return <p className="patient-mode__lead">Loading your goals…</p>;
  return (
    <>
      <p className="patient-mode__lead">
        These are the goals you set with your psychiatrist, in your own words. For each, choose how close you feel to it today, from 0 (not
        close at all) to 10 (you are there).
      </p>
      <GoalRatingForm goals={goals} size="large" submitLabel={submitLabel} busyLabel="Sending…" onSubmit={onSubmit} />
    </>
  );
}

/**
 * What a patient who answered PHQ-9 item 9 above "Not at all" reads: calm, that their psychiatrist
 * will talk with them, the practice's crisis contacts when it has set them, and always the plain
 * advice for an emergency (no number is invented for them).
 */
function SupportMessage({ crisisContacts }: { crisisContacts: string }) {
  const contacts = crisisContacts.trim();
  return (
    <div className="patient-mode__support">
      <p>Thank you for answering so openly. Some of what you shared can be hard to carry, and you do not have to carry it alone.</p>
      <p>Your psychiatrist will talk with you about your answers.</p>
      {contacts ? (
        <>
          <p>If you need to talk to someone before then, or at any time:</p>
          <p className="patient-mode__contacts">
            <bdi>{contacts}</bdi>
          </p>
        </>
      ) : null}
      <p className="patient-mode__emergency">
        If you are in danger now, call your local emergency number or go to the nearest emergency department.
      </p>
    </div>
  );
}

/** Only the clinician's passphrase ends patient mode; a wrong one says so and changes nothing. */
function LeaveDialog({ unsent, onCancel, onLeft }: { unsent: boolean; onCancel: () => void; onLeft: (alerts: SelfHarmAlert[]) => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [empty, setEmpty] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (passphrase === '') {
      setEmpty(true);
      input.current?.focus();
      return;
    }
    setBusy(true);
    try {
      const result = await call('patientMode:leave', { passphrase });
      setPassphrase('');
      onLeft(result.selfHarmAlerts);
    } catch (caught) {
      const error = asAppError(caught);
      setFailure(error.code === 'WRONG_PASSPHRASE' ? 'That is not the passphrase. The laptop stays in patient mode.' : explain(error));
      setPassphrase('');
      setBusy(false);
      input.current?.focus();
    }
  }

  return (
    <Modal open title="For the clinician" onClose={onCancel}>
      <form className="stack" onSubmit={submit} noValidate aria-label="End patient mode">
        <p>Enter your passphrase to end patient mode and return to Alliance.</p>
        {unsent ? <p className="muted">Answers on the form now showing that were not sent yet are not kept.</p> : null}
        <TextField
          ref={input}
          label="Passphrase"
          type="password"
          autoComplete="current-password"
          autoFocus
          spellCheck={false}
          value={passphrase}
          aria-invalid={failure ? true : undefined}
          onChange={(event) => {
            setPassphrase(event.target.value);
            setEmpty(false);
          }}
          error={empty ? 'Enter your passphrase.' : undefined}
        />
        {failure ? <Notice tone="error">{failure}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Back to the form
          </button>
          <button type="submit" className="button button--primary" disabled={busy}>
            {busy ? 'Checking…' : 'End patient mode'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
