import type { Migration } from './migration';

/**
 * Drafts (notes and letters) are stamped as a whole, by their last save, instead of field by field
 * (features/sync/capture.ts, wholeUpdate): a draft is only ever compared by the stamp of that save
 * (features/sync/apply.ts, applyDraftEdit), and each save wrote a stamp for every column of the note.
 * A draft's field stamps become its row stamp (the version's stamp, which every save set with the
 * others), so nothing a device held of its drafts' saves changes.
 *
 * The capture triggers are written again after this step, as after every migration run
 * (migrations/index.ts), in their smaller form: every connection parses them as it opens.
 */
export const migration0034WholeDraftStamps: Migration = {
  version: 34,
  name: 'whole-draft-stamps',
  up(db) {
    db.exec(`
      INSERT OR REPLACE INTO sync_row_stamps (table_name, row_key, stamp)
        SELECT table_name, row_key, stamp FROM sync_field_stamps WHERE table_name IN ('notes', 'letters') AND field = 'version';
      DELETE FROM sync_field_stamps WHERE table_name IN ('notes', 'letters');
    `);
  },
};
