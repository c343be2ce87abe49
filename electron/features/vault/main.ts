import type { vaultChannels } from '../../../shared/channels/vault';
import type { MainChannelsOf, MainHandlers } from '../handlers';

export const vaultMain: MainHandlers<MainChannelsOf<typeof vaultChannels>> = {
  'vault:status': (_input, { vault }) => vault.status(),
  'vault:prepareSetup': ({ passphrase }, { vault }) => vault.prepareSetup(passphrase),
  'vault:cancelSetup': (_input, { vault }) => vault.cancelSetup(),
  'vault:confirmSetup': (_input, { vault }) => vault.confirmSetup(),
  'vault:unlock': ({ passphrase }, { vault }) => vault.unlock(passphrase),
  'vault:recover': ({ recoveryCode, newPassphrase }, { vault }) => vault.recover(recoveryCode, newPassphrase),
  'vault:lock': (_input, { vault }) => vault.lock('manual'),
  'vault:changePassphrase': ({ currentPassphrase, newPassphrase }, { vault }) => vault.changePassphrase(currentPassphrase, newPassphrase),
  // The activity itself was counted by the app core; this answers when the lock will now fall.
  'session:activity': async (_input, { idleLock }) => {
    const lockAt = idleLock.lockAt();
    return { idleLockAt: lockAt === null ? null : new Date(lockAt).toISOString() };
  },
};
