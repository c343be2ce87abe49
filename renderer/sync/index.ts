/** Replication through the practice server: Settings' section, and the quiet status the app shell shows. */
import { lazyNamed } from '../components/lazyNamed';

export const PracticeServerSettings = lazyNamed(() => import('./PracticeServerSettings'), 'PracticeServerSettings');
export const SyncStatusLine = lazyNamed(() => import('./SyncStatusLine'), 'SyncStatusLine');
