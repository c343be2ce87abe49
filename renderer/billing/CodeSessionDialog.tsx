import { useState, type FormEvent } from 'react';
import { KIND_LABELS } from '../../shared/appointment';
import {
  SERVICE_CODES,
  codeSessionInputSchema,
  formatMoney,
  proposeCodes,
  type BillingAccount,
  type BillingSession,
  type Charge,
  type FamilySession,
  type ProposedLine,
  type ServiceCodeValue,
} from '../../shared/billing';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { UserText } from '../components/UserText';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';

const FAMILY_LABELS: Record<'none' | FamilySession, string> = {
  none: 'No',
  'with-patient': 'Yes, with the patient',
  'without-patient': 'Yes, without the patient',
};

/**
 * Confirms or changes a session's codes: the proposal from its kind and length (and the therapy time
 * within a visit, a family session, video), the diagnoses from the chart, primary first, and the fee
 * each code will be charged at.
 */
export function CodeSessionDialog({
  session,
  account,
  onClose,
  onCoded,
}: {
  session: BillingSession;
  account: BillingAccount;
  onClose: () => void;
  onCoded: (charges: Charge[]) => void;
}) {
  const preferences = useChannelQuery('preferences:get', {});
  const code = useChannelMutation('billing:code');
  const telehealthPlace = preferences.data ? preferences.data.placeOfService !== '11' : false;
  const [family, setFamily] = useState<'none' | FamilySession>('none');
  const [therapyMinutes, setTherapyMinutes] = useState('0');
  const [video, setVideo] = useState(session.isVideo || session.charges.some((c) => c.modifier === '95'));
  const [lines, setLines] = useState<ProposedLine[]>(() =>
    session.charges.length > 0
      ? session.charges.map(({ code: c, modifier, units }) => ({ code: c, modifier, units }))
      : session.proposal.lines,
  );
  const [diagnoses, setDiagnoses] = useState<string[]>(
    () => session.charges[0]?.diagnoses.map((d) => d.code) ?? account.diagnoses.slice(0, 4).map((d) => d.code),
  );
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const isVisit = session.kind === 'medication-management' || session.kind === 'follow-up';
  const minutesNumber = Number.parseInt(therapyMinutes, 10);
  const proposal = proposeCodes({
    kind: session.kind,
    minutes: session.minutes,
    therapyMinutes: Number.isFinite(minutesNumber) ? minutesNumber : 0,
    newPatient: session.newPatient,
    prescriber: true,
    family: family === 'none' ? null : family,
    isVideo: video,
  });
  const fees = new Map(account.fees.map((fee) => [fee.code, fee]));

  function repropose(next: { family?: typeof family; therapy?: string; video?: boolean }) {
    const therapy = Number.parseInt(next.therapy ?? therapyMinutes, 10);
    const fresh = proposeCodes({
      kind: session.kind,
      minutes: session.minutes,
      therapyMinutes: Number.isFinite(therapy) ? therapy : 0,
      newPatient: session.newPatient,
      prescriber: true,
      family: (next.family ?? family) === 'none' ? null : ((next.family ?? family) as FamilySession),
      isVideo: next.video ?? video,
    });
    setLines(fresh.lines);
  }

  function toggleDiagnosis(value: string, on: boolean) {
    setProblem(null);
    // Kept in the chart's order: the primary first.
    const chosen = new Set(diagnoses);
    if (on) chosen.add(value);
    else chosen.delete(value);
    setDiagnoses(account.diagnoses.map((d) => d.code).filter((c) => chosen.has(c)));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const parsed = codeSessionInputSchema.safeParse({
      appointmentId: session.appointmentId,
      lines,
      diagnoses,
      replaceReason: session.charges.length > 0 ? reason : null,
    });
    if (!parsed.success) {
      setProblem(parsed.error.issues[0]?.message ?? 'Check the codes');
      return;
    }
    try {
      onCoded(await code.mutateAsync(parsed.data));
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <Modal
      open
      size="wide"
      title={session.charges.length > 0 ? 'Recode the session' : 'Code the session'}
      subtitle={`${formatCalendarDate(session.date)} · ${KIND_LABELS[session.kind]} · ${session.minutes} min ${
        session.minutesSource === 'timer'
          ? 'by the session timer'
          : `as scheduled${session.attendance === 'late' ? ', less the late arrival' : ''} (the timer was not run)`
      }${session.isVideo ? ' · video' : ''}`}
      onClose={code.isPending ? () => undefined : onClose}
    >
      <form className="stack billing-code" onSubmit={submit} noValidate>
        <div className="form__row">
          <fieldset className="billing__choice">
            <legend className="field__label">Family session?</legend>
            {(['none', 'with-patient', 'without-patient'] as const).map((value) => (
              <label key={value} className="checkbox">
                <input
                  type="radio"
                  name="family"
                  checked={family === value}
                  onChange={() => {
                    setFamily(value);
                    repropose({ family: value });
                  }}
                />
                <span>{FAMILY_LABELS[value]}</span>
              </label>
            ))}
          </fieldset>
          <div className="stack">
            {isVisit ? (
              <TextField
                label="Minutes of psychotherapy within the visit"
                hint="16 or more adds a psychotherapy add-on; the visit keeps the time left."
                inputMode="numeric"
                className="input--short"
                value={therapyMinutes}
                onChange={(e) => {
                  setTherapyMinutes(e.target.value);
                  repropose({ therapy: e.target.value });
                }}
              />
            ) : null}
            <label className="checkbox">
              <input
                type="checkbox"
                checked={video}
                onChange={(e) => {
                  setVideo(e.target.checked);
                  repropose({ video: e.target.checked });
                }}
              />
              <span>
                Held by live video (modifier 95){telehealthPlace && !session.isVideo ? ' — your place of service is telehealth' : ''}
              </span>
            </label>
          </div>
        </div>

        <div className="billing-code__proposal" aria-live="polite">
          <p>
            Proposed:{' '}
            <strong>
              {proposal.lines.length > 0
                ? proposal.lines.map((l) => `${l.code}${l.modifier ? `-${l.modifier}` : ''}`).join(', ')
                : 'no code'}
            </strong>
          </p>
          {proposal.reasons.length > 0 ? (
            <ul className="billing-code__reasons">
              {proposal.reasons.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          ) : null}
        </div>

        <fieldset className="billing-code__lines">
          <legend className="field__label">Codes to charge</legend>
          {lines.map((line, index) => {
            const fee = fees.get(line.code);
            return (
              <div className="billing-code__line" key={index}>
                <select
                  className="input input--select"
                  aria-label={`Code ${index + 1}`}
                  value={line.code}
                  onChange={(e) =>
                    setLines((all) => all.map((l, i) => (i === index ? { ...l, code: e.target.value as ServiceCodeValue } : l)))
                  }
                >
                  {SERVICE_CODES.map((c) => (
                    <option key={c.code} value={c.code}>
                      {c.code} · {c.description}
                    </option>
                  ))}
                </select>
                <label className="checkbox">
                  <input
                    type="checkbox"
                    checked={line.modifier === '95'}
                    onChange={(e) =>
                      setLines((all) => all.map((l, i) => (i === index ? { ...l, modifier: e.target.checked ? '95' : null } : l)))
                    }
                  />
                  <span>95</span>
                </label>
                <span className="billing-code__fee">
                  {fee ? formatMoney(fee.amount, fee.currency) : <span className="muted">No fee set</span>}
                </span>
                <button
                  type="button"
                  className="button button--small button--quiet"
                  onClick={() => setLines((all) => all.filter((_, i) => i !== index))}
                >
                  Remove
                </button>
              </div>
            );
          })}
          {lines.length < 4 ? (
            <button
              type="button"
              className="button button--small button--secondary"
              onClick={() => setLines((all) => [...all, { code: '90834', modifier: video ? '95' : null, units: 1 }])}
            >
              Add a code
            </button>
          ) : null}
          {lines.some((l) => !fees.has(l.code)) ? (
            <p className="field__hint">A code without a fee is charged at zero: set your fees in Settings.</p>
          ) : null}
        </fieldset>

        <fieldset className="billing-code__diagnoses">
          <legend className="field__label">Diagnoses, primary first</legend>
          {account.diagnoses.length === 0 ? (
            <p className="muted">The chart has no diagnosis in force: add one in the Diagnoses tab first.</p>
          ) : (
            account.diagnoses.map((d) => (
              <label key={d.code} className="checkbox">
                <input type="checkbox" checked={diagnoses.includes(d.code)} onChange={(e) => toggleDiagnosis(d.code, e.target.checked)} />
                <span>
                  {d.code} <UserText>{d.label}</UserText>
                  {d.isPrimary ? ' (primary)' : ''}
                </span>
              </label>
            ))
          )}
        </fieldset>

        {session.charges.length > 0 ? (
          <TextField
            label="Why the codes change"
            hint="The charges now in force are kept, marked entered in error with this reason."
            autoComplete="off"
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        ) : null}
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        {failure ? <Notice tone="error">{failure}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={code.isPending}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={code.isPending}>
            Confirm codes
          </button>
        </div>
      </form>
    </Modal>
  );
}
