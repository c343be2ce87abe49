import { useState } from 'react';
import type { Appointment } from '../../shared/appointment';
import { SessionNoteAction } from '../chart';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { formatLongDay, formatTimeRange } from '../format/times';
import { BookNextForm } from './BookNextForm';

/** "Session ended": write the note while it is fresh, and book the next session. */
export function AfterSessionDialog({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  const [stage, setStage] = useState<'offer' | 'book' | Appointment>('offer');
  return (
    <Modal
      open
      title={stage === 'book' ? 'Book next session' : 'Session ended'}
      onClose={onClose}
      size={stage === 'book' ? 'wide' : 'normal'}
    >
      {stage === 'book' ? (
        <BookNextForm patientId={appointment.patientId} onCancel={() => setStage('offer')} onBooked={setStage} />
      ) : (
        <div className="stack">
          {typeof stage === 'object' ? (
            <Notice tone="success">
              Next session booked: {formatLongDay(new Date(stage.start))}, {formatTimeRange(new Date(stage.start), new Date(stage.end))}.
            </Notice>
          ) : (
            <p>Write the note while the session is fresh, and book the next one.</p>
          )}
          <div className="dialog__actions">
            <SessionNoteAction appointment={appointment} onLeave={onClose} />
            {typeof stage === 'object' ? null : (
              <button type="button" className="button button--secondary" onClick={() => setStage('book')}>
                Book next session
              </button>
            )}
            <button type="button" className="button button--primary" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      )}
    </Modal>
  );
}
