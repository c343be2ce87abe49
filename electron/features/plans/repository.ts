/**
 * Treatment plans: versions, agreement, revision, objectives' status and progress updates. A final or
 * superseded version is refused by the schema's triggers too (migration 0009). Every read and change
 * is audited. Runs only inside the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import type { OccurrenceRef } from '../../../shared/appointment';
import { AppError } from '../../../shared/errors';
import { goalRatingDue, type GoalRating, type GoalRatingAnswer, type GoalsToRate } from '../../../shared/goal-ratings';
import { deriveMedications } from '../../../shared/medication';
import {
  agreementProblems,
  agreementSchema,
  diffPlanContent,
  emptyPlanContent,
  medicationDifferences,
  planDraftContentSchema,
  storedPlanContent,
  type Agreement,
  type ObjectiveStatus,
  type ObjectiveStatusEntry,
  type Plan,
  type PlanContent,
  type PlanDiff,
  type PlanMedicationCheck,
  type PlanStatus,
  type PlanVersion,
  type PlanVersionSummary,
  type ProgressUpdate,
  type ProgressUpdateInput,
} from '../../../shared/plan';
import { instantToLocal } from '../../../shared/recurrence';
import type { AuditLog } from '../audit/repository';
import type { AppointmentsRepository } from '../calendar/appointments';
import type { DiagnosesRepository } from '../diagnoses/repository';
import type { FeedbackRepository } from '../feedback/repository';
import type { MedicationsRepository } from '../medications/repository';
import type { ClinicalContext } from '../notes/repository';
import type { PatientsRepository } from '../patients/repository';
import { indexPlan } from '../search/search-index';

type VersionRow = {
  id: string;
  plan_id: string;
  patient_id: string;
  number: number;
  status: 'draft' | 'final';
  reason: string | null;
  feedback_id: string | null;
  content: string;
  review_date: string;
  agreement: string | null;
  created_at: string;
  updated_at: string;
  version: number;
};

type StatusRow = { id: string; objective_id: string; plan_version_id: string; status: ObjectiveStatus; note: string; at: string };
type ProgressRow = {
  id: string;
  plan_id: string;
  goal_id: string;
  date: string;
  rating: number;
  working: string;
  not_working: string;
  note_id: string | null;
  appointment_id: string | null;
  feedback_id: string | null;
  created_at: string;
};

type GoalRatingRow = {
  id: string;
  patient_id: string;
  plan_id: string;
  plan_version_id: string;
  goal_id: string;
  rating: number;
  date: string;
  appointment_id: string | null;
  source: 'patient' | 'clinician';
  created_at: string;
};

function toGoalRating(row: GoalRatingRow): GoalRating {
  return {
    id: row.id,
    patientId: row.patient_id,
    planId: row.plan_id,
    planVersionId: row.plan_version_id,
    goalId: row.goal_id,
    rating: row.rating,
    date: row.date,
    appointmentId: row.appointment_id,
    source: row.source,
    createdAt: row.created_at,
  };
}

/** A plan's goal ratings, oldest first (goal_ratings_by_plan). */
const GOAL_RATINGS_SQL = 'SELECT * FROM goal_ratings WHERE plan_id = $planId ORDER BY date, created_at, rowid';

const VERSION_SQL = `SELECT v.*, p.patient_id FROM plan_versions v JOIN treatment_plans p ON p.id = v.plan_id`;

/** Patients whose plan's latest version is past its review date (plan_versions_by_review). */
export const REVIEW_DUE_SQL = `
  SELECT p.patient_id FROM plan_versions v JOIN treatment_plans p ON p.id = v.plan_id
  WHERE v.review_date < $today AND v.number = (SELECT max(number) FROM plan_versions WHERE plan_id = v.plan_id)`;

const CONFLICT_MESSAGE = 'This plan was saved elsewhere since you opened it. It now shows the latest version.';
const FINAL_MESSAGE = 'This version of the plan is final. Revise the plan to change it.';

/**
 * The stored content, checked again by the schema: a file edited by hand must not reach the window
 * unchecked. A draft may hold half-written items; a final version passed the whole schema when agreed.
 */
function parseContent(json: string): PlanContent {
  const parsed = planDraftContentSchema.safeParse(storedPlanContent(JSON.parse(json)));
  if (!parsed.success) throw new AppError('VAULT_DAMAGED', 'A treatment plan in the database is not in the form Alliance wrote it.');
  return parsed.data;
}

function parseAgreement(json: string | null): Agreement | null {
  if (json === null) return null;
  const parsed = agreementSchema.safeParse(JSON.parse(json));
  if (!parsed.success)
    throw new AppError('VAULT_DAMAGED', 'A treatment plan’s agreement in the database is not in the form Alliance wrote it.');
  return parsed.data;
}

function toVersion(row: VersionRow): PlanVersion {
  return {
    id: row.id,
    planId: row.plan_id,
    patientId: row.patient_id,
    number: row.number,
    status: row.status,
    reason: row.reason,
    feedbackId: row.feedback_id,
    content: parseContent(row.content),
    agreement: parseAgreement(row.agreement),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function summaryOf(version: PlanVersion): PlanVersionSummary {
  return {
    id: version.id,
    number: version.number,
    status: version.status,
    reason: version.reason,
    createdAt: version.createdAt,
    agreement: version.agreement,
  };
}

function toProgress(row: ProgressRow): ProgressUpdate {
  return {
    id: row.id,
    planId: row.plan_id,
    goalId: row.goal_id,
    date: row.date,
    rating: row.rating,
    working: row.working,
    notWorking: row.not_working,
    noteId: row.note_id,
    appointmentId: row.appointment_id,
    feedbackId: row.feedback_id,
    createdAt: row.created_at,
  };
}

function today(context: ClinicalContext): string {
  return instantToLocal(new Date(context.now), context.timeZone).slice(0, 10);
}

/** Every goal, objective and intervention id in the content, which must all differ. */
function itemIds(content: PlanContent): string[] {
  return [
    ...content.goals.flatMap((goal) => [goal.id, ...goal.objectives.map((objective) => objective.id)]),
    ...content.interventions.psychotherapy.map((item) => item.id),
    ...content.interventions.medications.map((item) => item.id),
    ...content.interventions.referrals.map((item) => item.id),
  ];
}

export class PlansRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;
  readonly #diagnoses: DiagnosesRepository;
  readonly #medications: MedicationsRepository;
  readonly #feedback: FeedbackRepository;
  readonly #appointments: AppointmentsRepository;

  constructor(parts: {
    db: Database;
    audit: AuditLog;
    patients: PatientsRepository;
    diagnoses: DiagnosesRepository;
    medications: MedicationsRepository;
    feedback: FeedbackRepository;
    appointments: AppointmentsRepository;
  }) {
    this.#db = parts.db;
    this.#audit = parts.audit;
    this.#patients = parts.patients;
    this.#diagnoses = parts.diagnoses;
    this.#medications = parts.medications;
    this.#feedback = parts.feedback;
    this.#appointments = parts.appointments;
  }

  /** The patient's plan with its history, recorded as read; null when none was begun. */
  forPatient(patientId: string, context: ClinicalContext): Plan | null {
    this.#patients.require(patientId);
    const planId = this.#planIdOf(patientId);
    if (planId === null) return null;
    this.#audit.read(context.now, { action: 'plan.read', recordType: 'plan', recordId: planId, patientId });
    return this.#plan(planId, context);
  }

  /** Every version of the patient's plan, the first first, its progress updates and goal ratings, for a copy of the record. */
  history(patientId: string): { versions: PlanVersion[]; progress: ProgressUpdate[]; goalRatings: GoalRating[] } {
    const planId = this.#planIdOf(patientId);
    if (planId === null) return { versions: [], progress: [], goalRatings: [] };
    return {
      goalRatings: this.#goalRatings(planId),
      versions: this.#db.prepare(`${VERSION_SQL} WHERE v.plan_id = $planId ORDER BY v.number`).all<VersionRow>({ planId }).map(toVersion),
      progress: this.#db
        .prepare('SELECT * FROM progress_updates WHERE plan_id = $planId ORDER BY date, created_at')
        .all<ProgressRow>({ planId })
        .map(toProgress),
    };
  }

  /** What the chart's header shows of the plan. */
  status(patientId: string, context: ClinicalContext): PlanStatus | null {
    const planId = this.#planIdOf(patientId);
    if (planId === null) return null;
    const current = this.#latest(planId);
    return {
      planId,
      number: current.number,
      status: current.status,
      agreementMethod: parseAgreement(current.agreement)?.method ?? null,
      reviewDate: current.review_date,
      reviewDue: current.review_date < today(context),
    };
  }

  /**
   * The plan in force (the last version the patient agreed to) against the chart's current
   * medications: null when no version is agreed yet.
   */
  medicationCheck(patientId: string): PlanMedicationCheck | null {
    this.#patients.require(patientId);
    const planId = this.#planIdOf(patientId);
    if (planId === null) return null;
    const rows = this.#db
      .prepare(`${VERSION_SQL} WHERE v.plan_id = $planId AND v.status = 'final' ORDER BY v.number DESC`)
      .all<VersionRow>({ planId });
    const inForce = rows.map(toVersion).find((version) => version.agreement !== null && version.agreement.method !== 'declined');
    if (!inForce?.agreement) return null;
    const { current } = deriveMedications(this.#medications.events(patientId));
    return {
      versionId: inForce.id,
      number: inForce.number,
      agreedOn: inForce.agreement.date,
      differences: medicationDifferences(inForce.content.interventions.medications, current),
    };
  }

  /** Patients whose plan is past its review date: the calendar flags their sessions. */
  reviewDuePatients(context: ClinicalContext): Set<string> {
    return new Set(this.#db.prepare(REVIEW_DUE_SQL, { pluck: true }).all<string>({ today: today(context) }));
  }

  /**
   * Begins the patient's plan: a first draft with the chart's active diagnoses and current medications
   * already in it, and the review date the preference sets.
   */
  create(patientId: string, reviewDays: number, context: ClinicalContext): Plan {
    this.#patients.require(patientId);
    if (this.#planIdOf(patientId) !== null) throw new AppError('CONFLICT', 'This patient already has a treatment plan. Revise it instead.');
    const content = emptyPlanContent(today(context), reviewDays);
    content.diagnoses = this.#diagnoses
      .current(patientId)
      .filter((d) => d.status === 'active')
      .map((d) => ({ diagnosisId: d.id, code: d.code, label: d.label }));
    content.interventions.medications = deriveMedications(this.#medications.events(patientId)).current.map((m) => ({
      id: randomUUID(),
      medicationId: m.medicationId,
      name: m.name,
      dose: m.dose,
      frequency: m.frequency,
      monitoring: '',
    }));
    const planId = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare('INSERT INTO treatment_plans (id, patient_id, created_at) VALUES ($id, $patientId, $now)')
        .run({ id: planId, patientId, now: context.now });
      this.#insertVersion(planId, 1, null, content, context.now);
      this.#audit.append(context.now, { action: 'plan.create', recordType: 'plan', recordId: planId, patientId });
    })();
    return this.#plan(planId, context);
  }

  version(versionId: string, context: ClinicalContext): PlanVersion {
    const version = this.#version(versionId);
    this.#audit.read(context.now, { action: 'plan.read', recordType: 'plan-version', recordId: versionId, patientId: version.patientId });
    return version;
  }

  saveDraft(versionId: string, expectedVersion: number, content: PlanContent, now: string): PlanVersion {
    const current = this.#editableDraft(versionId, expectedVersion);
    this.#checkContent(current.patientId, content);
    this.#db.transaction(() => {
      const result = this.#db
        .prepare(
          `UPDATE plan_versions SET content = $content, review_date = $reviewDate, updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version AND status = 'draft'`,
        )
        .run({ id: versionId, version: expectedVersion, content: JSON.stringify(content), reviewDate: content.reviewDate, now });
      if (result.changes === 0) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
      indexPlan(this.#db, current.planId);
      this.#audit.touch(now, { action: 'plan.draft-save', recordType: 'plan-version', recordId: versionId, patientId: current.patientId });
    })();
    return this.#version(versionId);
  }

  /** Records how the patient agreed (or declined), which makes the version final. */
  agree(versionId: string, expectedVersion: number, agreement: Agreement, context: ClinicalContext): Plan {
    const current = this.#editableDraft(versionId, expectedVersion);
    const problems = agreementProblems(current.content);
    if (problems.length > 0) throw new AppError('INVALID_INPUT', problems.join(' '));
    if (agreement.date > today(context))
      throw new AppError('INVALID_INPUT', 'The agreement is recorded on the day it happened: today or earlier.', [
        { path: 'agreement.date', message: 'Today or earlier' },
      ]);
    const written = instantToLocal(new Date(current.createdAt), context.timeZone).slice(0, 10);
    if (agreement.date < written) {
      // No date in the words: the worker cannot write it in the person's locale, and a form must not show an ISO date.
      throw new AppError('INVALID_INPUT', 'This version was written after that day; it cannot have been agreed before it was written.', [
        { path: 'agreement.date', message: 'On or after the day this version was written' },
      ]);
    }
    this.#db.transaction(() => {
      const result = this.#db
        .prepare(
          `UPDATE plan_versions SET status = 'final', agreement = $agreement, updated_at = $now, version = version + 1
           WHERE id = $id AND version = $version AND status = 'draft'`,
        )
        .run({ id: versionId, version: expectedVersion, agreement: JSON.stringify(agreement), now: context.now });
      if (result.changes === 0) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
      this.#audit.append(context.now, {
        action: 'plan.agree',
        recordType: 'plan-version',
        recordId: versionId,
        patientId: current.patientId,
      });
    })();
    return this.#plan(current.planId, context);
  }

  /**
   * A new draft copied forward from the final version in force, with the reason for revising it.
   * Objectives carry their status as it stands now.
   */
  revise(planId: string, reason: string, feedbackId: string | null, context: ClinicalContext): Plan {
    const latest = this.#latest(planId);
    const current = toVersion(latest);
    if (feedbackId !== null && this.#feedback.get(feedbackId).patientId !== current.patientId)
      throw new AppError('INVALID_INPUT', 'This feedback is another patient’s.');
    if (current.status === 'draft')
      throw new AppError(
        'CONFLICT',
        `Version ${current.number} is still a draft: change it directly, then record the patient’s agreement.`,
      );
    const statuses = this.#effectiveStatus(current);
    const content: PlanContent = {
      ...current.content,
      goals: current.content.goals.map((goal) => ({
        ...goal,
        objectives: goal.objectives.map((objective) => ({ ...objective, status: statuses[objective.id] ?? objective.status })),
      })),
    };
    this.#db.transaction(() => {
      const id = this.#insertVersion(planId, current.number + 1, reason, content, context.now, feedbackId);
      if (feedbackId !== null) this.#feedback.markDiscussed(feedbackId, context.now);
      this.#audit.append(context.now, { action: 'plan.revise', recordType: 'plan-version', recordId: id, patientId: current.patientId });
    })();
    return this.#plan(planId, context);
  }

  diff(fromVersionId: string, toVersionId: string): PlanDiff {
    const from = this.#version(fromVersionId);
    const to = this.#version(toVersionId);
    if (from.planId !== to.planId) throw new AppError('INVALID_INPUT', 'These versions belong to different plans.');
    const [older, newer] = from.number <= to.number ? [from, to] : [to, from];
    const reasons = this.#db
      .prepare('SELECT number, reason FROM plan_versions WHERE plan_id = $planId AND number > $from AND number <= $to ORDER BY number')
      .all<{ number: number; reason: string }>({ planId: from.planId, from: older.number, to: newer.number });
    return { from: summaryOf(from), to: summaryOf(to), reasons, changes: diffPlanContent(from.content, to.content) };
  }

  /** A dated change of an objective's status, while the plan is in force. */
  setObjectiveStatus(planId: string, objectiveId: string, status: ObjectiveStatus, note: string, context: ClinicalContext): Plan {
    const current = toVersion(this.#latest(planId));
    const exists = current.content.goals.some((goal) => goal.objectives.some((objective) => objective.id === objectiveId));
    if (!exists) throw new AppError('NOT_FOUND', 'This objective is not in the current version of the plan.');
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO objective_status_entries (id, plan_id, plan_version_id, objective_id, status, note, at)
           VALUES ($id, $planId, $versionId, $objectiveId, $status, $note, $now)`,
        )
        .run({ id: randomUUID(), planId, versionId: current.id, objectiveId, status, note, now: context.now });
      this.#audit.append(context.now, {
        action: 'plan.objective-status',
        recordType: 'plan',
        recordId: planId,
        patientId: current.patientId,
      });
    })();
    return this.#plan(planId, context);
  }

  addProgress(planId: string, input: ProgressUpdateInput, now: string): ProgressUpdate {
    const current = toVersion(this.#latest(planId));
    if (!current.content.goals.some((goal) => goal.id === input.goalId))
      throw new AppError('NOT_FOUND', 'This goal is not in the current version of the plan.');
    let appointmentId: string | null = null;
    if (input.noteId !== null) {
      const note = this.#db
        .prepare('SELECT patient_id, appointment_id FROM notes WHERE id = $id')
        .get<{ patient_id: string; appointment_id: string | null }>({ id: input.noteId });
      if (!note) throw new AppError('NOT_FOUND', 'There is no note with this id.');
      if (note.patient_id !== current.patientId) throw new AppError('INVALID_INPUT', 'This note belongs to another patient.');
      appointmentId = note.appointment_id;
    }
    if (input.feedbackId !== null && this.#feedback.get(input.feedbackId).patientId !== current.patientId) {
      throw new AppError('INVALID_INPUT', 'This feedback is another patient’s.');
    }
    const id = randomUUID();
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `INSERT INTO progress_updates (id, plan_id, goal_id, date, rating, working, not_working, note_id, appointment_id, feedback_id, created_at)
           VALUES ($id, $planId, $goalId, $date, $rating, $working, $notWorking, $noteId, $appointmentId, $feedbackId, $now)`,
        )
        .run({
          id,
          planId,
          goalId: input.goalId,
          date: input.date,
          rating: input.rating,
          working: input.working,
          notWorking: input.notWorking,
          noteId: input.noteId,
          appointmentId,
          feedbackId: input.feedbackId,
          now,
        });
      if (input.feedbackId !== null) this.#feedback.markDiscussed(input.feedbackId, now);
      this.#audit.append(now, { action: 'plan.progress', recordType: 'progress-update', recordId: id, patientId: current.patientId });
    })();
    const row = this.#db.prepare('SELECT * FROM progress_updates WHERE id = $id').get<ProgressRow>({ id });
    if (!row) throw new AppError('INTERNAL', 'The progress update was written but could not be read back.');
    return toProgress(row);
  }

  /**
   * What the patient is asked to rate: each goal of the plan in force (the last version agreed, not
   * declined), in their own words, with its last rating and whether the plan's interval makes any due
   * today (or at this session). Null when no version is in force or it has no goals.
   */
  goalsToRate(patientId: string, ref: OccurrenceRef | null, context: ClinicalContext): GoalsToRate | null {
    this.#patients.require(patientId);
    const planId = this.#planIdOf(patientId);
    const inForce = planId === null ? undefined : this.#inForce(planId);
    if (planId === null || !inForce || inForce.content.goals.length === 0) return null;
    const ratings = this.#goalRatings(planId);
    const sessionId = ref === null ? null : this.#storedAppointmentId(ref);
    const interval = inForce.content.goalRatingInterval;
    const goals = inForce.content.goals.map((goal) => {
      const own = ratings.filter((r) => r.goalId === goal.id);
      const last = own.at(-1);
      return {
        goalId: goal.id,
        patientWords: goal.patientWords,
        last: last ? { rating: last.rating, date: last.date } : null,
        due: goalRatingDue(
          interval,
          last?.date ?? null,
          today(context),
          sessionId !== null && own.some((r) => r.appointmentId === sessionId),
        ),
      };
    });
    return {
      planVersionId: inForce.id,
      interval,
      goals: goals.map(({ due: _due, ...goal }) => goal),
      due: goals.some((goal) => goal.due),
    };
  }

  /**
   * The patient's ratings of goals of the plan in force, at a session (dated by it) or on a day of
   * their own; by the patient in patient mode or entered by the clinician. A goal is rated once a session.
   */
  rateGoals(
    patientId: string,
    ref: OccurrenceRef | null,
    date: string | null,
    answers: readonly GoalRatingAnswer[],
    source: GoalRating['source'],
    context: ClinicalContext,
  ): GoalRating[] {
    this.#patients.require(patientId);
    const planId = this.#planIdOf(patientId);
    const inForce = planId === null ? undefined : this.#inForce(planId);
    if (planId === null || !inForce)
      throw new AppError('CONFLICT', 'The patient has not agreed to a treatment plan yet: there is no goal to rate.');
    const goalIds = new Set(inForce.content.goals.map((goal) => goal.id));
    if (answers.some((answer) => !goalIds.has(answer.goalId)))
      throw new AppError('INVALID_INPUT', 'A goal rated is not a goal of the plan the patient agreed to.');
    const ids: string[] = [];
    this.#db.transaction(() => {
      let appointmentId: string | null = null;
      let day = date ?? today(context);
      if (ref !== null) {
        const session = this.#appointments.get(ref);
        if (session.patientId !== patientId) throw new AppError('INVALID_INPUT', 'This session belongs to another patient.');
        if (Date.parse(session.start) > Date.parse(context.now) + 60 * 60_000)
          throw new AppError('INVALID_INPUT', 'This session has not happened yet; goals are rated on the day.');
        appointmentId = this.#appointments.store(ref, context.now);
        day = instantToLocal(new Date(session.start), context.timeZone).slice(0, 10);
        const rated = new Set(
          this.#db
            .prepare('SELECT goal_id FROM goal_ratings WHERE appointment_id = $appointmentId', { pluck: true })
            .all<string>({ appointmentId }),
        );
        if (answers.some((answer) => rated.has(answer.goalId)))
          throw new AppError('CONFLICT', 'A goal was already rated at this session; a goal is rated once a session.');
      } else if (day > today(context)) {
        throw new AppError('INVALID_INPUT', 'Goals are rated on the day: today or earlier.', [
          { path: 'date', message: 'Today or earlier' },
        ]);
      }
      const insert = this.#db.prepare(
        `INSERT INTO goal_ratings (id, patient_id, plan_id, plan_version_id, goal_id, rating, date, appointment_id, source, created_at)
         VALUES ($id, $patientId, $planId, $versionId, $goalId, $rating, $date, $appointmentId, $source, $now)`,
      );
      for (const answer of answers) {
        const id = randomUUID();
        insert.run({
          id,
          patientId,
          planId,
          versionId: inForce.id,
          goalId: answer.goalId,
          rating: answer.rating,
          date: day,
          appointmentId,
          source,
          now: context.now,
        });
        ids.push(id);
        this.#audit.append(context.now, { action: 'plan.goal-rating', recordType: 'goal-rating', recordId: id, patientId });
      }
    })();
    const written = new Set(ids);
    return this.#goalRatings(planId).filter((rating) => written.has(rating.id));
  }

  /** Records in the audit log that the patient's progress summary was printed or saved. */
  progressSummaryPrinted(patientId: string, now: string): void {
    this.#patients.require(patientId);
    const planId = this.#planIdOf(patientId);
    if (planId === null) throw new AppError('NOT_FOUND', 'This patient has no treatment plan.');
    this.#audit.append(now, { action: 'plan.progress-summary-print', recordType: 'plan', recordId: planId, patientId });
  }

  printed(versionId: string, now: string): void {
    const version = this.#version(versionId);
    this.#audit.append(now, { action: 'plan.print', recordType: 'plan-version', recordId: versionId, patientId: version.patientId });
  }

  #checkContent(patientId: string, content: PlanContent): void {
    const ids = itemIds(content);
    if (new Set(ids).size !== ids.length) throw new AppError('INVALID_INPUT', 'Two goals, objectives or interventions share an id.');
    const diagnoses = new Set(this.#diagnoses.current(patientId).map((d) => d.id));
    const foreign = content.diagnoses.find((d) => !diagnoses.has(d.diagnosisId));
    if (foreign)
      throw new AppError('INVALID_INPUT', `${foreign.code} is not a diagnosis in force on this chart.`, [
        { path: 'content.diagnoses', message: 'Choose from the chart’s diagnoses' },
      ]);
    const courses = new Set(this.#medications.events(patientId).map((e) => e.medicationId));
    const unknown = content.interventions.medications.find((m) => m.medicationId !== null && !courses.has(m.medicationId));
    if (unknown) throw new AppError('INVALID_INPUT', `${unknown.name} is not on this chart’s medication list.`);
  }

  #editableDraft(versionId: string, expectedVersion: number): PlanVersion {
    const version = this.#version(versionId);
    const latest = this.#latest(version.planId);
    if (version.status === 'final' || latest.id !== versionId) throw new AppError('CONFLICT', FINAL_MESSAGE);
    if (version.version !== expectedVersion) throw new AppError('CONFLICT', CONFLICT_MESSAGE);
    return version;
  }

  #insertVersion(
    planId: string,
    number: number,
    reason: string | null,
    content: PlanContent,
    now: string,
    feedbackId: string | null = null,
  ): string {
    const id = randomUUID();
    this.#db
      .prepare(
        `INSERT INTO plan_versions (id, plan_id, number, status, reason, feedback_id, content, review_date, agreement, created_at, updated_at, version)
         VALUES ($id, $planId, $number, 'draft', $reason, $feedbackId, $content, $reviewDate, NULL, $now, $now, 1)`,
      )
      .run({ id, planId, number, reason, feedbackId, content: JSON.stringify(content), reviewDate: content.reviewDate, now });
    indexPlan(this.#db, planId);
    return id;
  }

  /** The plan in force: the last version the patient agreed to (a declined one is not). */
  #inForce(planId: string): PlanVersion | undefined {
    return this.#db
      .prepare(`${VERSION_SQL} WHERE v.plan_id = $planId AND v.status = 'final' ORDER BY v.number DESC`)
      .all<VersionRow>({ planId })
      .map(toVersion)
      .find((version) => version.agreement !== null && version.agreement.method !== 'declined');
  }

  #goalRatings(planId: string): GoalRating[] {
    return this.#db.prepare(GOAL_RATINGS_SQL).all<GoalRatingRow>({ planId }).map(toGoalRating);
  }

  /** The stored appointment of a session, if it was ever stored (an occurrence of a series is stored once something is kept for it). */
  #storedAppointmentId(ref: OccurrenceRef): string | null {
    if (ref.type === 'single') return ref.id;
    return (
      this.#db
        .prepare('SELECT id FROM appointments WHERE series_id = $seriesId AND original_start = $slot', { pluck: true })
        .get<string>({ seriesId: ref.seriesId, slot: ref.originalStart }) ?? null
    );
  }

  #planIdOf(patientId: string): string | null {
    return (
      this.#db.prepare('SELECT id FROM treatment_plans WHERE patient_id = $patientId', { pluck: true }).get<string>({ patientId }) ?? null
    );
  }

  #latest(planId: string): VersionRow {
    const row = this.#db.prepare(`${VERSION_SQL} WHERE v.plan_id = $planId ORDER BY v.number DESC LIMIT 1`).get<VersionRow>({ planId });
    if (!row) throw new AppError('NOT_FOUND', 'There is no treatment plan with this id.');
    return row;
  }

  #version(versionId: string): PlanVersion {
    const row = this.#db.prepare(`${VERSION_SQL} WHERE v.id = $id`).get<VersionRow>({ id: versionId });
    if (!row) throw new AppError('NOT_FOUND', 'There is no plan version with this id.');
    return toVersion(row);
  }

  #statusEntries(planId: string): ObjectiveStatusEntry[] {
    return this.#db
      .prepare('SELECT * FROM objective_status_entries WHERE plan_id = $planId ORDER BY at, rowid')
      .all<StatusRow>({ planId })
      .map((row) => ({
        id: row.id,
        objectiveId: row.objective_id,
        planVersionId: row.plan_version_id,
        status: row.status,
        note: row.note,
        at: row.at,
      }));
  }

  /** Each objective of the version: its last dated change since the version was written, else what the version says. */
  #effectiveStatus(current: PlanVersion, entries = this.#statusEntries(current.planId)): Record<string, ObjectiveStatus> {
    const statuses: Record<string, ObjectiveStatus> = {};
    for (const goal of current.content.goals) for (const objective of goal.objectives) statuses[objective.id] = objective.status;
    for (const entry of entries)
      if (entry.at >= current.createdAt && entry.objectiveId in statuses) statuses[entry.objectiveId] = entry.status;
    return statuses;
  }

  #plan(planId: string, context: ClinicalContext): Plan {
    const rows = this.#db.prepare(`${VERSION_SQL} WHERE v.plan_id = $planId ORDER BY v.number DESC`).all<VersionRow>({ planId });
    const versions = rows.map(toVersion);
    const current = versions[0];
    if (!current) throw new AppError('NOT_FOUND', 'There is no treatment plan with this id.');
    const statusHistory = this.#statusEntries(planId);
    const progress = this.#db
      .prepare('SELECT * FROM progress_updates WHERE plan_id = $planId ORDER BY date, created_at')
      .all<ProgressRow>({ planId })
      .map(toProgress);
    return {
      planId,
      patientId: current.patientId,
      current,
      versions: versions.map(summaryOf),
      objectiveStatus: this.#effectiveStatus(current, statusHistory),
      statusHistory,
      progress,
      goalRatings: this.#goalRatings(planId),
      reviewDue: current.content.reviewDate < today(context),
    };
  }
}
