import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AppError } from '../../shared/errors';
import type { PlanContent, PlanVersion } from '../../shared/plan';
import { asAppError, call } from '../bridge/client';
import { DEBOUNCE_MS, MAX_WAIT_MS } from '../chart/useDraftAutosave';
import { useVaultControls } from '../vault/VaultGate';
import { itemIds, prepareDraft, type Issues } from './planIssues';

export type PlanSaveState =
  | { kind: 'saved'; at: string }
  | { kind: 'unsaved' }
  | { kind: 'saving' }
  /** A stored item was made incomplete: nothing is saved until it is put right. */
  | { kind: 'held'; message: string }
  | { kind: 'failed'; error: AppError }
  /** Saved from elsewhere since this window read it: nothing more is saved until the person chooses. */
  | { kind: 'conflict' }
  /** Agreed or superseded: this draft is no longer one. */
  | { kind: 'closed' };

type Timer = ReturnType<typeof setTimeout>;

/**
 * A plan draft that saves itself as a note draft does: ~1.5 s after the last change and at least
 * every 5 s while changes go on, each save naming the version it was made from, flushed before any
 * lock the window starts and when the page is left or hidden. The content lives in a ref as well as
 * in state, so a flush always sends the latest keystroke.
 */
export function usePlanDraft(draft: PlanVersion, outcomes: { onConflict: () => void; onClosed: () => void }) {
  const { registerBeforeLock } = useVaultControls();
  const [content, setContent] = useState<PlanContent>(draft.content);
  const [state, setState] = useState<PlanSaveState>({ kind: 'saved', at: draft.updatedAt });
  const [saved, setSaved] = useState<ReadonlySet<string>>(() => itemIds(draft.content));

  const latest = useRef(draft.content);
  const savedRef = useRef<ReadonlySet<string>>(saved);
  const version = useRef(draft.version);
  const dirty = useRef(false);
  const halted = useRef(false);
  const inFlight = useRef<Promise<void> | null>(null);
  const debounce = useRef<Timer | null>(null);
  const maxWait = useRef<Timer | null>(null);
  const outcomesRef = useRef(outcomes);
  outcomesRef.current = outcomes;
  const versionId = draft.id;

  const prepared = useMemo(() => prepareDraft(content, saved), [content, saved]);

  const clearTimers = useCallback(() => {
    if (debounce.current) clearTimeout(debounce.current);
    if (maxWait.current) clearTimeout(maxWait.current);
    debounce.current = null;
    maxWait.current = null;
  }, []);

  const send = useCallback(async (): Promise<void> => {
    const { content: toSave, holding } = prepareDraft(latest.current, savedRef.current);
    dirty.current = false;
    if (toSave === null) {
      // Kept here, not lost: saving resumes with the next change that puts it right.
      dirty.current = true;
      setState({ kind: 'held', message: holding ?? 'Some of what is written is not valid.' });
      return;
    }
    setState({ kind: 'saving' });
    try {
      const stored = await call('plans:saveDraft', { versionId, version: version.current, content: toSave });
      version.current = stored.version;
      savedRef.current = itemIds(toSave);
      setSaved(savedRef.current);
      setState(dirty.current ? { kind: 'unsaved' } : { kind: 'saved', at: stored.updatedAt });
    } catch (caught) {
      dirty.current = true;
      const error = asAppError(caught);
      if (error.code === 'CONFLICT') {
        halted.current = true;
        setState({ kind: 'conflict' });
        outcomesRef.current.onConflict();
      } else if (error.code === 'NOT_FOUND') {
        halted.current = true;
        setState({ kind: 'closed' });
        outcomesRef.current.onClosed();
      } else {
        setState({ kind: 'failed', error });
      }
    }
  }, [versionId]);

  /** Saves now what is not saved yet, after any save already on its way. */
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

  /** Every edit of the draft goes through here, as a function of the content as it is now. */
  const update = useCallback(
    (change: (content: PlanContent) => PlanContent) => {
      latest.current = change(latest.current);
      setContent(latest.current);
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
  const takeStored = useCallback((stored: PlanVersion) => {
    version.current = stored.version;
    latest.current = stored.content;
    savedRef.current = itemIds(stored.content);
    setSaved(savedRef.current);
    setContent(stored.content);
    halted.current = false;
    dirty.current = false;
    setState({ kind: 'saved', at: stored.updatedAt });
  }, []);

  /** Stops saving (recording the agreement) once what is on its way has arrived; answers the version to act on. */
  const close = useCallback(async (): Promise<number> => {
    while (inFlight.current) await inFlight.current;
    clearTimers();
    halted.current = true;
    return version.current;
  }, [clearTimers]);

  const reopen = useCallback(() => {
    halted.current = false;
    if (dirty.current) void flush();
  }, [flush]);

  useEffect(() => registerBeforeLock(flush), [registerBeforeLock, flush]);

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
    content,
    state,
    issues: prepared.issues as Issues,
    omitted: prepared.omitted,
    /** Ids of the items stored at least once: their problems show at once, new ones' once touched. */
    saved,
    update,
    flush,
    keepMine,
    takeStored,
    close,
    reopen,
    hasUnsaved: () => dirty.current,
    held: () => latest.current,
  };
}

export type PlanDraft = ReturnType<typeof usePlanDraft>;
