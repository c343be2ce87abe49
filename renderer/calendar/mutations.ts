import type { UseMutationResult } from '@tanstack/react-query';
import type { Channel, ChannelInput, ChannelOutput } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import { useChannelMutation } from '../bridge/queries';

type SessionChannel = Extract<
  Channel,
  'appointments:create' | 'appointments:update' | 'appointments:cancel' | 'appointments:setAttendance' | 'sessions:start' | 'sessions:end'
>;

export function useSessionMutation<C extends SessionChannel>(channel: C): UseMutationResult<ChannelOutput<C>, AppError, ChannelInput<C>> {
  return useChannelMutation(channel);
}
