import { useState } from 'react';
import type { Appointment } from '../../shared/appointment';
import { useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatLongDay, formatTimeRange } from '../format/times';
import { AppointmentForm } from './AppointmentForm';

type BookNextProps = {
  patientId: string;
  /** Leaves the form without booking. */
  onCancel: () => void;
  onBooked: (appointment: Appointment) => void;
};

/** The appointment form, opened with what "Book next session" proposes; warnings still apply on booking. */
export function BookNextForm({ patientId, onCancel, onBooked }: BookNextProps) {
  const proposal = useChannelQuery('appointments:proposeNext', { patientId });
  const preferences = useChannelQuery('preferences:get', {});
  const error = proposal.error ?? preferences.error;
  if (error) return <Notice tone="error">{explain(error)}</Notice>;
  if (!proposal.data || !preferences.data) {
    return (
      <p className="muted" role="status">
        Finding the next time…
      </p>
    );
  }
  const { start, durationMinutes, kind, location, isVideo, basedOn, step } = proposal.data;
  return (
    <div className="book-next">
      <p className="book-next__basis">
        {basedOn
          ? `Proposed ${step} after the session of ${formatLongDay(new Date(basedOn))}, at the same time, with the patient’s usual length.`
          : 'The patient has no sessions yet: proposed a week from today, at the start of the working day.'}
      </p>
      <AppointmentForm
        initial={{
          type: 'create',
          start: new Date(start),
          durationMinutes: durationMinutes ?? preferences.data.defaultSessionMinutes,
          patientId,
          details: { kind, location, isVideo },
        }}
        onSaved={onBooked}
        onCancel={onCancel}
      />
    </div>
  );
}

/** "Book next session" in a dialog of its own, saying what was booked once it is. */
export function BookNextDialog({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const [booked, setBooked] = useState<Appointment | null>(null);
  return (
    <Modal open title="Book next session" onClose={onClose} size="wide">
      {booked ? (
        <>
          <Notice tone="success">
            Booked <bdi>{booked.patientName}</bdi>, {formatLongDay(new Date(booked.start))},{' '}
            {formatTimeRange(new Date(booked.start), new Date(booked.end))}.
          </Notice>
          <div className="dialog__actions">
            <button type="button" className="button button--primary" onClick={onClose}>
              Done
            </button>
          </div>
        </>
      ) : (
        <BookNextForm patientId={patientId} onCancel={onClose} onBooked={setBooked} />
      )}
    </Modal>
  );
}
