import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../../../shared/channels/sync';
import { statusWords } from '../../../renderer/sync/status-text';

const connected: SyncStatus = {
  state: 'up-to-date',
  server: { host: 'db.practice.example', port: 5432, database: 'alliance', user: 'alliance', tls: 'required', caPinned: true },
  device: { id: 'a'.repeat(32), name: 'Office desktop' },
  waiting: 0,
  unreachableSince: null,
  lastError: null,
  lastExchangeAt: '2026-12-02T09:10:00.000Z',
  openConflicts: 0,
};
const time = (at: string) => at.slice(11, 16);

describe('the shell’s quiet status', () => {
  it('says nothing while the vault is not connected', () => {
    expect(statusWords({ ...connected, state: 'not-connected', server: null, device: null }, time)).toBeNull();
  });

  it('says the vault is up to date, or how many changes wait to be sent', () => {
    expect(statusWords(connected, time)).toEqual({ text: 'Up to date', tone: 'quiet', conflicts: null });
    expect(statusWords({ ...connected, state: 'sending', waiting: 3 }, time)?.text).toBe('3 changes waiting to send');
    expect(statusWords({ ...connected, waiting: 1 }, time)?.text).toBe('1 change waiting to send');
  });

  it('says since when the server has been unreachable', () => {
    const words = statusWords({ ...connected, state: 'unreachable', unreachableSince: '2026-12-02T09:12:00.000Z', waiting: 2 }, time);
    expect(words).toEqual({ text: 'Server unreachable since 09:12', tone: 'problem', conflicts: null });
  });

  it('counts the changes that wait for a person, whatever the exchange is doing', () => {
    expect(statusWords({ ...connected, openConflicts: 2 }, time)?.conflicts).toBe('2 changes to look at');
    expect(statusWords({ ...connected, state: 'revoked', openConflicts: 1 }, time)).toEqual({
      text: 'This device was removed from the practice server',
      tone: 'problem',
      conflicts: '1 change to look at',
    });
  });
});
