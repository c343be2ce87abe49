import type { medicationsChannels } from '../../../shared/channels/medications';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const medicationsWorker: WorkerHandlers<WorkerChannelsOf<typeof medicationsChannels>> = {
  'medications:list': ({ patientId }, _env, { medications }) => medications.list(patientId),
  'medications:record': ({ patientId, entry }, { now }, { medications }) => medications.record(patientId, entry, now),
  'medications:markEnteredInError': ({ eventId, reason }, { now }, { medications }) => medications.markEnteredInError(eventId, reason, now),
  'medications:planDifferences': ({ patientId }, _env, { plans }) => plans.medicationCheck(patientId),
  'allergies:get': ({ patientId }, _env, { medications }) => medications.allergies(patientId),
  'allergies:add': ({ patientId, allergy }, { now }, { medications }) => medications.addAllergy(patientId, allergy, now),
  'allergies:markEnteredInError': ({ id, reason }, { now }, { medications }) => medications.markAllergyEnteredInError(id, reason, now),
  'allergies:noneKnown': ({ patientId }, { now }, { medications }) => medications.noneKnown(patientId, now),
};
