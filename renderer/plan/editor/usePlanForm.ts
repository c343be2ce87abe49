import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect } from 'react';
import { useForm } from 'react-hook-form';
import { planContentSchema, type PlanContent, type PlanVersion } from '../../../shared/plan';
import type { PlanDraft } from '../usePlanDraft';
import { contentFromForm } from './planForm';

const checkPlan = zodResolver(planContentSchema);

/**
 * The draft's form, checked with the plan's own schema as it is written (and as each field is left).
 * Every change goes to the draft at once, as each keystroke did before, so the draft's autosave keeps
 * its timing and a lock right after typing still saves the last word.
 */
export function usePlanForm(draft: PlanDraft) {
  const form = useForm<PlanContent>({ resolver: checkPlan, defaultValues: draft.content, mode: 'all' });
  const { watch, getValues, reset } = form;
  const { update, takeStored: takeStoredDraft } = draft;

  useEffect(() => {
    const { unsubscribe } = watch((_values, { name }) => {
      // Only an edit has a field's name; a reset (the stored version taken after a conflict) is not one.
      if (name === undefined) return;
      update((current) => contentFromForm(getValues(), current));
    });
    return unsubscribe;
  }, [watch, getValues, update]);

  /** After a conflict: the stored version replaces what this window held, in the draft and on screen. */
  const takeStored = useCallback(
    (stored: PlanVersion) => {
      takeStoredDraft(stored);
      reset(stored.content);
    },
    [takeStoredDraft, reset],
  );

  return { form, takeStored };
}
