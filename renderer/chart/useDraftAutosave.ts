import { useCallback, useState } from 'react';
import type { Note, NoteFields } from '../../shared/note';
import { call } from '../bridge/client';
import { useAutosave } from '../components/useAutosave';

export type { SaveState } from '../components/useAutosave';

type Outcomes = {
  /** The note changed under this window (CONFLICT): saving stops until `keepMine` or `takeStored`. */
  onConflict: () => void;
  /** The note was signed meanwhile (NOTE_SIGNED). */
  onSigned: () => void;
};

type NoteDraft = { fields: NoteFields; serviceDate: string };

/**
 * A note draft that saves itself (see useAutosave): its fields and its date of service. Every date
 * typed shows; only a valid one is saved, and the last valid one stays stored until then.
 */
export function useDraftAutosave(note: Note, outcomes: Outcomes) {
  const noteId = note.id;
  const save = useCallback(
    (draft: NoteDraft, version: number) =>
      call('notes:saveDraft', { id: noteId, version, fields: draft.fields, serviceDate: draft.serviceDate }),
    [noteId],
  );
  const autosave = useAutosave<NoteDraft>({
    initial: { value: { fields: note.fields, serviceDate: note.serviceDate }, version: note.version, updatedAt: note.updatedAt },
    save,
    closedCode: 'NOTE_SIGNED',
    onConflict: outcomes.onConflict,
    onClosed: outcomes.onSigned,
  });
  const { update, takeStored: takeStoredDraft } = autosave;
  const [serviceDate, setServiceDateText] = useState(note.serviceDate);

  const setField = useCallback(
    (key: string, value: string) => update((current) => ({ ...current, fields: { ...current.fields, [key]: value } })),
    [update],
  );

  const setServiceDate = useCallback(
    (value: string, valid: boolean) => {
      setServiceDateText(value);
      if (valid) update((current) => ({ ...current, serviceDate: value }));
    },
    [update],
  );

  /** After a conflict: take the stored note and drop what this window held. */
  const takeStored = useCallback(
    (stored: Note) => {
      setServiceDateText(stored.serviceDate);
      takeStoredDraft({
        value: { fields: stored.fields, serviceDate: stored.serviceDate },
        version: stored.version,
        updatedAt: stored.updatedAt,
      });
    },
    [takeStoredDraft],
  );

  return {
    fields: autosave.value.fields,
    serviceDate,
    state: autosave.state,
    setField,
    setServiceDate,
    flush: autosave.flush,
    keepMine: autosave.keepMine,
    takeStored,
    close: autosave.close,
    reopen: autosave.reopen,
    hasUnsaved: autosave.hasUnsaved,
    held: autosave.held,
  };
}
