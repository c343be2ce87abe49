import type { notesChannels } from '../../../shared/channels/notes';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const notesWorker: WorkerHandlers<WorkerChannelsOf<typeof notesChannels>> = {
  'notes:list': ({ patientId, limit, after }, _env, { notes }) => notes.list(patientId, limit, after),
  'notes:get': ({ id }, { now }, { notes }) => notes.read(id, now),
  'notes:forSession': ({ ref }, _env, { notes }) => notes.forSession(ref),
  'notes:create': (input, env, { notes }) => notes.create(input, env),
  'notes:saveDraft': ({ id, version, fields, serviceDate }, { now }, { notes }) => notes.saveDraft(id, version, fields, serviceDate, now),
  'notes:discardDraft': ({ id, version }, { now }, { notes }) => {
    notes.discardDraft(id, version, now);
    return { discarded: true };
  },
  'notes:sign': ({ id, version, signedBy }, { now }, { notes }) => notes.sign(id, version, signedBy, now),
  'notes:addAddendum': ({ noteId, text, signedBy }, { now }, { notes }) => notes.addAddendum(noteId, text, signedBy, now),
  'notes:printed': ({ id }, { now }, { notes }) => {
    notes.printed(id, now);
    return { recorded: true };
  },
};
