import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import type { BackupStatus } from '../../shared/channels/backups';
import type { AppError } from '../../shared/errors';
import { channelQueryOptions } from '../bridge/queries';

/** While a backup runs, its progress is asked for four times a second; otherwise a change of the `backups` scope refetches it. */
const WHILE_RUNNING_MS = 250;
/** The reminder's days pass without any change: looked at again now and then. */
const AT_REST_MS = 10 * 60_000;

export function useBackupStatus(): UseQueryResult<BackupStatus, AppError> {
  return useQuery<BackupStatus, AppError>({
    ...channelQueryOptions('backups:status', {}),
    refetchInterval: (query) => (query.state.data?.running ? WHILE_RUNNING_MS : AT_REST_MS),
  });
}

/** Whole days from `since` to now. */
export function daysSince(since: string, now: number): number {
  return Math.floor((now - Date.parse(since)) / 86_400_000);
}
