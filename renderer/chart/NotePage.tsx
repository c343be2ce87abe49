import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router';
import type { AppError } from '../../shared/errors';
import type { Note, NoteFields } from '../../shared/note';
import { asAppError, call } from '../bridge/client';
import { BackLink } from '../components/BackLink';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { useChart } from './chartContext';
import { NoteEditor } from './NoteEditor';
import { SignedNote } from './SignedNote';

/**
 * The note being read or written, cached apart from the channel keys: reading a note is audited,
 * so it is read once when opened and then kept from what signing and addenda answer, not refetched
 * on every data:changed a draft save sends.
 */
export function noteKey(id: string): readonly ['note-open', string] {
  return ['note-open', id];
}

export function useOpenNote(id: string) {
  return useQuery<Note, AppError>({
    queryKey: noteKey(id),
    queryFn: async () => {
      try {
        return await call('notes:get', { id });
      } catch (error) {
        throw asAppError(error);
      }
    },
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
  });
}

/** A note of the chart, at #/patients/:id/notes/:noteId: the editor while a draft, the signed text after. */
export function NotePage() {
  const { noteId = '' } = useParams();
  const { patient } = useChart();
  const note = useOpenNote(noteId);
  const queryClient = useQueryClient();
  const [unsaved, setUnsaved] = useState<NoteFields | undefined>(undefined);
  const back = <BackLink to={`/patients/${patient.id}`}>All notes</BackLink>;

  if (note.error) {
    return (
      <div>
        {back}
        <Notice tone="error">
          {note.error.code === 'NOT_FOUND'
            ? 'This note could not be found. It may have been a draft that was discarded.'
            : explain(note.error)}
        </Notice>
      </div>
    );
  }
  if (!note.data) {
    return (
      <p className="muted" role="status">
        Opening the note…
      </p>
    );
  }
  if (note.data.patientId !== patient.id) {
    return (
      <div>
        {back}
        <Notice tone="error">This note belongs to another patient’s chart.</Notice>
      </div>
    );
  }
  const replace = (next: Note, held?: NoteFields) => {
    if (held) setUnsaved(held);
    queryClient.setQueryData(noteKey(next.id), next);
  };
  return (
    <div className="note-page">
      {back}
      {note.data.status === 'draft' ? (
        <NoteEditor key={note.data.id} note={note.data} onReplaced={replace} />
      ) : (
        <SignedNote note={note.data} onReplaced={replace} unsaved={unsaved} />
      )}
    </div>
  );
}
