/**
 * One handler per contract channel. The table is checked against the contract, so a channel
 * without a handler (or a handler with the wrong types) does not compile.
 */
import type { BridgeEvent, Channel, ChannelOutput, ParsedInput } from '../../shared/contract';
import type { CallContext } from '../app-core-types';
import type { DatabaseClient } from '../database/client';
import type { SchedulingContext } from '../database/repositories/appointments';
import type { PreferenceStore } from '../preferences/store';
import { AppError } from '../../shared/errors';
import type { FeedbackAlertRule } from '../../shared/feedback';
import type { DiagnosticLog } from '../diagnostics/log';
import type { PatientMode } from '../patient-mode';
import type { IdleLock } from '../vault/auto-lock';
import type { Vault } from '../vault/vault';

/** Everything a handler may use; built once by the app core, plus the caller's context. */
export type HandlerServices = {
  vault: Vault;
  database: DatabaseClient;
  preferences: PreferenceStore;
  idleLock: IdleLock;
  emit: (event: BridgeEvent) => void;
  /** The app core's clock (tests fix it): it times sessions and decides what is past. */
  now: () => number;
  /** The practice's IANA time zone, asked each time so a laptop that travels follows the clock on the wall. */
  timeZone: () => string;
  /** Whether the patient holds the laptop, and for which session and forms. */
  patientMode: PatientMode;
  /** Where true bugs are recorded, without clinical data. */
  diagnostics: DiagnosticLog;
};

/** What the worker needs to judge a booking, a cancellation or "now"; it has no clock or preferences of its own. */
function schedulingContext({ now, timeZone, preferences }: HandlerServices): SchedulingContext {
  const { workingHours, lateCancellationHours } = preferences.get();
  return { now: new Date(now()).toISOString(), timeZone: timeZone(), workingHours, lateCancellationHours };
}

function nowIso({ now }: HandlerServices): string {
  return new Date(now()).toISOString();
}

/*
 * data:changed scopes are channel prefixes. Any change to a session can change what the calendar, the
 * session itself and the timer show, and (a session booked in the past, moved across "now" or to another
 * patient, given attendance, timed) the patient's attendance record and the on-time report.
 */
const SESSION_CHANGES = ['calendar', 'appointments', 'sessions', 'patients', 'reports', 'chart', 'notes', 'audit'] as const;

/** The time and the practice's zone, for what the worker dates by the practice's calendar. */
function clinicalContext(services: HandlerServices) {
  return { now: nowIso(services), timeZone: services.timeZone() };
}

/** When session feedback is raised at the next session, from the preferences. */
function feedbackRule({ preferences }: HandlerServices): FeedbackAlertRule {
  const { feedbackAlertBelow, feedbackDropBy } = preferences.get();
  return { below: feedbackAlertBelow, dropBy: feedbackDropBy };
}

/** A session can be handed over from an hour before its start until the end of the day after. */
const HANDOVER_BEFORE_MS = 60 * 60_000;
const HANDOVER_AFTER_MS = 36 * 60 * 60_000;

/*
 * What a change in a chart can change on screen: the chart's header, panel and timeline, its audit
 * history, what search finds, and the records of its own kind.
 */
const PATIENT_CHANGES = ['patients', 'chart', 'search', 'audit', 'calendar', 'appointments'] as const;
const DIAGNOSIS_CHANGES = ['diagnoses', 'chart', 'audit'] as const;
const MEDICATION_CHANGES = ['medications', 'chart', 'audit'] as const;
const ALLERGY_CHANGES = ['allergies', 'chart', 'audit'] as const;
const NOTE_CHANGES = ['notes', 'chart', 'search', 'audit'] as const;
/** A plan's review date flags sessions on the calendar. */
const PLAN_CHANGES = ['plans', 'chart', 'audit', 'calendar'] as const;
/** Feedback flags the next session; a plan revision or progress update may cite it. */
const FEEDBACK_CHANGES = ['feedback', 'measures', 'chart', 'audit', 'calendar', 'appointments', 'plans'] as const;

export type Handler<C extends Channel> = {
  run(input: ParsedInput<C>, services: HandlerServices, call: CallContext): Promise<ChannelOutput<C>>;
  /** The data scopes a successful call changes; views of them refetch. */
  changes?: readonly string[];
};

export type HandlerTable = { [C in Channel]: Handler<C> };

export const handlers = {
  'vault:status': { run: (_input, { vault }) => vault.status() },
  'vault:prepareSetup': { run: ({ passphrase }, { vault }) => vault.prepareSetup(passphrase) },
  'vault:cancelSetup': { run: (_input, { vault }) => vault.cancelSetup() },
  'vault:confirmSetup': { run: (_input, { vault }) => vault.confirmSetup() },
  'vault:unlock': { run: ({ passphrase }, { vault }) => vault.unlock(passphrase) },
  'vault:recover': { run: ({ recoveryCode, newPassphrase }, { vault }) => vault.recover(recoveryCode, newPassphrase) },
  'vault:lock': { run: (_input, { vault }) => vault.lock('manual') },
  'vault:changePassphrase': {
    run: ({ currentPassphrase, newPassphrase }, { vault }) => vault.changePassphrase(currentPassphrase, newPassphrase),
  },
  'session:activity': {
    // The activity itself was counted by dispatch; this answers when the lock will now fall.
    run: async (_input, { idleLock }) => {
      const lockAt = idleLock.lockAt();
      return { idleLockAt: lockAt === null ? null : new Date(lockAt).toISOString() };
    },
  },

  'preferences:get': { run: async (_input, { preferences }) => preferences.get() },
  'preferences:update': {
    run: async (patch, { preferences, idleLock }) => {
      const updated = preferences.update(patch);
      idleLock.preferencesChanged();
      return updated;
    },
  },

  'patients:list': { run: ({ includeArchived }, { database }) => database.call('patients.list', { includeArchived }) },
  'patients:get': { run: ({ id }, { database }) => database.call('patients.get', { id }) },
  'patients:create': { run: ({ patient }, services) => services.database.call('patients.create', { patient, now: nowIso(services) }), changes: PATIENT_CHANGES },
  'patients:update': {
    run: ({ id, version, patient }, services) => services.database.call('patients.update', { id, version, patient, now: nowIso(services) }),
    changes: PATIENT_CHANGES,
  },
  'patients:archive': {
    run: ({ id, version }, services) => services.database.call('patients.archive', { id, version, now: nowIso(services) }),
    changes: PATIENT_CHANGES,
  },
  'patients:restore': {
    run: ({ id, version }, services) => services.database.call('patients.restore', { id, version, now: nowIso(services) }),
    changes: PATIENT_CHANGES,
  },

  'calendar:range': {
    run: ({ from, to, includeCancelled }, services) =>
      services.database.call('calendar.range', { from, to, includeCancelled, context: clinicalContext(services), rule: feedbackRule(services) }),
  },
  'appointments:get': { run: ({ ref }, services) => services.database.call('appointments.get', { ref, context: clinicalContext(services), rule: feedbackRule(services) }) },
  'appointments:warnings': {
    run: ({ start, durationMinutes, ignore }, services) =>
      services.database.call('appointments.warnings', { start, durationMinutes, ignore, context: schedulingContext(services) }),
  },
  'appointments:create': {
    run: ({ appointment, acknowledgeWarnings }, services) =>
      services.database.call('appointments.create', { appointment, acknowledgeWarnings, context: schedulingContext(services) }),
    changes: SESSION_CHANGES,
  },
  'appointments:update': {
    run: ({ ref, scope, version, changes, acknowledgeWarnings }, services) =>
      services.database.call('appointments.update', { ref, scope, version, changes, acknowledgeWarnings, context: schedulingContext(services) }),
    changes: SESSION_CHANGES,
  },
  'appointments:cancel': {
    run: ({ ref, scope, by }, services) => services.database.call('appointments.cancel', { ref, scope, by, context: schedulingContext(services) }),
    changes: SESSION_CHANGES,
  },
  'appointments:setAttendance': {
    run: ({ ref, attendance, lateMinutes }, services) =>
      services.database.call('appointments.setAttendance', { ref, attendance, lateMinutes, now: nowIso(services) }),
    changes: SESSION_CHANGES,
  },
  'sessions:start': {
    run: ({ ref }, services) => services.database.call('sessions.start', { ref, now: nowIso(services) }),
    changes: SESSION_CHANGES,
  },
  'sessions:end': {
    run: ({ ref }, services) => services.database.call('sessions.end', { ref, now: nowIso(services) }),
    changes: SESSION_CHANGES,
  },
  'sessions:running': { run: (_input, { database }) => database.call('sessions.running', {}) },
  'patients:attendance': {
    run: ({ patientId }, services) => services.database.call('patients.attendance', { patientId, now: nowIso(services) }),
  },
  'reports:onTime': {
    run: ({ from, to, groupBy }, services) => services.database.call('reports.onTime', { from, to, groupBy, timeZone: services.timeZone() }),
  },
  'calendar:exportIcs': {
    run: ({ from, to, names, includeCancelled }, services) =>
      services.database.call('calendar.exportIcs', { from, to, names, includeCancelled, timeZone: services.timeZone() }),
  },

  'chart:summary': {
    run: ({ patientId }, services) => services.database.call('chart.summary', { patientId, context: clinicalContext(services), rule: feedbackRule(services) }),
  },
  'chart:timeline': { run: ({ patientId }, services) => services.database.call('chart.timeline', { patientId, context: clinicalContext(services) }) },
  'diagnoses:list': { run: ({ patientId }, { database }) => database.call('diagnoses.list', { patientId }) },
  'diagnoses:add': {
    run: ({ patientId, diagnosis }, services) => services.database.call('diagnoses.add', { patientId, diagnosis, now: nowIso(services) }),
    changes: DIAGNOSIS_CHANGES,
  },
  'diagnoses:update': {
    run: ({ id, version, changes }, services) => services.database.call('diagnoses.update', { id, version, changes, now: nowIso(services) }),
    changes: DIAGNOSIS_CHANGES,
  },
  'diagnoses:markEnteredInError': {
    run: ({ id, version, reason }, services) => services.database.call('diagnoses.markEnteredInError', { id, version, reason, now: nowIso(services) }),
    changes: DIAGNOSIS_CHANGES,
  },
  'medications:list': { run: ({ patientId }, { database }) => database.call('medications.list', { patientId }) },
  'medications:record': {
    run: ({ patientId, entry }, services) => services.database.call('medications.record', { patientId, entry, now: nowIso(services) }),
    changes: MEDICATION_CHANGES,
  },
  'medications:markEnteredInError': {
    run: ({ eventId, reason }, services) => services.database.call('medications.markEnteredInError', { eventId, reason, now: nowIso(services) }),
    changes: MEDICATION_CHANGES,
  },
  'allergies:get': { run: ({ patientId }, { database }) => database.call('allergies.get', { patientId }) },
  'allergies:add': {
    run: ({ patientId, allergy }, services) => services.database.call('allergies.add', { patientId, allergy, now: nowIso(services) }),
    changes: ALLERGY_CHANGES,
  },
  'allergies:markEnteredInError': {
    run: ({ id, reason }, services) => services.database.call('allergies.markEnteredInError', { id, reason, now: nowIso(services) }),
    changes: ALLERGY_CHANGES,
  },
  'allergies:noneKnown': {
    run: ({ patientId }, services) => services.database.call('allergies.noneKnown', { patientId, now: nowIso(services) }),
    changes: ALLERGY_CHANGES,
  },
  'notes:list': { run: ({ patientId, limit, after }, { database }) => database.call('notes.list', { patientId, limit, after }) },
  'notes:get': { run: ({ id }, services) => services.database.call('notes.read', { id, now: nowIso(services) }) },
  'notes:forSession': { run: ({ ref }, { database }) => database.call('notes.forSession', { ref }) },
  'notes:create': {
    run: (input, services) => services.database.call('notes.create', { input, context: clinicalContext(services) }),
    // A note begun for a session stores that session, which the calendar then reads as a row.
    changes: [...NOTE_CHANGES, 'calendar', 'appointments'],
  },
  'notes:saveDraft': {
    run: ({ id, version, fields, serviceDate }, services) => services.database.call('notes.saveDraft', { id, version, fields, serviceDate, now: nowIso(services) }),
    changes: NOTE_CHANGES,
  },
  'notes:discardDraft': {
    run: ({ id, version }, services) => services.database.call('notes.discardDraft', { id, version, now: nowIso(services) }),
    changes: NOTE_CHANGES,
  },
  'notes:sign': {
    run: ({ id, version, signedBy }, services) => services.database.call('notes.sign', { id, version, signedBy, now: nowIso(services) }),
    changes: NOTE_CHANGES,
  },
  'notes:addAddendum': {
    run: ({ noteId, text, signedBy }, services) => services.database.call('notes.addAddendum', { noteId, text, signedBy, now: nowIso(services) }),
    changes: NOTE_CHANGES,
  },
  'notes:printed': { run: ({ id }, services) => services.database.call('notes.printed', { id, now: nowIso(services) }), changes: ['audit'] },
  'search:query': { run: ({ text, limit }, { database }) => database.call('search.query', { text, limit }) },
  'audit:forPatient': { run: ({ patientId, limit }, { database }) => database.call('audit.forPatient', { patientId, limit }) },
  'audit:verify': { run: (_input, { database }) => database.call('audit.verify', {}) },

  'plans:forPatient': { run: ({ patientId }, services) => services.database.call('plans.forPatient', { patientId, context: clinicalContext(services) }) },
  'plans:create': {
    run: ({ patientId }, services) =>
      services.database.call('plans.create', { patientId, reviewDays: services.preferences.get().planReviewDays, context: clinicalContext(services) }),
    changes: PLAN_CHANGES,
  },
  'plans:version': { run: ({ versionId }, services) => services.database.call('plans.version', { versionId, context: clinicalContext(services) }) },
  'plans:saveDraft': {
    run: ({ versionId, version, content }, services) => services.database.call('plans.saveDraft', { versionId, version, content, now: nowIso(services) }),
    changes: PLAN_CHANGES,
  },
  'plans:agree': {
    run: ({ versionId, version, agreement }, services) => services.database.call('plans.agree', { versionId, version, agreement, context: clinicalContext(services) }),
    changes: PLAN_CHANGES,
  },
  'plans:revise': {
    run: ({ planId, reason, feedbackId }, services) => services.database.call('plans.revise', { planId, reason, feedbackId, context: clinicalContext(services) }),
    changes: [...PLAN_CHANGES, 'feedback'],
  },
  'plans:diff': { run: ({ fromVersionId, toVersionId }, { database }) => database.call('plans.diff', { fromVersionId, toVersionId }) },
  'plans:setObjectiveStatus': {
    run: ({ planId, objectiveId, status, note }, services) =>
      services.database.call('plans.setObjectiveStatus', { planId, objectiveId, status, note, context: clinicalContext(services) }),
    changes: PLAN_CHANGES,
  },
  'plans:addProgress': {
    run: ({ planId, update }, services) => services.database.call('plans.addProgress', { planId, update, now: nowIso(services) }),
    changes: [...PLAN_CHANGES, 'feedback'],
  },
  'plans:printed': { run: ({ versionId }, services) => services.database.call('plans.printed', { versionId, now: nowIso(services) }), changes: ['audit'] },

  'patientMode:enter': {
    run: async ({ ref, forms }, services) => {
      const session = await services.database.call('appointments.get', { ref, context: clinicalContext(services), rule: feedbackRule(services) });
      const now = services.now();
      if (Date.parse(session.start) - HANDOVER_BEFORE_MS > now || Date.parse(session.end) + HANDOVER_AFTER_MS < now) {
        throw new AppError('INVALID_INPUT', 'Patient mode is for today’s session: from an hour before it starts until the day after.');
      }
      if (forms.includes('feedback') && (await services.database.call('feedback.forSession', { ref })).feedback !== null) {
        throw new AppError('CONFLICT', 'Feedback on this session was already given.');
      }
      const status = services.patientMode.begin({ ref, patientId: session.patientId, forms, since: nowIso(services) });
      const record = session.ref.type === 'single' ? { recordType: 'appointment' as const, recordId: session.ref.id } : { recordType: 'series' as const, recordId: session.ref.seriesId };
      await services.database.call('audit.record', { record: { action: 'patient-mode.enter', patientId: session.patientId, ...record }, now: nowIso(services) });
      return status;
    },
    changes: ['audit'],
  },
  'patientMode:status': { run: async (_input, { patientMode }) => patientMode.status() },
  'patientMode:submitFeedback': {
    run: async ({ answers }, services) => {
      const session = services.patientMode.expect('feedback');
      await services.database.call('feedback.record', { ref: session.ref, answers, source: 'patient', context: clinicalContext(services) });
      return services.patientMode.complete('feedback');
    },
    changes: FEEDBACK_CHANGES,
  },
  'patientMode:submitMeasure': {
    run: async ({ measure }, services) => {
      const session = services.patientMode.expect(measure.instrument);
      await services.database.call('measures.record', { patientId: session.patientId, ref: session.ref, measure, source: 'patient', context: clinicalContext(services) });
      return services.patientMode.complete(measure.instrument);
    },
    changes: FEEDBACK_CHANGES,
  },
  'patientMode:leave': {
    run: async ({ passphrase }, services) => {
      if (!services.patientMode.isActive()) return { status: services.patientMode.status(), selfHarmAlerts: [] };
      if (!(await services.vault.checkPassphrase(passphrase))) {
        throw new AppError('WRONG_PASSPHRASE', 'That is not the passphrase. The laptop stays in patient mode.');
      }
      const ended = services.patientMode.end();
      if (!ended) return { status: services.patientMode.status(), selfHarmAlerts: [] };
      await services.database.call('audit.record', {
        record: { action: 'patient-mode.leave', recordType: 'patient', recordId: ended.patientId, patientId: ended.patientId },
        now: nowIso(services),
      });
      const selfHarmAlerts = await services.database.call('feedback.selfHarmAlerts', { patientId: ended.patientId, since: ended.since });
      return { status: services.patientMode.status(), selfHarmAlerts };
    },
    changes: ['audit', 'chart'],
  },
  'feedback:record': {
    run: ({ ref, answers }, services) => services.database.call('feedback.record', { ref, answers, source: 'clinician', context: clinicalContext(services) }),
    changes: FEEDBACK_CHANGES,
  },
  'measures:record': {
    run: ({ patientId, ref, measure }, services) =>
      services.database.call('measures.record', { patientId, ref, measure, source: 'clinician', context: clinicalContext(services) }),
    changes: FEEDBACK_CHANGES,
  },
  'feedback:forSession': { run: ({ ref }, { database }) => database.call('feedback.forSession', { ref }) },
  'feedback:trends': { run: ({ patientId }, services) => services.database.call('feedback.trends', { patientId, rule: feedbackRule(services), now: nowIso(services) }) },
  'feedback:practice': {
    run: ({ from, to }, services) => services.database.call('feedback.practice', { from, to, rule: feedbackRule(services), context: clinicalContext(services) }),
  },
  'measures:acknowledge': {
    run: ({ measureId }, services) => services.database.call('measures.acknowledge', { measureId, now: nowIso(services) }),
    changes: FEEDBACK_CHANGES,
  },

  'files:save': {
    run: async ({ suggestedFileName, content, mimeType }, _services, { files }) => ({
      outcome: await files.save(suggestedFileName, content, mimeType),
    }),
  },

  'print:window': {
    run: async ({ target, suggestedFileName }, _services, { printer }) => ({ outcome: await printer.print(target, suggestedFileName) }),
  },
} satisfies HandlerTable;
