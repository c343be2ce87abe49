/**
 * What the calendar flags on a session still to come: the patient's treatment plan is past its
 * review date, their latest session feedback fell and has not been raised yet, or their PHQ-9 or
 * GAD-7 is not on track or reliably worse and the flag is not acknowledged yet (each on the session
 * after the one it was given on, only). Nothing is read for a range with no session ahead. Runs only
 * inside the worker.
 */
import { CANCELLED, type Appointment, type AppointmentAlert } from '../../../shared/appointment';
import type { FeedbackAlertRule } from '../../../shared/feedback';
import type { RuptureRule } from '../../../shared/outcomes-ruptures';
import type { FeedbackRepository } from '../feedback/repository';
import type { ClinicalContext } from '../notes/repository';
import type { OutcomesRepository } from '../outcomes/repository';
import type { PlansRepository } from '../plans/repository';
import { sessionKey } from './sessions';

export class CalendarAlerts {
  readonly #plans: PlansRepository;
  readonly #feedback: FeedbackRepository;
  readonly #outcomes: OutcomesRepository;

  constructor(plans: PlansRepository, feedback: FeedbackRepository, outcomes: OutcomesRepository) {
    this.#plans = plans;
    this.#feedback = feedback;
    this.#outcomes = outcomes;
  }

  apply(appointments: Appointment[], context: ClinicalContext, rule: FeedbackAlertRule, ruptureRule: RuptureRule): Appointment[] {
    const ahead = appointments.filter((a) => a.end > context.now && !CANCELLED.has(a.attendance));
    if (ahead.length === 0) return appointments;
    const patients = [...new Set(ahead.map((a) => a.patientId))];
    const reviewDue = this.#plans.reviewDuePatients(context);
    const nextSessionOf = new Map<string, string>();
    for (const [patientId, feedbackSession] of this.#feedback.dropsAmong(patients, rule)) {
      // The next session after the one the feedback was given on, and not over yet.
      const next = this.#feedback.raiseAt(patientId, feedbackSession, context.now);
      if (next) nextSessionOf.set(patientId, sessionKey(next));
    }
    const flaggedSessionOf = new Map<string, string>();
    for (const [patientId, givenAt] of this.#outcomes.flagsAmong(patients)) {
      const next = this.#feedback.raiseAt(patientId, givenAt, context.now);
      if (next) flaggedSessionOf.set(patientId, sessionKey(next));
    }
    const ruptureSessionOf = new Map<string, string>();
    for (const [patientId, ratedSession] of this.#feedback.rupturesAmong(patients, ruptureRule, context.timeZone)) {
      const next = this.#feedback.raiseAt(patientId, ratedSession, context.now);
      if (next) ruptureSessionOf.set(patientId, sessionKey(next));
    }
    if (reviewDue.size === 0 && nextSessionOf.size === 0 && ruptureSessionOf.size === 0 && flaggedSessionOf.size === 0) return appointments;
    return appointments.map((appointment) => {
      if (!ahead.includes(appointment)) return appointment;
      const alerts: AppointmentAlert[] = [];
      if (reviewDue.has(appointment.patientId)) alerts.push('plan-review-due');
      const rupture = ruptureSessionOf.get(appointment.patientId) === appointment.key;
      // A fall that is also a rupture is raised once, as the rupture: it says why, against the patient's own usual.
      if (!rupture && nextSessionOf.get(appointment.patientId) === appointment.key) alerts.push('feedback-drop');
      if (flaggedSessionOf.get(appointment.patientId) === appointment.key) alerts.push('outcome-flag');
      if (rupture) alerts.push('rupture');
      return alerts.length === 0 ? appointment : { ...appointment, alerts: [...appointment.alerts, ...alerts] };
    });
  }
}
