import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { Link } from 'react-router';
import type { SelfHarmAlert } from '../../shared/feedback';
import { INSTRUMENT_DEFINITIONS, PHQ9_SELF_HARM_ITEM, bandOf } from '../../shared/measures';
import { safetyPlanPath } from '../components/safetyPlan';
import { formatLongCalendarDate } from '../format/dates';
import { AcknowledgeForm } from './AcknowledgeForm';

const ITEM_NINE = INSTRUMENT_DEFINITIONS.phq9.items[PHQ9_SELF_HARM_ITEM - 1] ?? '';

/** The answer as the clinician reads it: who, which question, what they answered, and the total. */
export function SelfHarmAnswer({ alert, withName }: { alert: SelfHarmAlert; withName: boolean }) {
  return (
    <>
      {withName ? (
        <strong>
          <bdi>{alert.patientName}</bdi>
        </strong>
      ) : (
        'The patient'
      )}{' '}
      answered PHQ-9 item {PHQ9_SELF_HARM_ITEM}, “{ITEM_NINE}”, with <strong className="self-harm__answer">“{alert.answer}”</strong> on{' '}
      {formatLongCalendarDate(alert.date)}. PHQ-9 total {alert.score} of 27 ({bandOf('phq9', alert.score)}).
    </>
  );
}

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), [tabindex]:not([tabindex="-1"])';

/** A modal dialog makes the page inert, but Tab may still leave it for the browser's own controls: wrap around instead. */
function keepFocusInside(event: KeyboardEvent<HTMLDialogElement>): void {
  if (event.key !== 'Tab') return;
  const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)];
  const first = focusable[0];
  const last = focusable.at(-1);
  if (!first || !last) return;
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

/**
 * Shown to the clinician the moment the laptop is back, never to the patient: an item-9 answer above
 * "Not at all". An alert dialog that a stray click or Escape does not close; it ends with Acknowledge
 * (the clinician has seen it, acted on it, and says what was done) or by going to the safety plan, and the chart's header
 * keeps showing the answer until it is acknowledged.
 */
export function SelfHarmAlertDialog({ alerts, onClose }: { alerts: SelfHarmAlert[]; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  const [open, setOpen] = useState(alerts);
  const [acknowledging, setAcknowledging] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    if (open.length === 0) onClose();
  }, [open, onClose]);

  function acknowledged(measureId: string) {
    setAcknowledging(null);
    setOpen((list) => list.filter((a) => a.measureId !== measureId));
  }

  return (
    <dialog
      ref={ref}
      className="dialog self-harm-dialog"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby={titleId}
      aria-describedby={bodyId}
      // Escape must not make it go away unread.
      onCancel={(event) => event.preventDefault()}
      onKeyDown={keepFocusInside}
    >
      <h2 className="dialog__title self-harm-dialog__title" id={titleId}>
        <span className="self-harm-dialog__mark" aria-hidden="true">
          !
        </span>
        Thoughts of death or self-harm reported on the PHQ-9
      </h2>
      <div className="dialog__body" id={bodyId}>
        {open.map((alert) => (
          <div key={alert.measureId} className="self-harm-dialog__alert">
            <p>
              <SelfHarmAnswer alert={alert} withName />
            </p>
            <p className="self-harm-dialog__hint">
              The patient was not shown this notice or any score. Acknowledge once you have seen it and acted on it; until then it stays at
              the top of the patient’s chart.
            </p>
            {acknowledging === alert.measureId ? (
              <AcknowledgeForm alert={alert} onDone={() => acknowledged(alert.measureId)} onCancel={() => setAcknowledging(null)} />
            ) : (
              <div className="dialog__actions self-harm-dialog__actions">
                {/* The first thing to reach with the keyboard; it keeps the notice on the chart until acknowledged. */}
                <Link className="button button--secondary" to={safetyPlanPath(alert.patientId)} onClick={onClose} autoFocus>
                  Open the safety plan
                </Link>
                <button type="button" className="button button--primary" onClick={() => setAcknowledging(alert.measureId)}>
                  Acknowledge…
                </button>
              </div>
            )}
          </div>
        ))}
      </div>
    </dialog>
  );
}
