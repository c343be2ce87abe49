import { useState, type FormEvent } from 'react';
import type { Plan } from '../../shared/plan';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { explain } from '../errors/explain';
import { versionName } from './format';
import { usePlanCache } from './planCache';

/** A revision begins with its reason: the new draft is copied from the version in force, which stays as it was. */
export function ReviseDialog({ plan, patientId, onClose }: { plan: Plan; patientId: string; onClose: () => void }) {
  const revise = useChannelMutation('plans:revise');
  const cache = usePlanCache(patientId);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    const trimmed = reason.trim();
    if (trimmed.length < 3) {
      setError('Say why the plan is revised.');
      return;
    }
    if (trimmed.length > 1000) {
      setError('At most 1,000 characters.');
      return;
    }
    setError(undefined);
    try {
      cache(await revise.mutateAsync({ planId: plan.planId, reason: trimmed }));
      onClose();
    } catch (caught) {
      const failure = asAppError(caught);
      const issue = failure.issues?.find((i) => i.path === 'reason');
      if (issue) setError(issue.message);
      else setProblem(failure.code === 'CONFLICT' ? failure.message : explain(failure));
    }
  }

  return (
    <Modal
      open
      title="Revise the plan"
      subtitle={`${versionName(plan.current)} stays as it was; version ${plan.current.number + 1} begins as a draft copied from it.`}
      onClose={revise.isPending ? () => undefined : onClose}
    >
      <form className="plan-dialog" onSubmit={submit} noValidate aria-label="Revise the plan">
        <TextAreaField
          label="Why is the plan revised?"
          hint="Kept with the new version and shown when versions are compared, e.g. “Sleep goal met; work is now the focus”."
          rows={3}
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={error}
        />
        {problem ? <Notice tone="error">{problem}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={revise.isPending}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={revise.isPending}>
            {revise.isPending ? 'Beginning…' : 'Begin the revision'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
