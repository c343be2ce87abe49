import type { Migration } from './migration';
import { raise } from '../schema-guards';

/**
 * A template version never changes, except where replication decides which of two texts saved on two
 * devices at once under the same number keeps it (features/sync/template-versions.ts): the earlier save
 * takes the number on every device, and the device that wrote the later one writes the earlier text
 * there while it applies received changes (`sync_clock.applying`), then saves its own again as a new
 * version. A version is still never deleted, and never changed by anything else.
 *
 * The capture triggers are written again after this step, as after every migration run: an update of
 * a column that a CHECK binds to others (capture.ts, `together`) now sends all of them.
 */
export const migration0036TemplateVersionNumbers: Migration = {
  version: 36,
  name: 'template-version-numbers',
  up(db) {
    for (const table of ['note_template_versions', 'letter_template_versions']) {
      db.exec(`
        DROP TRIGGER ${table}_no_update;
        CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
        WHEN (SELECT applying FROM sync_clock WHERE id = 1) IS NOT 1
        BEGIN ${raise('TEMPLATE_VERSION_FINAL', 'a template version is never changed: save a new one')}; END;
      `);
    }
  },
};
