import { Link } from 'react-router';
import type { Note } from '../../shared/note';

/**
 * The line a draft kept from a concurrent edit carries (docs/sync.md, Merge): the same note was
 * edited on two devices before either heard of the other, and both texts were kept.
 */
export function ForkedFrom({ patientId, forkedFrom }: { patientId: string; forkedFrom: NonNullable<Note['forkedFrom']> }) {
  return (
    <p className="note-fork">
      Kept as a draft of its own from a concurrent edit: written on <bdi>{forkedFrom.device}</bdi> while{' '}
      <Link to={`/patients/${patientId}/notes/${forkedFrom.noteId}`}>the same note</Link> was being edited on another device.
    </p>
  );
}
