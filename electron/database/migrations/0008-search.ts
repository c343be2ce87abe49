import { rebuildSearchIndex, SEARCH_INDEX_DDL } from '../../features/search/search-index';
import type { Migration } from './migration';

/** The full-text index of patients and notes (electron/database/search/search-index.ts), built from what is there. */
export const migration0008Search: Migration = {
  version: 8,
  name: 'search',
  up(db) {
    db.exec(SEARCH_INDEX_DDL);
    rebuildSearchIndex(db);
  },
};
