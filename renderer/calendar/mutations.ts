import type { Channel } from '../../shared/contract';
import { useChannelMutation } from '../bridge/queries';

type SessionChannel = Extract<
  Channel,
  'appointments:create' | 'appointments:update' | 'appointments:cancel' | 'appointments:setAttendance' | 'sessions:start' | 'sessions:end'
>;

export function useSessionMutation<C extends SessionChannel>(channel: C) {
  return useChannelMutation(channel);
}
