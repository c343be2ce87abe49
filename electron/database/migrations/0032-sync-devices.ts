import type { Migration } from './migration';

/**
 * The practice server this vault replicates through, and the names of its devices (docs/sync.md).
 *
 * `sync_server` holds the connection details, password included, inside the encrypted vault: they
 * are readable only while the vault is open, never in preferences. It is this device's own and never
 * replicates (another device may reach the same server by another address).
 *
 * `sync_devices` names every device of the vault ("Office desktop", "Laptop") and when each was added
 * and revoked. It replicates, so each device lists the others by name; the server knows devices by
 * opaque ids only and is the authority on revocation.
 */
export const migration0032SyncDevices: Migration = {
  version: 32,
  name: 'sync-devices',
  up(db) {
    db.exec(`
      CREATE TABLE sync_server (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        details TEXT NOT NULL CHECK (json_valid(details)),
        connected_at TEXT NOT NULL
      );
      CREATE TABLE sync_devices (
        device_id TEXT PRIMARY KEY NOT NULL CHECK (length(device_id) = 32),
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        added_at TEXT NOT NULL,
        revoked_at TEXT
      );
    `);
  },
};
