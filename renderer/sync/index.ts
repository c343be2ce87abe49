/**
 * Replication's screens: "Add a device" in Settings, and "Join a vault from another device" on the
 * first-run screen, each loaded when first drawn.
 */
import { lazyNamed } from '../components/lazyNamed';

export const AddDevice = lazyNamed(() => import('./AddDevice'), 'AddDevice');
export const JoinVault = lazyNamed(() => import('./JoinVault'), 'JoinVault');
