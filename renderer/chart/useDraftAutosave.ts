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

/** `copiedKeys`: the fields still exactly as copied forward, whose sections show as copied. */
type NoteDraft = { fields: NoteFields; serviceDate: string; copiedKeys: readonly string[] };

/** The keys of the section that holds `key`: editing one field makes its whole section the clinician's own. */
function sectionKeys(note: Note, key: string): readonly string[] {
  return note.definition.sections.find((section) => section.fields.some((field) => field.key === key))?.fields.map((f) => f.key) ?? [key];
}

/**
 * A note draft that saves itself (see useAutosave): its fields and its date of service. Every date
 * typed shows; only a valid one is saved, and the last valid one stays stored until then.
 */
export function useDraftAutosave(note: Note, outcomes: Outcomes) {
  const noteId = note.id;
  const save = useCallback(
    (draft: NoteDraft, version: number) =>
      call('notes:saveDraft', {
        id: noteId,
        version,
        fields: draft.fields,
        serviceDate: draft.serviceDate,
        copiedKeys: [...draft.copiedKeys],
      }),
    [noteId],
  );
  const autosave = useAutosave<NoteDraft>({
    initial: {
      value: { fields: note.fields, serviceDate: note.serviceDate, copiedKeys: note.copiedKeys },
      version: note.version,
      updatedAt: note.updatedAt,
    },
    save,
    closedCode: 'NOTE_SIGNED',
    onConflict: outcomes.onConflict,
    onClosed: outcomes.onSigned,
  });
  const { update, takeStored: takeStoredDraft } = autosave;
  const [serviceDate, setServiceDateText] = useState(note.serviceDate);

  const setField = useCallback(
    (key: string, value: string) =>
      update((current) => {
        const edited = sectionKeys(note, key);
        return {
          ...current,
          fields: { ...current.fields, [key]: value },
          copiedKeys: current.copiedKeys.filter((copied) => !edited.includes(copied)),
        };
      }),
    [update, note],
  );

  /** Several fields at once (the normal MSE): one change, one save. */
  const setFields = useCallback(
    (values: Readonly<Record<string, string>>) =>
      update((current) => {
        const edited = Object.keys(values).flatMap((key) => sectionKeys(note, key));
        return {
          ...current,
          fields: { ...current.fields, ...values },
          copiedKeys: current.copiedKeys.filter((copied) => !edited.includes(copied)),
        };
      }),
    [update, note],
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
        value: { fields: stored.fields, serviceDate: stored.serviceDate, copiedKeys: stored.copiedKeys },
        version: stored.version,
        updatedAt: stored.updatedAt,
      });
    },
    [takeStoredDraft],
  );

  return {
    fields: autosave.value.fields,
    copiedKeys: autosave.value.copiedKeys,
    serviceDate,
    state: autosave.state,
    setField,
    setFields,
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
