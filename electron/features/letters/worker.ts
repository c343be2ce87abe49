import type { lettersChannels } from '../../../shared/channels/letters';
import { DISCLOSURE_MESSAGES } from '../../../shared/consents';
import { AppError } from '../../../shared/errors';
import { letterParts } from '../../../shared/letters';
import { recordDisclosure } from '../consents/worker';
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
  'letters:send': ({ id, exception }, env, repos) =>
    repos.letters.send(id, env.now, (letter) => {
      if (letter.kind === 'patient') return null;
      if (letter.recipient === null) throw new AppError('INTERNAL', 'A letter to anyone but the patient names its recipient.');
      const carried = letterParts(letter.sections);
      if (exception !== null) {
        if (carried.length === 0)
          throw new AppError('INVALID_INPUT', 'This letter carries nothing from the record to share under an exception.');
        return recordDisclosure(repos, env, {
          patientId: letter.patientId,
          item: 'letter',
          itemId: letter.id,
          parts: carried,
          basis: { kind: 'exception', exception: exception.exception, reason: exception.reason, recipient: letter.recipient },
        }).id;
      }
      if (letter.consentId === null) throw new AppError('INVALID_INPUT', DISCLOSURE_MESSAGES.notCovered);
      // A letter of free paragraphs only still leaves under the consent it was written to: it names what that consent covers.
      const parts = carried.length > 0 ? carried : repos.consents.get(letter.consentId).parts;
      return recordDisclosure(repos, env, {
        patientId: letter.patientId,
        item: 'letter',
        itemId: letter.id,
        parts,
        basis: { kind: 'consent', consentId: letter.consentId },
      }).id;
    }),
  'letters:templates': (_input, _env, { letters }) => letters.templates(),
  'letters:saveTemplate': (input, { now }, { letters }) => letters.saveTemplate(input, now),
};
