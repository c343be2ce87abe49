/**
 * The vault's screens (set-up, unlock, recovery) behind its gate, and the new-passphrase fields
 * Settings uses to change the passphrase. The gate's controls for other screens are in
 * components/vaultControls.
 */
export { NewPassphraseFields } from './NewPassphraseFields';
export { useNewPassphrase } from './useNewPassphrase';
export { VaultGate, type StartView } from './VaultGate';
