/**
 * One handler per contract channel. The table is checked against the contract, so a channel
 * without a handler (or a handler with the wrong types) does not compile.
 */
import type { BridgeEvent, Channel, ChannelOutput, ParsedInput } from '../../shared/contract';
import type { CallContext } from '../app-core-types';
import type { DatabaseClient } from '../database/client';
import type { SchedulingContext } from '../database/repositories/appointments';
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
  /** The app core's clock (tests fix it): it times sessions and decides what is past. */
  now: () => number;
  /** The practice's IANA time zone, asked each time so a laptop that travels follows the clock on the wall. */
  timeZone: () => string;
};

/** What the worker needs to judge a booking, a cancellation or "now"; it has no clock or preferences of its own. */
function schedulingContext({ now, timeZone, preferences }: HandlerServices): SchedulingContext {
  const { workingHours, lateCancellationHours } = preferences.get();
  return { now: new Date(now()).toISOString(), timeZone: timeZone(), workingHours, lateCancellationHours };
}

function nowIso({ now }: HandlerServices): string {
  return new Date(now()).toISOString();
}

/*
 * data:changed scopes are channel prefixes. Any change to a session can change what the calendar, the
 * session itself and the timer show, and (a session booked in the past, moved across "now" or to another
 * patient, given attendance, timed) the patient's attendance record and the on-time report.
 */
const SESSION_CHANGES = ['calendar', 'appointments', 'sessions', 'patients', 'reports'] as const;

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

  'calendar:range': {
    run: ({ from, to, includeCancelled }, { database }) => database.call('calendar.range', { from, to, includeCancelled }),
  },
  'appointments:get': { run: ({ ref }, { database }) => database.call('appointments.get', { ref }) },
  'appointments:warnings': {
    run: ({ start, durationMinutes, ignore }, services) =>
      services.database.call('appointments.warnings', { start, durationMinutes, ignore, context: schedulingContext(services) }),
  },
  'appointments:create': {
    run: ({ appointment, acknowledgeWarnings }, services) =>
      services.database.call('appointments.create', { appointment, acknowledgeWarnings, context: schedulingContext(services) }),
    changes: SESSION_CHANGES,
  },
  'appointments:update': {
    run: ({ ref, scope, version, changes, acknowledgeWarnings }, services) =>
      services.database.call('appointments.update', { ref, scope, version, changes, acknowledgeWarnings, context: schedulingContext(services) }),
    changes: SESSION_CHANGES,
  },
  'appointments:cancel': {
    run: ({ ref, scope, by }, services) => services.database.call('appointments.cancel', { ref, scope, by, context: schedulingContext(services) }),
    changes: SESSION_CHANGES,
  },
  'appointments:setAttendance': {
    run: ({ ref, attendance, lateMinutes }, services) =>
      services.database.call('appointments.setAttendance', { ref, attendance, lateMinutes, now: nowIso(services) }),
    changes: SESSION_CHANGES,
  },
  'sessions:start': {
    run: ({ ref }, services) => services.database.call('sessions.start', { ref, now: nowIso(services) }),
    changes: SESSION_CHANGES,
  },
  'sessions:end': {
    run: ({ ref }, services) => services.database.call('sessions.end', { ref, now: nowIso(services) }),
    changes: SESSION_CHANGES,
  },
  'sessions:running': { run: (_input, { database }) => database.call('sessions.running', {}) },
  'patients:attendance': {
    run: ({ patientId }, services) => services.database.call('patients.attendance', { patientId, now: nowIso(services) }),
  },
  'reports:onTime': {
    run: ({ from, to, groupBy }, services) => services.database.call('reports.onTime', { from, to, groupBy, timeZone: services.timeZone() }),
  },
  'calendar:exportIcs': {
    run: ({ from, to, names, includeCancelled }, services) =>
      services.database.call('calendar.exportIcs', { from, to, names, includeCancelled, timeZone: services.timeZone() }),
  },
  'files:save': {
    run: async ({ suggestedFileName, content, mimeType }, _services, { files }) => ({
      outcome: await files.save(suggestedFileName, content, mimeType),
    }),
  },

  'print:window': {
    run: async ({ target, suggestedFileName }, _services, { printer }) => ({ outcome: await printer.print(target, suggestedFileName) }),
  },
} satisfies HandlerTable;
