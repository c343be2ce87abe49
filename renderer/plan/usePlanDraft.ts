import { useCallback, useMemo, useRef, useState } from 'react';
import type { PlanContent, PlanVersion } from '../../shared/plan';
import { call } from '../bridge/client';
import { useAutosave, type SaveResult } from '../components/useAutosave';
import { completeItemIds, itemIds, prepareDraft } from './planIssues';

export type { SaveState as PlanSaveState } from '../components/useAutosave';

/**
 * A plan draft that saves itself as a note draft does (see useAutosave), as it is typed: a half-written
 * objective is stored like the rest (planIssues.ts), and the whole plan is checked at agreement.
 */
export function usePlanDraft(draft: PlanVersion, outcomes: { onConflict: () => void; onClosed: () => void }) {
  // Stored at all (a save never leaves them out again), and stored complete (their problems show at once).
  const [stored, setStored] = useState<ReadonlySet<string>>(() => itemIds(draft.content));
  const storedRef = useRef<ReadonlySet<string>>(stored);
  const [saved, setSaved] = useState<ReadonlySet<string>>(() => completeItemIds(draft.content));
  const markSaved = useCallback((content: PlanContent) => {
    storedRef.current = itemIds(content);
    setStored(storedRef.current);
    setSaved(completeItemIds(content));
  }, []);

  const versionId = draft.id;
  const save = useCallback(
    async (content: PlanContent, version: number): Promise<SaveResult> => {
      const { content: toSave, holding } = prepareDraft(content, storedRef.current);
      if (toSave === null) return { held: holding ?? 'Some of what is written is not valid.' };
      const stored = await call('plans:saveDraft', { versionId, version, content: toSave });
      markSaved(toSave);
      return stored;
    },
    [versionId, markSaved],
  );
  const autosave = useAutosave<PlanContent>({
    initial: { value: draft.content, version: draft.version, updatedAt: draft.updatedAt },
    save,
    closedCode: 'NOT_FOUND',
    onConflict: outcomes.onConflict,
    onClosed: outcomes.onClosed,
  });
  const { value: content, takeStored: takeStoredDraft } = autosave;
  const prepared = useMemo(() => prepareDraft(content, stored), [content, stored]);

  /** After a conflict: take the stored version and drop what this window held. */
  const takeStored = useCallback(
    (stored: PlanVersion) => {
      markSaved(stored.content);
      takeStoredDraft({ value: stored.content, version: stored.version, updatedAt: stored.updatedAt });
    },
    [markSaved, takeStoredDraft],
  );

  return {
    content,
    state: autosave.state,
    omitted: prepared.omitted,
    /** Ids of the items stored complete: their problems show at once, others' once touched. */
    saved,
    /** Every edit of the draft goes through here, as a function of the content as it is now. */
    update: autosave.update,
    flush: autosave.flush,
    keepMine: autosave.keepMine,
    takeStored,
    close: autosave.close,
    reopen: autosave.reopen,
    hasUnsaved: autosave.hasUnsaved,
    held: autosave.held,
  };
}

export type PlanDraft = ReturnType<typeof usePlanDraft>;
