import { Suspense, useState } from 'react';
import type { Appointment } from '../../shared/appointment';
import { asAppError } from '../bridge/client';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { lazyNamed } from '../components/lazyNamed';
import { explain } from '../errors/explain';
import { useSessionMutation } from './mutations';

const AfterSessionDialog = lazyNamed<'AfterSessionDialog', { appointment: Appointment; onClose: () => void }>(
  () => import('./AfterSession'),
  'AfterSessionDialog',
);

/**
 * The header timer's "End session": asks first (a stray click must not end a session), then offers
 * to write the note and book the next session. What follows the end outlives the running timer, so
 * the caller keeps the ended session (`ended`) and draws `AfterSession` for it.
 */
export function EndSessionButton({ session, onEnded }: { session: Appointment; onEnded: (ended: Appointment) => void }) {
  const end = useSessionMutation('sessions:end');
  const [asking, setAsking] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  async function endNow() {
    setFailure(null);
    try {
      const ended = await end.mutateAsync({ ref: session.ref });
      setAsking(false);
      onEnded(ended);
    } catch (caught) {
      setAsking(false);
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <>
      <button type="button" className="button button--small session-timer__end" onClick={() => setAsking(true)} disabled={end.isPending}>
        End session
      </button>
      {failure ? (
        <span className="session-timer__error" role="alert">
          {failure}
        </span>
      ) : null}
      <ConfirmDialog
        open={asking}
        title="End the session now?"
        confirmLabel="End session now"
        busy={end.isPending}
        onConfirm={() => void endNow()}
        onCancel={() => setAsking(false)}
      >
        <p>The time it ends is recorded now. You can then write the note and book the next session.</p>
      </ConfirmDialog>
    </>
  );
}

/** After a session ended from the header: the note and the next booking, offered. */
export function AfterSession({ appointment, onClose }: { appointment: Appointment; onClose: () => void }) {
  return (
    <Suspense fallback={null}>
      <AfterSessionDialog appointment={appointment} onClose={onClose} />
    </Suspense>
  );
}
