import { createContext, useContext } from 'react';
import type { Removal } from './removal';

type PlanEditor = {
  /** Ids of the goals, objectives and interventions stored at least once: their problems show at once. */
  saved: ReadonlySet<string>;
  /** New items left out of the save until they are complete. */
  omitted: ReadonlySet<string>;
  /** Every problem shows, touched or not: the person has asked to record the agreement. */
  showAll: boolean;
  /** Removes an empty item at once; asks first when it holds words. */
  askRemoval: (empty: boolean, removal: Removal) => void;
};

export const PlanEditorContext = createContext<PlanEditor | null>(null);

/** What the sections of the draft editor share besides the form itself. */
export function usePlanEditor(): PlanEditor {
  const editor = useContext(PlanEditorContext);
  if (!editor) throw new Error('usePlanEditor is used inside the plan draft editor only.');
  return editor;
}
