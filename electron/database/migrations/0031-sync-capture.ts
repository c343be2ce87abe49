import type { Migration } from './migration';
import { SYNC_TABLES_SQL } from '../../features/sync/capture';

/**
 * Replication's change capture (docs/sync.md): the device's clock, the outbox and the stamps of
 * rows and fields, and the triggers that fill the outbox in the transaction of every write. Capture
 * stays off (`sync_clock.capturing = 0`) until the vault is connected to a server: a vault that never
 * replicates writes nothing more than before.
 */
export const migration0031SyncCapture: Migration = {
  version: 31,
  name: 'sync-capture',
  up(db) {
    // The triggers themselves are written by migrate() once the last step has run (refreshChangeCapture),
    // so a set-up that runs every migration writes them once, from the tables as they end up.
    db.exec(SYNC_TABLES_SQL);
  },
};
