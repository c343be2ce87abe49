import type { Migration } from './migration';

/**
 * The stamps the capture keeps (features/sync/capture.ts), fewer and smaller.
 *
 * Drafts (notes and letters) are stamped as a whole, by their last save, instead of field by field
 * (features/sync/capture.ts, wholeUpdate): a draft is only ever compared by the stamp of that save
 * (features/sync/apply.ts, applyDraftEdit), and each save wrote a stamp for every column of the note.
 * A draft's field stamps become its row stamp (the version's stamp, which every save set with the
 * others), so nothing a device held of its drafts' saves changes.
 *
 * Audit entries keep no stamp: an entry is never edited, set once or compared by stamp, and each kept
 * one more row per entry, in a table that grows with every chart opened.
 *
 * The capture triggers are written again after this step, as after every migration run
 * (migrations/index.ts), in their smaller form: every connection parses them as it opens.
 */
export const migration0034CaptureStamps: Migration = {
  version: 34,
  name: 'capture-stamps',
  up(db) {
    db.exec(`
      INSERT OR REPLACE INTO sync_row_stamps (table_name, row_key, stamp)
        SELECT table_name, row_key, stamp FROM sync_field_stamps WHERE table_name IN ('notes', 'letters') AND field = 'version';
      DELETE FROM sync_field_stamps WHERE table_name IN ('notes', 'letters');
      DELETE FROM sync_row_stamps WHERE table_name = 'audit_log';
    `);
  },
};
