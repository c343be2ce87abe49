import { Suspense, useState } from 'react';
import { lazyNamed } from '../components/lazyNamed';

const BookNextDialog = lazyNamed<'BookNextDialog', { patientId: string; onClose: () => void }>(
  () => import('./BookNextForm'),
  'BookNextDialog',
);

/**
 * "Book next session" for a patient, from their chart: the appointment form opens with the time one
 * series interval (or a week) after their next or last session, their usual length, and the kind and
 * place they come for. The form (and its scheduling warnings) loads the first time it is opened.
 */
export function BookNextSessionButton({ patientId, className = 'button button--secondary' }: { patientId: string; className?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" className={className} onClick={() => setOpen(true)}>
        Book next session
      </button>
      {open ? (
        <Suspense fallback={null}>
          <BookNextDialog patientId={patientId} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}
