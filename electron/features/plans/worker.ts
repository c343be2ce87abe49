import type { plansChannels } from '../../../shared/channels/plans';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const plansWorker: WorkerHandlers<WorkerChannelsOf<typeof plansChannels>> = {
  'plans:forPatient': ({ patientId }, env, { plans }) => plans.forPatient(patientId, env),
  'plans:create': ({ patientId }, env, { plans }) => plans.create(patientId, env.planReviewDays, env),
  'plans:version': ({ versionId }, env, { plans }) => plans.version(versionId, env),
  'plans:saveDraft': ({ versionId, version, content }, { now }, { plans }) => plans.saveDraft(versionId, version, content, now),
  'plans:agree': ({ versionId, version, agreement }, env, { plans }) => plans.agree(versionId, version, agreement, env),
  'plans:revise': ({ planId, reason, feedbackId }, env, { plans }) => plans.revise(planId, reason, feedbackId, env),
  'plans:diff': ({ fromVersionId, toVersionId }, _env, { plans }) => plans.diff(fromVersionId, toVersionId),
  'plans:setObjectiveStatus': ({ planId, objectiveId, status, note }, env, { plans }) =>
    plans.setObjectiveStatus(planId, objectiveId, status, note, env),
  'plans:addProgress': ({ planId, update }, { now }, { plans }) => plans.addProgress(planId, update, now),
  'plans:goalsToRate': ({ patientId, ref }, env, { plans }) => plans.goalsToRate(patientId, ref, env),
  'plans:rateGoals': ({ patientId, ref, date, ratings }, env, { plans }) =>
    plans.rateGoals(patientId, ref, date, ratings, 'clinician', env),
  'plans:progressSummaryPrinted': ({ patientId }, { now }, { plans }) => {
    plans.progressSummaryPrinted(patientId, now);
    return { recorded: true };
  },
  'plans:printed': ({ versionId }, { now }, { plans }) => {
    plans.printed(versionId, now);
    return { recorded: true };
  },
};
