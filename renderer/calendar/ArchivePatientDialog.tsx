import { useId, useState } from 'react';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';

type ArchivePatientDialogProps = {
  open: boolean;
  patientId: string;
  name: string;
  busy: boolean;
  /** Archives, cancelling the sessions still booked or keeping them. */
  onConfirm: (cancelFutureSessions: boolean) => void;
  onCancel: () => void;
};

function sessionsText(count: number): string {
  return count === 1 ? '1 session' : `${count} sessions`;
}

/**
 * "Archive this patient?", saying how many sessions they still have booked and offering to cancel
 * them with the archive (as the clinician, reason "patient archived") or to keep them.
 */
export function ArchivePatientDialog({ open, patientId, name, busy, onConfirm, onCancel }: ArchivePatientDialogProps) {
  const id = useId();
  const upcoming = useChannelQuery('appointments:upcoming', { patientId }, { enabled: open });
  const [cancelSessions, setCancelSessions] = useState(true);
  const booked = upcoming.data ? upcoming.data.count + upcoming.data.endlessSeries : 0;
  return (
    <ConfirmDialog
      open={open}
      title="Archive this patient?"
      confirmLabel={booked > 0 && cancelSessions ? 'Archive and cancel sessions' : 'Archive patient'}
      busy={busy || upcoming.isPending}
      onConfirm={() => onConfirm(booked > 0 && cancelSessions)}
      onCancel={onCancel}
    >
      <p>
        Archiving hides{' '}
        <strong>
          <bdi>{name}</bdi>
        </strong>{' '}
        from the patient list. Nothing is deleted: the whole record is kept, and you can find it with “Show archived” and restore it at any
        time.
      </p>
      {upcoming.error ? <Notice tone="error">{explain(upcoming.error)}</Notice> : null}
      {upcoming.data && booked > 0 ? (
        <fieldset className="choice-group archive-sessions">
          <legend className="field__label">
            {upcoming.data.count > 0 ? `${sessionsText(upcoming.data.count)} still booked from now on` : 'Sessions still booked'}
            {upcoming.data.endlessSeries > 0
              ? upcoming.data.count > 0
                ? `, and ${upcoming.data.endlessSeries === 1 ? 'a series' : `${upcoming.data.endlessSeries} series`} repeating with no end date`
                : `: ${upcoming.data.endlessSeries === 1 ? 'a series' : `${upcoming.data.endlessSeries} series`} repeating with no end date`
              : ''}
            .
          </legend>
          <label className="choice">
            <input type="radio" name={`${id}-sessions`} checked={cancelSessions} onChange={() => setCancelSessions(true)} />
            <span className="choice__text">
              <span className="choice__label">Cancel them</span>
              <span className="choice__hint">Recorded as cancelled by you, reason “patient archived”.</span>
            </span>
          </label>
          <label className="choice">
            <input type="radio" name={`${id}-sessions`} checked={!cancelSessions} onChange={() => setCancelSessions(false)} />
            <span className="choice__text">
              <span className="choice__label">Keep them booked</span>
              <span className="choice__hint">They stay on the calendar.</span>
            </span>
          </label>
        </fieldset>
      ) : null}
    </ConfirmDialog>
  );
}
