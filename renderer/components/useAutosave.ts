import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppError, ErrorCode } from '../../shared/errors';
import { asAppError } from '../bridge/client';
import { useVaultControls } from './vaultControls';

/** Saved this long after the last change… */
export const DEBOUNCE_MS = 1_500;
/** …and at least this often while changes go on. */
export const MAX_WAIT_MS = 5_000;

export type SaveState =
  | { kind: 'saved'; at: string }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  /** What is written cannot be stored as it is (an item left incomplete): kept here until it is put right. */
  | { kind: 'held'; message: string }
  | { kind: 'failed'; error: AppError }
  /** Saved from elsewhere since this window read it: nothing more is saved until the person chooses. */
  | { kind: 'conflict' }
  /** Signed, agreed or discarded: this draft is no longer one. */
  | { kind: 'closed' };

/** A draft as stored: what it holds, the version a save must name, when it was last stored. */
export type StoredDraft<T> = { value: T; version: number; updatedAt: string };

/** What one save answers: the new version, or why nothing was sent. */
export type SaveResult = { version: number; updatedAt: string } | { held: string };

export type AutosaveOptions<T> = {
  initial: StoredDraft<T>;
  /** Stores `value` over `version`; throws the bridge's error when it is refused. */
  save: (value: T, version: number) => Promise<SaveResult>;
  /** The error code that means the draft is closed elsewhere (NOTE_SIGNED for a note, NOT_FOUND for a plan). */
  closedCode: ErrorCode;
  /** The draft changed under this window (CONFLICT): saving stops until `keepMine` or `takeStored`. */
  onConflict: () => void;
  /** The draft was closed elsewhere meanwhile. */
  onClosed: () => void;
};

type Timer = ReturnType<typeof setTimeout>;

/**
 * A draft that saves itself: ~1.5 s after the last change and at least every 5 s while changes go
 * on, each save naming the version it was made from. The vault gate runs `flush` before any lock the
 * window starts (and when the idle lock is near), so a lock mid-sentence loses nothing; leaving the
 * page or hiding the window flushes too. What is being written lives in a ref as well as in state,
 * so a flush always sends the latest keystroke. Notes and treatment plans both save through it.
 */
export function useAutosave<T>(options: AutosaveOptions<T>) {
  const { registerBeforeLock } = useVaultControls();
  const [value, setValue] = useState<T>(options.initial.value);
  const [state, setState] = useState<SaveState>({ kind: 'saved', at: options.initial.updatedAt });

  const latest = useRef(options.initial.value);
  const version = useRef(options.initial.version);
  const dirty = useRef(false);
  const halted = useRef(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const debounce = useRef<Timer | null>(null);
  const maxWait = useRef<Timer | null>(null);
  const optionsRef = useRef(options);
  optionsRef.current = options;

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
      const result = await optionsRef.current.save(snapshot, version.current);
      if ('held' in result) {
        // Kept here, not lost: saving resumes with the next change that puts it right.
        dirty.current = true;
        setState({ kind: 'held', message: result.held });
        return;
      }
      version.current = result.version;
      setState(dirty.current ? { kind: 'unsaved' } : { kind: 'saved', at: result.updatedAt });
    } catch (caught) {
      dirty.current = true;
      const error = asAppError(caught);
      if (error.code === 'CONFLICT') {
        halted.current = true;
        setState({ kind: 'conflict' });
        optionsRef.current.onConflict();
      } else if (error.code === optionsRef.current.closedCode) {
        halted.current = true;
        setState({ kind: 'closed' });
        optionsRef.current.onClosed();
      } else {
        setState({ kind: 'failed', error });
      }
    }
  }, []);

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

  /** Every change goes through here, as a function of the draft as it is now. */
  const update = useCallback(
    (change: (current: T) => T) => {
      latest.current = change(latest.current);
      setValue(latest.current);
      dirty.current = true;
      setState((current) =>
        current.kind === 'saving' || current.kind === 'conflict' || current.kind === 'closed' ? current : { kind: 'unsaved' },
      );
      if (halted.current) return;
      if (debounce.current) clearTimeout(debounce.current);
      debounce.current = setTimeout(() => void flush(), DEBOUNCE_MS);
      maxWait.current ??= setTimeout(() => void flush(), MAX_WAIT_MS);
    },
    [flush],
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
  const takeStored = useCallback((stored: StoredDraft<T>) => {
    version.current = stored.version;
    latest.current = stored.value;
    setValue(stored.value);
    halted.current = false;
    dirty.current = false;
    setState({ kind: 'saved', at: stored.updatedAt });
  }, []);

  /** Stops saving for good (signing, agreeing, discarding) once what is on its way has arrived; answers the version to act on. */
  const close = useCallback(async (): Promise<number> => {
    while (inFlight.current) await inFlight.current;
    clearTimers();
    halted.current = true;
    return version.current;
  }, [clearTimers]);

  /** Saving may start again after a close that did not go through (signing refused, say). */
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
    value,
    state,
    update,
    flush,
    keepMine,
    takeStored,
    close,
    reopen,
    /** True while what was written is not yet stored. */
    hasUnsaved: () => dirty.current,
    /** What this window holds now, for showing the person after the draft was closed elsewhere. */
    held: () => latest.current,
  };
}
