import { useState, type FormEvent, type ReactNode } from 'react';
import { errorReasonSchema } from '../../shared/diagnosis';
import { asAppError } from '../bridge/client';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';

type EnteredInErrorDialogProps = {
  title: string;
  /** What is being marked, and what marking it does. */
  children: ReactNode;
  confirmLabel: string;
  onConfirm: (reason: string) => Promise<unknown>;
  onClose: () => void;
};

/**
 * Marks a record as entered in error, with the reason: it leaves the current list and stays in the
 * history, struck through. Records are corrected, never erased.
 */
export function EnteredInErrorDialog({ title, children, confirmLabel, onConfirm, onClose }: EnteredInErrorDialogProps) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const parsed = errorReasonSchema.safeParse(reason);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? 'Say why, in a few words');
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await onConfirm(parsed.data);
      onClose();
    } catch (caught) {
      const appError = asAppError(caught);
      const issue = appError.code === 'INVALID_INPUT' ? appError.issues?.find((i) => i.path.endsWith('reason')) : undefined;
      if (issue) setError(issue.message);
      else setFailure(explain(appError));
      setBusy(false);
    }
  }

  return (
    <Modal open title={title} onClose={busy ? () => undefined : onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <div className="dialog__body">{children}</div>
        <TextField
          label="Reason"
          hint="For example: recorded for the wrong patient, typing error."
          autoComplete="off"
          autoFocus
          value={reason}
          onChange={(event) => {
            setReason(event.target.value);
            setError(undefined);
          }}
          error={error}
        />
        {failure ? <Notice tone="error">{failure}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button--danger" disabled={busy}>
            {confirmLabel}
          </button>
        </div>
      </form>
    </Modal>
  );
}
