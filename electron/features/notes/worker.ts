import type { notesChannels } from '../../../shared/channels/notes';
import type { WorkerChannelsOf, WorkerHandlers } from '../handlers';

export const notesWorker: WorkerHandlers<WorkerChannelsOf<typeof notesChannels>> = {
  'notes:list': ({ patientId, limit, after }, _env, { notes }) => notes.list(patientId, limit, after),
  'notes:get': ({ id }, { now }, { notes }) => notes.read(id, now),
  'notes:forSession': ({ ref }, _env, { notes }) => notes.forSession(ref),
  'notes:lastSigned': ({ patientId }, _env, { notes }) => notes.lastSigned(patientId),
  'notes:create': (input, env, { notes }) => notes.create(input, env),
  'notes:saveDraft': ({ id, version, fields, serviceDate, copiedKeys }, { now }, { notes }) =>
    notes.saveDraft(id, version, fields, serviceDate, now, copiedKeys),
  'notes:discardDraft': ({ id, version }, { now }, { notes }) => {
    notes.discardDraft(id, version, now);
    return { discarded: true };
  },
  'notes:sign': ({ id, version, signedBy }, { now }, { notes }) => notes.sign(id, version, signedBy, now),
  'notes:addAddendum': ({ noteId, text, signedBy }, { now }, { notes }) => notes.addAddendum(noteId, text, signedBy, now),
  'notes:templates': (_input, _env, { notes }) => notes.templates.list(),
  'notes:createTemplate': (input, { now }, { notes }) => notes.templates.create(input, now),
  'notes:saveTemplate': (input, { now }, { notes }) => notes.templates.save(input, now),
  'notes:archiveTemplate': ({ id, archived }, { now }, { notes }) => notes.templates.setArchived(id, archived, now),
  'notes:printed': ({ id }, { now }, { notes }) => {
    notes.printed(id, now);
    return { recorded: true };
  },
};
