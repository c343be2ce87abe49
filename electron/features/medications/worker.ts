import type { medicationsChannels } from '../../../shared/channels/medications';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const medicationsWorker: WorkerHandlers<WorkerChannelsOf<typeof medicationsChannels>> = {
  'medications:list': ({ patientId }, _env, { medications }) => medications.list(patientId),
  // A medication stopped (or entered in error) ends its titration or taper schedule in the same transaction.
  'medications:record': ({ patientId, entry }, { now }, { db, medications, titrations }) =>
    db.transaction(() => {
      const medication = medications.record(patientId, entry, now);
      titrations.endWithStoppedMedications(patientId, now);
      return medication;
    })(),
  'medications:markEnteredInError': ({ eventId, reason }, { now }, { db, medications, titrations }) =>
    db.transaction(() => {
      const lists = medications.markEnteredInError(eventId, reason, now);
      const patientId = lists.entries[0]?.patientId;
      if (patientId !== undefined) titrations.endWithStoppedMedications(patientId, now);
      return lists;
    })(),
  'medications:planDifferences': ({ patientId }, _env, { plans }) => plans.medicationCheck(patientId),
  'allergies:get': ({ patientId }, _env, { medications }) => medications.allergies(patientId),
  'allergies:add': ({ patientId, allergy }, { now }, { medications }) => medications.addAllergy(patientId, allergy, now),
  'allergies:markEnteredInError': ({ id, reason }, { now }, { medications }) => medications.markAllergyEnteredInError(id, reason, now),
  'allergies:noneKnown': ({ patientId }, { now }, { medications }) => medications.noneKnown(patientId, now),
};
