import type { Database } from '@signalapp/sqlcipher';

/** One step of the schema. `up` runs inside the transaction that also records the version. */
export type Migration = {
  version: number;
  name: string;
  up(db: Database): void;
};
