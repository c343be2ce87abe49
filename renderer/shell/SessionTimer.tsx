import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import type { ChannelOutput } from '../../shared/contract';
import type { AppError } from '../../shared/errors';
import { asAppError, call, subscribe } from '../bridge/client';
import { queryKey, useChannelQuery } from '../bridge/queries';
import type { Appointment } from '../../shared/appointment';
import { AfterSession, EndSessionButton, patientInitials } from '../calendar';
import { useNow } from '../components/useNow';

const REFRESH_MS = 30_000;

function clock(ms: number): string {
  const totalSeconds = Math.floor(Math.abs(ms) / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return `${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
}

/**
 * The running session in the header: initials only (a patient in the room can see the screen),
 * the time left, a quiet notice near the end, and End session.
 */
export function SessionTimer() {
  const running = useQuery<ChannelOutput<'sessions:running'>, AppError>({
    queryKey: queryKey('sessions:running', {}),
    queryFn: async () => {
      try {
        return await call('sessions:running', {});
      } catch (error) {
        throw asAppError(error);
      }
    },
    refetchInterval: REFRESH_MS,
  });
  const { refetch } = running;
  // Any change anywhere may start or end a session (another window, the dialog): ask again.
  useEffect(
    () =>
      subscribe((event) => {
        if (event.type === 'data:changed') void refetch();
      }),
    [refetch],
  );
  const session = running.data ?? null;
  // Kept here: what follows the end (the note, the next booking) outlives the running session.
  const [ended, setEnded] = useState<Appointment | null>(null);
  return (
    <>
      {session ? <RunningSession key={session.key} session={session} onEnded={setEnded} /> : null}
      {ended ? <AfterSession appointment={ended} onClose={() => setEnded(null)} /> : null}
    </>
  );
}

function RunningSession({
  session,
  onEnded,
}: {
  session: NonNullable<ChannelOutput<'sessions:running'>>;
  onEnded: (ended: Appointment) => void;
}) {
  const now = useNow(1_000);
  const preferences = useChannelQuery('preferences:get', {});
  const noticeMinutes = preferences.data?.sessionEndNoticeMinutes ?? 5;
  const left = new Date(session.end).getTime() - now;
  const over = left < 0;
  const nearEnd = !over && noticeMinutes > 0 && left <= noticeMinutes * 60_000;
  const initials = patientInitials(session.patientName);

  return (
    <div
      className={`session-timer${nearEnd ? ' session-timer--near-end' : ''}${over ? ' session-timer--over' : ''}`}
      role="group"
      aria-label="Session in progress"
    >
      <span className="session-timer__dot" aria-hidden="true" />
      <span className="session-timer__initials" title="Patient’s initials">
        {initials}
      </span>
      {/* Read on request, not every second: the visible clock ticks, the announcement does not. */}
      <span className="session-timer__clock" aria-hidden="true">
        {clock(left)}
      </span>
      <span className="visually-hidden">
        {over ? `${Math.floor(-left / 60_000)} minutes over time` : `${Math.ceil(left / 60_000)} minutes left`}
      </span>
      <span className="session-timer__word" aria-hidden="true">
        {over ? 'over' : 'left'}
      </span>
      <span className="session-timer__notice" role="status">
        {nearEnd ? `Ends in ${Math.ceil(left / 60_000)} min` : over ? 'Past the scheduled end' : ''}
      </span>
      <EndSessionButton session={session} onEnded={onEnded} />
    </div>
  );
}
