import { useId, useState, type FormEvent } from 'react';
import { localToday } from '../../shared/dates';
import { displayName } from '../../shared/patient';
import { AGREEMENT_LABELS, AGREEMENT_METHODS, agreementProblems, agreementSchema, type Plan, type PlanContent } from '../../shared/plan';
import { signatureName } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { useChart } from '../chart';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { versionName } from './format';

type Method = (typeof AGREEMENT_METHODS)[number];
type Field = 'date' | 'method' | 'declineReason' | 'recordedBy';

const METHOD_HINTS: Record<Method, string> = {
  signed: 'The patient signed the printed plan.',
  verbal: 'The patient agreed in the session; nothing was signed.',
  declined: 'The patient did not agree. Their reason is kept with the plan.',
};

type AgreementDialogProps = {
  plan: Plan;
  /** The draft as the editor holds it now. */
  content: PlanContent;
  /** New items not yet complete, so not in the stored draft. */
  omitted: number;
  /** Saves what is written and stops saving; answers the version to agree, or null when it could not be saved. */
  prepare: () => Promise<number | null>;
  onAgreed: (plan: Plan) => void;
  /** The agreement was not recorded: the draft goes on saving itself. */
  onRefused: () => void;
  onCancel: () => void;
};

/**
 * How the patient agreed to this version: the date, signed, verbal or declined (with their reason),
 * and who recorded it. What the plan still lacks is said first, and agreement waits for it.
 */
export function AgreementDialog({ plan, content, omitted, prepare, onAgreed, onRefused, onCancel }: AgreementDialogProps) {
  const ids = useId();
  const { patient } = useChart();
  const preferences = useChannelQuery('preferences:get', {});
  const agree = useChannelMutation('plans:agree');
  const [date, setDate] = useState(localToday());
  const [method, setMethod] = useState<Method>('signed');
  const [declineReason, setDeclineReason] = useState('');
  const [recordedBy, setRecordedBy] = useState<string | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signer = recordedBy ?? (preferences.data ? signatureName(preferences.data) : '');

  const problems = agreementProblems(content);
  if (omitted > 0)
    problems.push(
      omitted === 1
        ? 'One new item is not complete: complete it or remove it.'
        : `${omitted} new items are not complete: complete or remove them.`,
    );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const parsed = agreementSchema.safeParse({
      date,
      method,
      declineReason: method === 'declined' ? declineReason : '',
      recordedBy: signer,
    });
    if (!parsed.success) {
      const found: Partial<Record<Field, string>> = {};
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? 'date') as Field;
        found[key] ??= key === 'date' && date === '' ? 'Enter the date the patient agreed.' : issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    setBusy(true);
    const version = await prepare();
    if (version === null) {
      setBusy(false);
      setProblem(
        'The latest changes to this draft could not be saved, so the agreement was not recorded. See the message beside the save status, then try again.',
      );
      onRefused();
      return;
    }
    try {
      onAgreed(await agree.mutateAsync({ versionId: plan.current.id, version, agreement: parsed.data }));
    } catch (caught) {
      const error = asAppError(caught);
      onRefused();
      setBusy(false);
      const dateIssue = error.issues?.find((issue) => issue.path === 'agreement.date');
      if (dateIssue) setErrors({ date: `${dateIssue.message}.` });
      else if (error.code === 'CONFLICT')
        setProblem(
          'This draft was changed in another window after you opened it, so the agreement was not recorded. Close this dialog to see both versions.',
        );
      else setProblem(error.code === 'INVALID_INPUT' ? error.message : explain(error));
    }
  }

  return (
    <Modal
      open
      title="Record the patient’s agreement"
      subtitle={
        <>
          {versionName(plan.current)} of the plan for <bdi>{displayName(patient)}</bdi>
        </>
      }
      onClose={busy ? () => undefined : onCancel}
      size="wide"
    >
      <form className="plan-dialog" onSubmit={submit} noValidate aria-label="Record the patient’s agreement">
        {problems.length > 0 ? (
          <Notice tone="warning" title="Before the patient can agree">
            <ul className="plan-dialog__problems">
              {problems.map((text) => (
                <li key={text}>{text}</li>
              ))}
            </ul>
          </Notice>
        ) : (
          <p>
            Once recorded, this version is final and can no longer be changed. To change it later, revise the plan: the new version keeps
            this one and the reason.
          </p>
        )}
        <TextField
          label="Date"
          type="date"
          className="input--date"
          min="1900-01-01"
          max={localToday()}
          value={date}
          onChange={(e) => setDate(e.target.value)}
          error={errors.date}
          disabled={problems.length > 0}
        />
        <fieldset className="choice-group">
          <legend className="field__label">How the patient agreed</legend>
          <div className="choice-group__options">
            {AGREEMENT_METHODS.map((value) => (
              <label key={value} className="choice">
                <input
                  type="radio"
                  name={`${ids}-method`}
                  value={value}
                  checked={method === value}
                  onChange={() => setMethod(value)}
                  disabled={problems.length > 0}
                />
                <span className="choice__text">
                  <span className="choice__label">{AGREEMENT_LABELS[value]}</span>
                  <span className="choice__hint">{METHOD_HINTS[value]}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        {method === 'declined' ? (
          <TextAreaField
            label="The patient’s reason"
            hint="In the patient’s words where possible."
            rows={2}
            value={declineReason}
            onChange={(e) => setDeclineReason(e.target.value)}
            error={errors.declineReason}
            disabled={problems.length > 0}
          />
        ) : null}
        <TextField
          label="Recorded by"
          hint={
            preferences.data && signatureName(preferences.data)
              ? 'Your name and credentials from Settings.'
              : 'Your name and credentials, e.g. Dr Ana Reyes, MD. Set them once in Settings.'
          }
          autoComplete="name"
          value={signer}
          onChange={(e) => setRecordedBy(e.target.value)}
          error={errors.recordedBy}
          disabled={problems.length > 0}
        />
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={busy || problems.length > 0 || preferences.isPending}>
            {busy ? 'Recording…' : method === 'declined' ? 'Record that the patient declined' : 'Record agreement'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
