/**
 * Replication's screens: "Add a device" in Settings, and "Join a vault from another device" on the
 * first-run screen (loaded when chosen).
 */
import { lazyNamed } from '../components/lazyNamed';

export { AddDevice } from './AddDevice';
export const JoinVault = lazyNamed(() => import('./JoinVault'), 'JoinVault');
