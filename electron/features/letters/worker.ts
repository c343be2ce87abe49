import type { lettersChannels } from '../../../shared/channels/letters';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const lettersWorker: WorkerHandlers<WorkerChannelsOf<typeof lettersChannels>> = {
  'letters:list': ({ patientId }, _env, { letters }) => letters.list(patientId),
  'letters:get': ({ id }, { now }, { letters }) => letters.read(id, now),
  'letters:create': (input, env, { letters }) => letters.create(input, env),
  'letters:saveDraft': (input, { now }, { letters }) => letters.saveDraft(input, now),
  'letters:discardDraft': ({ id, version }, { now }, { letters }) => {
    letters.discardDraft(id, version, now);
    return { discarded: true };
  },
  'letters:sign': ({ id, version, signedBy }, { now }, { letters }) => letters.sign(id, version, signedBy, now),
  'letters:addAddendum': ({ letterId, text, signedBy }, { now }, { letters }) => letters.addAddendum(letterId, text, signedBy, now),
  'letters:printed': ({ id }, { now }, { letters }) => {
    letters.printed(id, now);
    return { recorded: true };
  },
  'letters:templates': (_input, _env, { letters }) => letters.templates(),
  'letters:saveTemplate': (input, { now }, { letters }) => letters.saveTemplate(input, now),
};
