import type { Channel } from '../../shared/contract';
import { useChannelMutation } from '../bridge/queries';

/** Every view a change to a session can alter: the calendar, the dialog, the timer, the record, the report. */
const SESSION_SCOPES = ['calendar', 'appointments', 'sessions', 'patients', 'reports'] as const;

type SessionChannel = Extract<
  Channel,
  'appointments:create' | 'appointments:update' | 'appointments:cancel' | 'appointments:setAttendance' | 'sessions:start' | 'sessions:end'
>;

export function useSessionMutation<C extends SessionChannel>(channel: C) {
  return useChannelMutation(channel, { alsoInvalidates: SESSION_SCOPES });
}
