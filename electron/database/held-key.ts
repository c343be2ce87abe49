/**
 * The open vault's key and file, held by the database worker while its connection is open (SQLCipher
 * holds the key too): a backup's thread opens the database with it, what reads a backup of this
 * vault checks its signature with it, and pairing hands it to a new device. Wiped when the connection
 * closes.
 */
let held: { key: Uint8Array; databasePath: string } | undefined;

export function holdKey(key: Uint8Array, databasePath: string): void {
  releaseKey();
  held = { key: Uint8Array.from(key), databasePath };
}

export function releaseKey(): void {
  held?.key.fill(0);
  held = undefined;
}

/** The held key (not a copy: never keep it) and the database's path; undefined while locked. */
export function heldKey(): { key: Uint8Array; databasePath: string } | undefined {
  return held;
}
