/**
 * Replication through the practice server: Settings' section (the server, its devices, conflicts, and
 * "Add a device"), the quiet status the app shell shows, and "Join a vault from another device" on the
 * first-run screen, each loaded when first drawn.
 */
import { lazyNamed } from '../components/lazyNamed';

export const PracticeServerSettings = lazyNamed(() => import('./PracticeServerSettings'), 'PracticeServerSettings');
export const SyncStatusLine = lazyNamed(() => import('./SyncStatusLine'), 'SyncStatusLine');
export const AddDevice = lazyNamed(() => import('./AddDevice'), 'AddDevice');
export const JoinVault = lazyNamed(() => import('./JoinVault'), 'JoinVault');
