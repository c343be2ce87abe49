import { z } from 'zod';
import { passphraseSchema, recoveryCodeSchema, recoverySheetSchema, vaultStatusSchema } from '../vault';
import { channel, empty } from '../channel';

/* The vault: set-up, unlock, recovery, passphrase, lock, and the person's activity for the idle lock. All run in the main process, which holds the vault's lifecycle. */

export const vaultChannels = {
  'vault:status': channel({ input: empty, output: vaultStatusSchema, needsVault: false, runs: 'main' }),
  'vault:prepareSetup': channel({
    input: z.strictObject({ passphrase: passphraseSchema }),
    output: recoverySheetSchema,
    needsVault: false,
    runs: 'main',
  }),
  'vault:cancelSetup': channel({ input: empty, output: vaultStatusSchema, needsVault: false, runs: 'main' }),
  'vault:confirmSetup': channel({ input: empty, output: vaultStatusSchema, needsVault: false, runs: 'main' }),
  'vault:unlock': channel({
    input: z.strictObject({ passphrase: passphraseSchema }),
    output: vaultStatusSchema,
    needsVault: false,
    runs: 'main',
  }),
  'vault:recover': channel({
    input: z.strictObject({ recoveryCode: recoveryCodeSchema, newPassphrase: passphraseSchema }),
    output: vaultStatusSchema,
    needsVault: false,
    runs: 'main',
  }),
  'vault:lock': channel({ input: empty, output: vaultStatusSchema, needsVault: false, runs: 'main', patientMode: true }),
  'vault:changePassphrase': channel({
    input: z.strictObject({ currentPassphrase: passphraseSchema, newPassphrase: passphraseSchema }),
    output: z.object({ changedAt: z.iso.datetime({ offset: true }) }),
    needsVault: true,
    runs: 'main',
  }),
  /** The renderer reports keyboard and pointer activity (throttled) so idle time is the person's, not the machine's. */
  'session:activity': channel({
    input: empty,
    output: z.object({ idleLockAt: z.iso.datetime({ offset: true }).nullable() }),
    needsVault: false,
    runs: 'main',
    patientMode: true,
  }),
};
