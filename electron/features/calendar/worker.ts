import { AppError } from '../../../shared/errors';
import type { calendarChannels } from '../../../shared/channels/calendar';
import type { CallEnvironment, WorkerChannelsOf, WorkerHandlers } from '../handlers';
import type { SchedulingContext } from './appointments';
import { exportCalendar } from './export';
import { proposeNextSession } from './next-session';

/** What the worker needs to judge a booking, a cancellation or "now". */
export function scheduling({ now, timeZone, workingHours, lateCancellationHours }: CallEnvironment): SchedulingContext {
  return { now, timeZone, workingHours, lateCancellationHours };
}

export const calendarWorker: WorkerHandlers<WorkerChannelsOf<typeof calendarChannels>> = {
  // With the time and zone, so sessions to come of a plan due for review carry that alert.
  'calendar:range': ({ from, to, includeCancelled }, env, { appointments, alerts }) =>
    alerts.apply(appointments.range(from, to, includeCancelled), env, env.feedbackRule, env.ruptureRule),
  'appointments:get': ({ ref }, env, { appointments, alerts }) => {
    const [appointment] = alerts.apply([appointments.get(ref)], env, env.feedbackRule, env.ruptureRule);
    if (!appointment) throw new AppError('NOT_FOUND', 'There is no such session.');
    return appointment;
  },
  'appointments:warnings': ({ start, durationMinutes, ignore }, env, { appointments }) =>
    appointments.warnings(start, durationMinutes, ignore, scheduling(env)),
  'appointments:create': ({ appointment, acknowledgeWarnings }, env, { appointments }) =>
    appointments.create(appointment, acknowledgeWarnings, scheduling(env)),
  'appointments:update': ({ ref, scope, version, changes, acknowledgeWarnings }, env, { appointments }) =>
    appointments.update(ref, scope, version, changes, acknowledgeWarnings, scheduling(env)),
  'appointments:cancel': ({ ref, scope, by, cancelledAt, afterStart }, env, { appointments }) =>
    appointments.cancel(ref, scope, by, scheduling(env), cancelledAt === undefined ? { afterStart } : { cancelledAt, afterStart }),
  'appointments:setAttendance': ({ ref, attendance, lateMinutes }, { now }, { appointments }) =>
    appointments.setAttendance(ref, attendance, lateMinutes, now),
  'sessions:start': ({ ref, lateness }, { now }, { appointments }) => appointments.startSession(ref, now, lateness),
  'sessions:end': ({ ref }, { now }, { appointments }) => appointments.endSession(ref, now),
  'appointments:proposeNext': ({ patientId }, env, { patients, sessions }) => {
    patients.require(patientId);
    return proposeNextSession(sessions, patientId, env);
  },
  'appointments:upcoming': ({ patientId }, { now }, { appointments }) => appointments.upcoming(patientId, now),
  'sessions:running': (_input, _env, { appointments }) => appointments.running(),
  'patients:attendance': ({ patientId }, { now }, { attendance }) => attendance.attendance(patientId, now),
  'reports:onTime': ({ from, to, groupBy }, { timeZone }, { attendance }) => attendance.onTime(from, to, groupBy, timeZone),
  'reports:lateSessions': ({ from, to }, _env, { attendance }) => attendance.lateSessions(from, to),
  'calendar:exportIcs': ({ from, to, names, includeCancelled }, { timeZone }, { sessions }) =>
    exportCalendar(sessions, { from, to, names, includeCancelled, timeZone }),
};
