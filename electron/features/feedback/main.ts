/**
 * Patient mode is held by the main process: while the patient has the laptop, dispatch answers only
 * the channels declared for it, whatever the window asks.
 */
import type { feedbackChannels } from '../../../shared/channels/feedback';
import { AppError } from '../../../shared/errors';
import { isPatientForm } from '../../../shared/feedback';
import { environment } from '../../ipc/services';
import type { MainChannelsOf, MainHandlers } from '../handlers';

/** A session can be handed over from an hour before its start until the end of the day after. */
const HANDOVER_BEFORE_MS = 60 * 60_000;
const HANDOVER_AFTER_MS = 36 * 60 * 60_000;

export const feedbackMain: MainHandlers<MainChannelsOf<typeof feedbackChannels>> = {
  'patientMode:enter': async ({ ref, forms }, services) => {
    const env = environment(services);
    const session = await services.database.run('appointments:get', { ref }, env);
    const now = services.now();
    if (Date.parse(session.start) - HANDOVER_BEFORE_MS > now || Date.parse(session.end) + HANDOVER_AFTER_MS < now) {
      throw new AppError('INVALID_INPUT', 'Patient mode is for today’s session: from an hour before it starts until the day after.');
    }
    if (forms.includes('feedback') && (await services.database.run('feedback:forSession', { ref }, env)).feedback !== null) {
      throw new AppError('CONFLICT', 'Feedback on this session was already given.');
    }
    if (
      forms.includes('goals') &&
      (await services.database.run('plans:goalsToRate', { patientId: session.patientId, ref }, env)) === null
    ) {
      throw new AppError('CONFLICT', 'The patient has no agreed treatment plan with goals to rate.');
    }
    if (services.patientMode.isActive()) throw new AppError('CONFLICT', 'Patient mode is already on.');
    // Handing the laptop over means the patient is here: a session with no attendance recorded is
    // recorded as attended; one recorded otherwise (late, say) is left as it is.
    if (session.attendance === 'scheduled') {
      await services.database.run('appointments:setAttendance', { ref, attendance: 'attended', lateMinutes: null }, env);
    }
    const status = services.patientMode.begin({ ref, patientId: session.patientId, forms, since: env.now });
    const record =
      session.ref.type === 'single'
        ? { recordType: 'appointment' as const, recordId: session.ref.id }
        : { recordType: 'series' as const, recordId: session.ref.seriesId };
    await services.database.call('audit.record', {
      record: { action: 'patient-mode.enter', patientId: session.patientId, ...record },
      now: env.now,
    });
    return status;
  },
  'patientMode:status': async (_input, { patientMode }) => patientMode.status(),
  // The practice's crisis contacts, from the vault: the same on every device the patient may be handed.
  'patientMode:support': async (_input, services) => ({
    crisisContacts: (await services.database.run('preferences:practice', {}, environment(services))).crisisContacts,
  }),
  'patientMode:submitFeedback': async ({ answers }, services) => {
    const session = services.patientMode.expect('feedback');
    await services.database.call('patientMode.recordFeedback', { ref: session.ref, answers, environment: environment(services) });
    return services.patientMode.complete('feedback');
  },
  'patientMode:submitMeasure': async ({ measure }, services) => {
    const form = measure.instrument;
    if (!isPatientForm(form)) throw new AppError('FORBIDDEN', 'The clinician rates this measure; it is not a form for the patient.');
    const session = services.patientMode.expect(form);
    await services.database.call('patientMode.recordMeasure', {
      patientId: session.patientId,
      ref: session.ref,
      measure,
      environment: environment(services),
    });
    return services.patientMode.complete(form);
  },
  'patientMode:goals': async (_input, services) => {
    const session = services.patientMode.expect('goals');
    const toRate = await services.database.run(
      'plans:goalsToRate',
      { patientId: session.patientId, ref: session.ref },
      environment(services),
    );
    // The patient's own words and nothing else of the chart: no formulation, no earlier ratings.
    return { goals: (toRate?.goals ?? []).map(({ goalId, patientWords }) => ({ goalId, patientWords })) };
  },
  'patientMode:submitGoalRatings': async ({ ratings }, services) => {
    const session = services.patientMode.expect('goals');
    await services.database.call('patientMode.rateGoals', {
      patientId: session.patientId,
      ref: session.ref,
      ratings,
      environment: environment(services),
    });
    return services.patientMode.complete('goals');
  },
  'patientMode:leave': async ({ passphrase }, services) => {
    if (!services.patientMode.isActive()) return { status: services.patientMode.status(), selfHarmAlerts: [] };
    if (!(await services.vault.checkPassphrase(passphrase))) {
      throw new AppError('WRONG_PASSPHRASE', 'That is not the passphrase. The laptop stays in patient mode.');
    }
    const ended = services.patientMode.end();
    if (!ended) return { status: services.patientMode.status(), selfHarmAlerts: [] };
    await services.database.call('audit.record', {
      record: { action: 'patient-mode.leave', recordType: 'patient', recordId: ended.patientId, patientId: ended.patientId },
      now: new Date(services.now()).toISOString(),
    });
    const selfHarmAlerts = await services.database.call('patientMode.selfHarmAlerts', { patientId: ended.patientId, since: ended.since });
    return { status: services.patientMode.status(), selfHarmAlerts };
  },
};
