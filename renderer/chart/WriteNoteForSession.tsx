import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Appointment } from '../../shared/appointment';
import { localToday } from '../../shared/dates';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { explain } from '../errors/explain';
import { isCancelled } from '../format/sessions';
import { formatDayMonth } from '../format/dates';
import { TEMPLATE_FOR_KIND } from './NewNoteDialog';

/** A note can record a session that has begun: today's or an earlier one, not a cancelled one. */
export function canHaveNote(appointment: Appointment): boolean {
  return !isCancelled(appointment) && localToday(new Date(appointment.start)) <= localToday();
}

type WriteNoteProps = {
  appointment: Appointment;
  /** Called before leaving for the note (a dialog closes itself). */
  onLeave?: () => void;
  className?: string;
  /** Offer, beside it, the same draft copied forward from the patient's last signed note. */
  offerCopyForward?: boolean;
};

/**
 * "Write note" for a session without one: a draft from the template its kind suggests, linked to
 * the session, opened at once; beside it, where offered and the patient has a signed note, the same
 * draft copied forward from it. If another window began one meanwhile, that one opens.
 */
export function WriteNoteForSession({ appointment, onLeave, className = 'button button--link', offerCopyForward = false }: WriteNoteProps) {
  const navigate = useNavigate();
  const create = useChannelMutation('notes:create');
  const possible = canHaveNote(appointment);
  const lastSigned = useChannelQuery('notes:lastSigned', { patientId: appointment.patientId }, { enabled: possible && offerCopyForward });
  const [problem, setProblem] = useState<string | null>(null);
  if (!possible) return null;

  async function write(copyFrom: string | null) {
    setProblem(null);
    try {
      const note = await create.mutateAsync({
        patientId: appointment.patientId,
        template: TEMPLATE_FOR_KIND[appointment.kind],
        session: appointment.ref,
        serviceDate: null,
        copyFrom,
      });
      onLeave?.();
      void navigate(`/patients/${appointment.patientId}/notes/${note.id}`);
    } catch (caught) {
      const error = asAppError(caught);
      if (error.code === 'CONFLICT') {
        const existing = await call('notes:forSession', { ref: appointment.ref }).catch(() => null);
        if (existing) {
          onLeave?.();
          void navigate(`/patients/${appointment.patientId}/notes/${existing.id}`);
          return;
        }
      }
      setProblem(explain(error));
    }
  }

  return (
    <>
      <button type="button" className={className} onClick={() => void write(null)} disabled={create.isPending}>
        {create.isPending ? 'Starting the note…' : 'Write note'}
      </button>
      {offerCopyForward && lastSigned.data ? (
        <>
          {' '}
          <button type="button" className={className} onClick={() => void write(lastSigned.data?.id ?? null)} disabled={create.isPending}>
            Copy forward from {formatDayMonth(lastSigned.data.serviceDate)}
          </button>
        </>
      ) : null}
      {problem ? (
        <span className="field__error" role="alert">
          {' '}
          {problem}
        </span>
      ) : null}
    </>
  );
}

/** The session dialog's way to its note: "Open note" when there is one, else "Write note". */
export function SessionNoteAction({ appointment, onLeave }: { appointment: Appointment; onLeave: () => void }) {
  const navigate = useNavigate();
  const existing = useChannelQuery('notes:forSession', { ref: appointment.ref });
  if (existing.data) {
    const note = existing.data;
    return (
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          onLeave();
          void navigate(`/patients/${appointment.patientId}/notes/${note.id}`);
        }}
      >
        {note.status === 'draft' ? 'Open note (draft)' : 'Open note'}
      </button>
    );
  }
  if (existing.isPending || existing.error) return null;
  return <WriteNoteForSession appointment={appointment} onLeave={onLeave} className="button button--secondary" offerCopyForward />;
}
