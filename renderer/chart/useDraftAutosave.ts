import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError } from '../../shared/errors';
import type { Note, NoteFields } from '../../shared/note';
import { asAppError, call } from '../bridge/client';
import { useVaultControls } from '../vault/VaultGate';

/** Saved this long after the last keystroke… */
export const DEBOUNCE_MS = 1_500;
/** …and at least this often while typing goes on. */
export const MAX_WAIT_MS = 5_000;

export type SaveState =
  | { kind: 'saved'; at: string }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  | { kind: 'failed'; error: AppError }
  /** Saved from elsewhere since this window read it: nothing more is saved until the person chooses. */
  | { kind: 'conflict' }
  /** Signed or discarded: this draft is no longer one. */
  | { kind: 'closed' };

type Outcomes = {
  /** The note changed under this window (CONFLICT): saving stops until `resolve…` is called. */
  onConflict: () => void;
  /** The note was signed meanwhile (NOTE_SIGNED). */
  onSigned: () => void;
};

type Timer = ReturnType<typeof setTimeout>;

/**
 * A draft that saves itself: ~1.5 s after typing stops and at least every 5 s while it goes on,
 * each save naming the version it was made from. The vault gate runs `flush` before any lock the
 * window starts (and when the idle lock is near), so a lock mid-sentence loses nothing; leaving
 * the page or hiding the window flushes too. What is being typed lives in refs as well as state,
 * so a flush always sends the latest keystroke.
 */
export function useDraftAutosave(note: Note, outcomes: Outcomes) {
  const { registerBeforeLock } = useVaultControls();
  const [fields, setFields] = useState<NoteFields>(note.fields);
  const [serviceDate, setServiceDateState] = useState(note.serviceDate);
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: note.updatedAt });

  const latest = useRef({ fields: note.fields, serviceDate: note.serviceDate });
  const version = useRef(note.version);
  const dirty = useRef(false);
  const halted = useRef(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const debounce = useRef<Timer | null>(null);
  const maxWait = useRef<Timer | null>(null);
  const outcomesRef = useRef(outcomes);
  outcomesRef.current = outcomes;
  const noteId = note.id;

  const clearTimers = useCallback(() => {
    if (debounce.current) clearTimeout(debounce.current);
    if (maxWait.current) clearTimeout(maxWait.current);
    debounce.current = null;
    maxWait.current = null;
  }, []);

  const send = useCallback(async (): Promise<void> => {
    const snapshot = latest.current;
    dirty.current = false;
    setState({ kind: 'saving' });
    try {
      const saved = await call('notes:saveDraft', { id: noteId, version: version.current, fields: snapshot.fields, serviceDate: snapshot.serviceDate });
      version.current = saved.version;
      setState(dirty.current ? { kind: 'unsaved' } : { kind: 'saved', at: saved.updatedAt });
    } catch (caught) {
      dirty.current = true;
      const error = asAppError(caught);
      if (error.code === 'CONFLICT') {
        halted.current = true;
        setState({ kind: 'conflict' });
        outcomesRef.current.onConflict();
      } else if (error.code === 'NOTE_SIGNED') {
        halted.current = true;
        setState({ kind: 'closed' });
        outcomesRef.current.onSigned();
      } else {
        setState({ kind: 'failed', error });
      }
    }
  }, [noteId]);

  /** Saves now what is not saved yet, after any save already on its way; resolves when it is stored (or failed). */
  const flush = useCallback(async (): Promise<void> => {
    while (inFlight.current) await inFlight.current;
    if (!dirty.current || halted.current) return;
    clearTimers();
    const run = send();
    inFlight.current = run;
    try {
      await run;
    } finally {
      if (inFlight.current === run) inFlight.current = null;
    }
  }, [clearTimers, send]);

  const schedule = useCallback(() => {
    dirty.current = true;
    setState((current) => (current.kind === 'saving' || current.kind === 'conflict' || current.kind === 'closed' ? current : { kind: 'unsaved' }));
    if (halted.current) return;
    if (debounce.current) clearTimeout(debounce.current);
    debounce.current = setTimeout(() => void flush(), DEBOUNCE_MS);
    maxWait.current ??= setTimeout(() => void flush(), MAX_WAIT_MS);
  }, [flush]);

  const setField = useCallback(
    (key: string, value: string) => {
      latest.current = { ...latest.current, fields: { ...latest.current.fields, [key]: value } };
      setFields(latest.current.fields);
      schedule();
    },
    [schedule],
  );

  /** Shows every date typed; only a valid one is saved (the last valid one stays until then). */
  const setServiceDate = useCallback(
    (value: string, valid: boolean) => {
      setServiceDateState(value);
      if (!valid) return;
      latest.current = { ...latest.current, serviceDate: value };
      schedule();
    },
    [schedule],
  );

  /** After a conflict: save what this window holds over the version now stored. */
  const keepMine = useCallback(
    (storedVersion: number) => {
      version.current = storedVersion;
      halted.current = false;
      dirty.current = true;
      void flush();
    },
    [flush],
  );

  /** After a conflict: take the stored version and drop what this window held. */
  const takeStored = useCallback((stored: Note) => {
    version.current = stored.version;
    latest.current = { fields: stored.fields, serviceDate: stored.serviceDate };
    setFields(stored.fields);
    setServiceDateState(stored.serviceDate);
    halted.current = false;
    dirty.current = false;
    setState({ kind: 'saved', at: stored.updatedAt });
  }, []);

  /** Stops saving for good (signing, discarding) once what is on its way has arrived; answers the version to act on. */
  const close = useCallback(async (): Promise<number> => {
    while (inFlight.current) await inFlight.current;
    clearTimers();
    halted.current = true;
    return version.current;
  }, [clearTimers]);

  /** Saving may start again after a close that did not go through (signing refused). */
  const reopen = useCallback(() => {
    halted.current = false;
    if (dirty.current) void flush();
  }, [flush]);

  useEffect(() => registerBeforeLock(flush), [registerBeforeLock, flush]);

  // Leaving the page, the window going to the background or closing, saves at once.
  useEffect(() => {
    const hidden = () => {
      if (document.visibilityState === 'hidden') void flush();
    };
    const leaving = () => void flush();
    document.addEventListener('visibilitychange', hidden);
    window.addEventListener('pagehide', leaving);
    return () => {
      document.removeEventListener('visibilitychange', hidden);
      window.removeEventListener('pagehide', leaving);
      void flush();
    };
  }, [flush]);

  return {
    fields,
    serviceDate,
    state,
    setField,
    setServiceDate,
    flush,
    keepMine,
    takeStored,
    close,
    reopen,
    /** True while typed text is not yet stored. */
    hasUnsaved: () => dirty.current,
    /** What this window holds now, for showing the person after the note was closed elsewhere. */
    held: () => latest.current,
  };
}
