/**
 * One handler per contract channel. The table is checked against the contract, so a channel
 * without a handler (or a handler with the wrong types) does not compile.
 */
import type { BridgeEvent, Channel, ChannelOutput, ParsedInput } from '../../shared/contract';
import type { CallContext } from '../app-core-types';
import type { DatabaseClient } from '../database/client';
import type { PreferenceStore } from '../preferences/store';
import type { IdleLock } from '../vault/auto-lock';
import type { Vault } from '../vault/vault';

/** Everything a handler may use; built once by the app core, plus the caller's context. */
export type HandlerServices = {
  vault: Vault;
  database: DatabaseClient;
  preferences: PreferenceStore;
  idleLock: IdleLock;
  emit: (event: BridgeEvent) => void;
};

export type Handler<C extends Channel> = {
  run(input: ParsedInput<C>, services: HandlerServices, call: CallContext): Promise<ChannelOutput<C>>;
  /** The data scopes a successful call changes; views of them refetch. */
  changes?: readonly string[];
};

export type HandlerTable = { [C in Channel]: Handler<C> };

export const handlers = {
  'vault:status': { run: (_input, { vault }) => vault.status() },
  'vault:prepareSetup': { run: ({ passphrase }, { vault }) => vault.prepareSetup(passphrase) },
  'vault:cancelSetup': { run: (_input, { vault }) => vault.cancelSetup() },
  'vault:confirmSetup': { run: (_input, { vault }) => vault.confirmSetup() },
  'vault:unlock': { run: ({ passphrase }, { vault }) => vault.unlock(passphrase) },
  'vault:recover': { run: ({ recoveryCode, newPassphrase }, { vault }) => vault.recover(recoveryCode, newPassphrase) },
  'vault:lock': { run: (_input, { vault }) => vault.lock('manual') },
  'vault:changePassphrase': {
    run: ({ currentPassphrase, newPassphrase }, { vault }) => vault.changePassphrase(currentPassphrase, newPassphrase),
  },
  'session:activity': {
    // The activity itself was counted by dispatch; this answers when the lock will now fall.
    run: async (_input, { idleLock }) => {
      const lockAt = idleLock.lockAt();
      return { idleLockAt: lockAt === null ? null : new Date(lockAt).toISOString() };
    },
  },

  'preferences:get': { run: async (_input, { preferences }) => preferences.get() },
  'preferences:update': {
    run: async (patch, { preferences, idleLock }) => {
      const updated = preferences.update(patch);
      idleLock.preferencesChanged();
      return updated;
    },
  },

  'patients:list': { run: ({ includeArchived }, { database }) => database.call('patients.list', { includeArchived }) },
  'patients:get': { run: ({ id }, { database }) => database.call('patients.get', { id }) },
  'patients:create': { run: ({ patient }, { database }) => database.call('patients.create', { patient }), changes: ['patients'] },
  'patients:update': {
    run: ({ id, version, patient }, { database }) => database.call('patients.update', { id, version, patient }),
    changes: ['patients'],
  },
  'patients:archive': { run: ({ id, version }, { database }) => database.call('patients.archive', { id, version }), changes: ['patients'] },
  'patients:restore': { run: ({ id, version }, { database }) => database.call('patients.restore', { id, version }), changes: ['patients'] },

  'print:window': {
    run: async ({ target, suggestedFileName }, _services, { printer }) => ({ outcome: await printer.print(target, suggestedFileName) }),
  },
} satisfies HandlerTable;
