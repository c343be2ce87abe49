import {
  keepPreviousData,
  MutationCache,
  QueryCache,
  QueryClient,
  useMutation,
  useQuery,
  useQueryClient,
  type UseMutationResult,
  type UseQueryResult,
} from '@tanstack/react-query';
import type { Scope } from '../../shared/channel';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import { asAppError, call } from './client';

type VaultLockedListener = () => void;
let onVaultLocked: VaultLockedListener | null = null;

/** The vault gate registers here, so any call that finds the vault locked shows the unlock screen. */
export function whenVaultFoundLocked(listener: VaultLockedListener): () => void {
  onVaultLocked = listener;
  return () => {
    if (onVaultLocked === listener) onVaultLocked = null;
  };
}

function noticeLocked(error: unknown): void {
  if (asAppError(error).code === 'VAULT_LOCKED') onVaultLocked?.();
}

export function createQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: noticeLocked }),
    mutationCache: new MutationCache({ onError: noticeLocked }),
    defaultOptions: {
      queries: {
        // Calls are local and answer with a coded error; retrying would only delay the explanation.
        retry: false,
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
      mutations: { retry: false },
    },
  });
}

export function queryKey<C extends Channel>(channel: C, input: ChannelInput<C>): readonly [C, ChannelInput<C>] {
  return [channel, input] as const;
}

function channelQuery<C extends Channel>(channel: C, input: ChannelInput<C>) {
  return {
    queryKey: queryKey(channel, input),
    queryFn: async (): Promise<ChannelOutput<C>> => {
      try {
        return await call(channel, input);
      } catch (error) {
        throw asAppError(error);
      }
    },
  };
}

export type ChannelQueryOptions = {
  enabled?: boolean;
  /** While a new input loads, keep showing the last answer instead of nothing. */
  keepPrevious?: boolean;
  /** The other scopes the channel's declaration says it reads (its `reads`): their changes refetch it too. */
  reads?: readonly Scope[];
};

/** What useChannelQuery asks react-query for. Written out: the contract grew past what TypeScript infers into a declaration. */
export type ChannelQueryConfig<C extends Channel> = {
  queryKey: readonly [C, ChannelInput<C>];
  queryFn: () => Promise<ChannelOutput<C>>;
  enabled: boolean;
  meta?: { reads: readonly Scope[] };
  placeholderData?: typeof keepPreviousData;
};

export function channelQueryOptions<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
  options: ChannelQueryOptions = {},
): ChannelQueryConfig<C> {
  return {
    ...channelQuery(channel, input),
    enabled: options.enabled ?? true,
    ...(options.reads ? { meta: { reads: options.reads } } : {}),
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
  };
}

export function useChannelQuery<C extends Channel>(
  channel: C,
  input: ChannelInput<C>,
  options: ChannelQueryOptions = {},
): UseQueryResult<ChannelOutput<C>, AppError> {
  return useQuery<ChannelOutput<C>, AppError>(channelQueryOptions(channel, input, options));
}

/**
 * Asks now for what a view is likely to show next, so that showing it takes no round trip: the
 * answer waits in the cache under the key useChannelQuery will ask for (and is not asked again
 * while it is fresh).
 */
export function prefetchChannel<C extends Channel>(
  client: QueryClient,
  channel: C,
  input: ChannelInput<C>,
  options: Pick<ChannelQueryOptions, 'reads'> = {},
): Promise<void> {
  return client.prefetchQuery<ChannelOutput<C>, AppError>({
    ...channelQuery(channel, input),
    ...(options.reads ? { meta: { reads: options.reads } } : {}),
  });
}

function readsOf(meta: Record<string, unknown> | undefined): readonly Scope[] {
  const reads = meta?.['reads'];
  return Array.isArray(reads) ? (reads as Scope[]) : [];
}

/** Marks every cached answer under these scopes, or reading them, stale, so the views showing them refetch. */
export function invalidateScopes(client: QueryClient, scopes: readonly Scope[]): Promise<void> {
  return client.invalidateQueries({
    predicate: (query) => {
      const channel = query.queryKey[0];
      if (typeof channel !== 'string') return false;
      const reads = readsOf(query.meta);
      return scopes.some((scope) => channel.startsWith(`${scope}:`) || reads.includes(scope));
    },
  });
}

/**
 * The scopes a channel's success changes, as its declaration in the contract says. The contract (every
 * schema) loads with the first change, not with the unlock screen.
 */
async function changesOf(channel: Channel): Promise<readonly Scope[]> {
  const { contract } = await import('../../shared/contract');
  return contract[channel].changes;
}

/**
 * Refetches what a change on this channel would have changed: after a CONFLICT, someone else made
 * that change, and the view must show it.
 */
export async function refreshAfter(client: QueryClient, channel: Channel): Promise<void> {
  await invalidateScopes(client, await changesOf(channel));
}

/** A call that changes data. On success, every view of the scopes its declaration names refetches. */
export function useChannelMutation<C extends Channel>(channel: C): UseMutationResult<ChannelOutput<C>, AppError, ChannelInput<C>> {
  const client = useQueryClient();
  return useMutation<ChannelOutput<C>, AppError, ChannelInput<C>>({
    mutationFn: async (input) => {
      try {
        return await call(channel, input);
      } catch (error) {
        throw asAppError(error);
      }
    },
    onSuccess: () => refreshAfter(client, channel),
  });
}
