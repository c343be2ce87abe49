import type { SyncStatus } from '../../shared/channels/sync';
import { formatTime } from '../format/times';

/** The shell's quiet status, in a few words: what replication is doing, and whether anything waits for a person. */
export type StatusWords = { text: string; tone: 'quiet' | 'waiting' | 'problem'; conflicts: string | null };

function changes(count: number): string {
  return count === 1 ? '1 change' : `${count} changes`;
}

/** Null when the vault is not connected: the shell then says nothing about a server. */
export function statusWords(status: SyncStatus, time: (at: string) => string = formatTime): StatusWords | null {
  const conflicts = status.openConflicts > 0 ? `${changes(status.openConflicts)} to look at` : null;
  switch (status.state) {
    case 'not-connected':
      return null;
    case 'revoked':
      return { text: 'This device was removed from the practice server', tone: 'problem', conflicts };
    case 'unreachable':
      return {
        text: status.unreachableSince ? `Server unreachable since ${time(status.unreachableSince)}` : 'Server unreachable',
        tone: 'problem',
        conflicts,
      };
    case 'sending':
    case 'up-to-date':
      return status.waiting > 0
        ? { text: `${changes(status.waiting)} waiting to send`, tone: 'waiting', conflicts }
        : { text: 'Up to date', tone: 'quiet', conflicts };
  }
}
