/** Replication through the practice server: Settings' section, and the quiet status the app shell shows. */
import { lazyNamed } from '../components/lazyNamed';

export const PracticeServerSettings = lazyNamed(() => import('./PracticeServerSettings'), 'PracticeServerSettings');
export const SyncStatusLine = lazyNamed(() => import('./SyncStatusLine'), 'SyncStatusLine');
/** Where the shell's "2 changes to look at" leads. */
export const SYNC_CONFLICTS_PATH = '/settings#sync-conflicts';
