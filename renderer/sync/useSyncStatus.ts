import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { SCOPES } from '../../shared/channel';
import type { SyncStatus } from '../../shared/channels/sync';
import type { AppError } from '../../shared/errors';
import { channelQueryOptions } from '../bridge/queries';

/** The loop changes the status on its own (a push done, the server gone): asked again every few seconds while connected. */
const WHILE_CONNECTED_MS = 3_000;

/** Replication's status; any change anywhere may add a change waiting to send, so every scope refetches it. */
export function useSyncStatus(): UseQueryResult<SyncStatus, AppError> {
  return useQuery<SyncStatus, AppError>({
    ...channelQueryOptions('sync:status', {}, { reads: SCOPES }),
    refetchInterval: (query) => (query.state.data && query.state.data.state !== 'not-connected' ? WHILE_CONNECTED_MS : false),
  });
}
