import { useCallback, useMemo, useRef, useState } from 'react';
import type { PlanContent, PlanVersion } from '../../shared/plan';
import { call } from '../bridge/client';
import { useAutosave, type SaveResult } from '../components/useAutosave';
import { itemIds, prepareDraft } from './planIssues';

export type { SaveState as PlanSaveState } from '../components/useAutosave';

/**
 * A plan draft that saves itself as a note draft does (see useAutosave). An item new since the last
 * save is left out until it is complete; one already stored that is made incomplete holds every save
 * until it is put right, so a half-edited objective never replaces a whole one.
 */
export function usePlanDraft(draft: PlanVersion, outcomes: { onConflict: () => void; onClosed: () => void }) {
  const [saved, setSaved] = useState<ReadonlySet<string>>(() => itemIds(draft.content));
  const savedRef = useRef<ReadonlySet<string>>(saved);
  const markSaved = useCallback((content: PlanContent) => {
    savedRef.current = itemIds(content);
    setSaved(savedRef.current);
  }, []);

  const versionId = draft.id;
  const save = useCallback(
    async (content: PlanContent, version: number): Promise<SaveResult> => {
      const { content: toSave, holding } = prepareDraft(content, savedRef.current);
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
  const prepared = useMemo(() => prepareDraft(content, saved), [content, saved]);

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
    /** Ids of the items stored at least once: their problems show at once, new ones' once touched. */
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
