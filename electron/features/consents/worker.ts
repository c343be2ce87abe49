import type { consentsChannels } from '../../../shared/channels/consents';
import {
  CONSENT_STATUS_LABELS,
  consentStatus,
  DISCLOSURE_MESSAGES,
  disclosureInputSchema,
  partsNotCovered,
  RECORD_PART_LABELS,
  type Disclosure,
  type DisclosureInput,
} from '../../../shared/consents';
import { AppError } from '../../../shared/errors';
import { instantToLocal } from '../../../shared/recurrence';
import type { Repositories } from '../../database/connection';
import type { CallEnvironment, WorkerChannelsOf, WorkerHandlers } from '../handlers';
import type { CheckedDisclosure } from './repository';

/** The practice's local date: a consent is in force by the day, not by the instant. */
function today({ now, timeZone }: Pick<CallEnvironment, 'now' | 'timeZone'>): string {
  return instantToLocal(new Date(now), timeZone).slice(0, 10);
}

/** A recipient's name inside a sentence, isolated (FSI … PDI) as a <bdi> would isolate it on screen. */
function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}

function refuse(message: string): AppError {
  return new AppError('INVALID_INPUT', message, [{ path: 'basis', message }]);
}

/** The basis of a disclosure checked on the practice's today; throws the refusal the person reads. */
function checkBasis(repos: Repositories, env: Pick<CallEnvironment, 'now' | 'timeZone'>, input: DisclosureInput): CheckedDisclosure {
  const common = { patientId: input.patientId, item: input.item, itemId: input.itemId, parts: input.parts };
  const { basis } = input;
  if (basis.kind === 'patient') {
    return { ...common, recipient: null, basis: 'patient', consentId: null, exception: null, exceptionReason: null };
  }
  if (basis.kind === 'exception') {
    return {
      ...common,
      recipient: basis.recipient,
      basis: 'exception',
      consentId: null,
      exception: basis.exception,
      exceptionReason: basis.reason,
    };
  }
  const consent = repos.consents.get(basis.consentId);
  if (consent.patientId !== input.patientId) throw refuse(`${DISCLOSURE_MESSAGES.notCovered}: this consent is another patient’s.`);
  const day = today(env);
  const missing = partsNotCovered(consent, input.parts, day);
  if (missing.length > 0) {
    const status = consentStatus(consent, day);
    const why =
      status === 'active' || status === 'expiring'
        ? `the consent to ${isolated(consent.recipient.name)} does not include ${missing.map((part) => RECORD_PART_LABELS[part]).join(', ')}`
        : `the consent to ${isolated(consent.recipient.name)} is not in force (${CONSENT_STATUS_LABELS[status].toLocaleLowerCase('en')}), so it covers none of ${missing.map((part) => RECORD_PART_LABELS[part]).join(', ')}`;
    throw refuse(`${DISCLOSURE_MESSAGES.notCovered}: ${why}.`);
  }
  return { ...common, recipient: consent.recipient, basis: 'consent', consentId: consent.id, exception: null, exceptionReason: null };
}

/**
 * Records that something leaves the practice, after checking its basis: a consent of the same patient
 * in force on the practice's today covering every part sent, an exception with its reason, or the
 * patient themself. Writes the disclosure and its audit entry in the caller's transaction, so a letter
 * marked sent and its disclosure are written together or not at all.
 */
export function recordDisclosure(repos: Repositories, env: Pick<CallEnvironment, 'now' | 'timeZone'>, input: DisclosureInput): Disclosure {
  const parsed = disclosureInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('INVALID_INPUT', issue?.message ?? 'This disclosure is not complete.', [
      { path: issue?.path.join('.') ?? 'basis', message: issue?.message ?? '' },
    ]);
  }
  repos.patients.require(parsed.data.patientId);
  return repos.consents.writeDisclosure(checkBasis(repos, env, parsed.data), env.now);
}

export const consentsWorker: WorkerHandlers<WorkerChannelsOf<typeof consentsChannels>> = {
  'consents:list': ({ patientId }, env, { consents }) => {
    const day = today(env);
    return { today: day, consents: consents.list(patientId).map((consent) => consents.withStatus(consent, day)) };
  },
  'consents:record': (input, env, { consents }) => consents.withStatus(consents.record(input, env.now), today(env)),
  'consents:revoke': (revocation, env, { consents }) => consents.withStatus(consents.revoke(revocation, today(env), env.now), today(env)),
  'consents:enteredInError': ({ consentId, reason }, env, { consents }) =>
    consents.withStatus(consents.markEnteredInError(consentId, reason, env.now), today(env)),
  'consents:formPrinted': ({ consentId }, { now }, { consents }) => {
    consents.formPrinted(consentId, now);
    return { recorded: true };
  },
  'disclosures:list': ({ patientId }, _env, { consents }) => consents.disclosures(patientId),
  'disclosures:record': (input, env, repos) => repos.db.transaction(() => recordDisclosure(repos, env, input))(),
  'disclosures:check': (input, env, repos) => {
    repos.patients.require(input.patientId);
    checkBasis(repos, env, input);
    return { allowed: true };
  },
  'disclosures:accountingPrinted': ({ patientId }, { now }, { consents }) => {
    consents.accountingPrinted(patientId, now);
    return { recorded: true };
  },
};
