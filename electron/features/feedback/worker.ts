import type { feedbackChannels } from '../../../shared/channels/feedback';
import { instantToLocal } from '../../../shared/recurrence';
import type { CallEnvironment, WorkerChannelsOf, WorkerHandlers } from '../handlers';

function today({ now, timeZone }: CallEnvironment): string {
  return instantToLocal(new Date(now), timeZone).slice(0, 10);
}

export const feedbackWorker: WorkerHandlers<WorkerChannelsOf<typeof feedbackChannels>> = {
  'feedback:record': ({ ref, answers }, env, { feedback }) => feedback.recordFeedback(ref, answers, 'clinician', env),
  'measures:record': ({ patientId, ref, measure }, env, { feedback }) => feedback.recordMeasure(patientId, ref, measure, 'clinician', env),
  'feedback:forSession': ({ ref }, _env, { feedback }) => feedback.forSession(ref),
  'feedback:trends': ({ patientId }, env, { feedback }) => feedback.trends(patientId, env.feedbackRule, env.now),
  'feedback:rupture': ({ patientId }, env, { feedback }) => feedback.rupture(patientId, env.ruptureRule, env),
  'feedback:practice': ({ from, to }, env, { feedback }) => feedback.practice(from, to, env.feedbackRule, env, env.ruptureRule),
  'measures:schedule': ({ patientId }, env, { measureSchedules }) => measureSchedules.schedule(patientId, today(env)),
  'measures:setSchedule': (change, env, { measureSchedules }) => measureSchedules.set(change, env.now, today(env)),
  'measures:acknowledge': ({ measureId, acknowledgement }, { now }, { feedback }) => feedback.acknowledge(measureId, acknowledgement, now),
};
