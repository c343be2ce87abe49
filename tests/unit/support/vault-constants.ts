import type { ScryptParams } from '../../../electron/vault/keyfile';

export const PASSPHRASE = 'lantern orchard quietly violet harbor';
export const NEW_PASSPHRASE = 'copper meadow whistle thunder ledger';

/**
 * scrypt at its lowest accepted cost: a test unlocks in milliseconds instead of a quarter second.
 * The key file records the parameters it was wrapped with, so every code path is the app's own;
 * the key file test keeps the real cost (`realKeyDerivation`).
 */
export const TEST_SCRYPT: ScryptParams = { N: 16384, r: 1, p: 1, keyLength: 32 };
