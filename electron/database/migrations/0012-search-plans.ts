import { PLAN_SEARCH_DDL, rebuildPatientIndex, rebuildPlanIndex } from '../../features/search/search-index';
import type { Migration } from './migration';

/**
 * Ctrl/Cmd+K finds the words of treatment plans and safety plans (a new index, filled from every
 * plan's latest version), and names typed without their punctuation ("obrien" for O'Brien): every
 * patient's row is written again with those forms.
 */
export const migration0012SearchPlans: Migration = {
  version: 12,
  name: 'search-plans',
  up(db) {
    db.exec(PLAN_SEARCH_DDL);
    rebuildPlanIndex(db);
    rebuildPatientIndex(db);
  },
};
