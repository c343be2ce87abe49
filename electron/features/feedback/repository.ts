/**
 * Session feedback and outcome measures: recorded as the patient gave them, tied to the session,
 * audited, and read back as trends, as the drop that flags the next session, and as the practice's
 * completion rate. Runs only inside the database worker.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '@signalapp/sqlcipher';
import type { OccurrenceRef } from '../../../shared/appointment';
import { AppError } from '../../../shared/errors';
import {
  feedbackDrop,
  type Acknowledgement,
  type AcknowledgementAction,
  feedbackScore,
  type Feedback,
  type FeedbackAlertRule,
  type FeedbackDrop,
  type FeedbackAnswers,
  type FeedbackSource,
  type Measure,
  type PracticeFeedback,
  type SelfHarmAlert,
  type Trends,
} from '../../../shared/feedback';
import {
  FREQUENCY_ANSWERS,
  INSTRUMENT_DEFINITIONS,
  PHQ9_SELF_HARM_ITEM,
  scoreMeasure,
  type Instrument,
  type MeasureAnswers,
} from '../../../shared/measures';
import {
  COMBINED_ALLIANCE_FALL,
  median,
  MIN_SESSIONS_FOR_MEDIAN,
  ruptureSignal,
  type Rupture,
  type RuptureRule,
  type RuptureSignal,
} from '../../../shared/outcomes-ruptures';
import { instantToLocal } from '../../../shared/recurrence';
import type { AppointmentsRepository } from '../calendar/appointments';
import type { AuditLog } from '../audit/repository';
import type { ClinicalContext } from '../notes/repository';
import type { PatientsRepository } from '../patients/repository';
import { DAY_MS, patientName, toAppointment, type Session, type SessionReader } from '../calendar/sessions';

type FeedbackRow = {
  id: string;
  patient_id: string;
  appointment_id: string;
  heard: number;
  focus: number;
  approach: number;
  overall: number;
  helpful: string;
  not_helpful: string;
  unproductive_topic: string;
  score: number;
  source: FeedbackSource;
  created_at: string;
  discussed_at: string | null;
  /** When a rupture this feedback showed was acknowledged, if it was (outcome_flag_acknowledgements). */
  rupture_acknowledged_at: string | null;
  session_start: string;
};

type MeasureRow = {
  id: string;
  patient_id: string;
  appointment_id: string | null;
  instrument: Instrument;
  answers: string;
  difficulty: number | null;
  score: number;
  band: string;
  self_harm: number;
  source: FeedbackSource;
  date: string;
  created_at: string;
  acknowledged_at: string | null;
  acknowledged_actions: string | null;
  acknowledged_note: string | null;
};

/**
 * A rupture acknowledged with a note (0023's store) counts as the feedback discussed, as a progress
 * update or plan revision citing it does (discussed_at): either ends the drop and the rupture alike.
 */
const RUPTURE_ACKNOWLEDGED_SQL = `(SELECT min(k.created_at) FROM outcome_flag_acknowledgements k WHERE k.feedback_id = f.id)`;
const FEEDBACK_SQL = `SELECT f.*, a.start_utc AS session_start, ${RUPTURE_ACKNOWLEDGED_SQL} AS rupture_acknowledged_at
  FROM session_feedback f JOIN appointments a ON a.id = f.appointment_id`;
/**
 * The order every rule that reads "previous" or "average" needs: by the session the feedback is
 * about, not by when it was entered (paper answers are often entered days later); entry time breaks
 * a tie.
 */
const SESSION_ORDER = 'a.start_utc, f.created_at, f.id';
/** One patient's feedback, oldest session first, from session_feedback_by_patient. */
export const PATIENT_FEEDBACK_SQL = `${FEEDBACK_SQL} WHERE f.patient_id = $patientId ORDER BY ${SESSION_ORDER}`;
/** One patient's measures, oldest first, from measures_by_patient. */
export const PATIENT_MEASURES_SQL = 'SELECT * FROM measures WHERE patient_id = $patientId ORDER BY date, created_at';
/** What a rupture reads of one patient's measures, oldest first: only the columns it needs, from measures_series. */
const RUPTURE_MEASURES_SQL = 'SELECT instrument, score, date FROM measures WHERE patient_id = $patientId ORDER BY date, created_at';
type RuptureMeasure = { instrument: Instrument; score: number; date: string };
const OPEN_SELF_HARM_SQL = 'SELECT * FROM measures WHERE patient_id = $patientId AND self_harm = 1 AND acknowledged_at IS NULL';

function earliest(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  return b === null || a <= b ? a : b;
}

function toFeedback(row: FeedbackRow): Feedback {
  return {
    id: row.id,
    patientId: row.patient_id,
    appointmentId: row.appointment_id,
    sessionStart: row.session_start,
    heard: row.heard,
    focus: row.focus,
    approach: row.approach,
    overall: row.overall,
    helpful: row.helpful,
    notHelpful: row.not_helpful,
    unproductiveTopic: row.unproductive_topic,
    source: row.source,
    score: row.score,
    createdAt: row.created_at,
    discussedAt: earliest(row.discussed_at, row.rupture_acknowledged_at),
  };
}

function toMeasure(row: MeasureRow): Measure {
  return {
    id: row.id,
    patientId: row.patient_id,
    appointmentId: row.appointment_id,
    instrument: row.instrument,
    answers: JSON.parse(row.answers) as number[],
    difficulty: row.difficulty,
    score: row.score,
    band: row.band,
    selfHarm: row.self_harm === 1,
    source: row.source,
    date: row.date,
    createdAt: row.created_at,
    acknowledgedAt: row.acknowledged_at,
    acknowledgement:
      row.acknowledged_at === null || (row.acknowledged_actions === null && row.acknowledged_note === null)
        ? null
        : { actions: JSON.parse(row.acknowledged_actions ?? '[]') as AcknowledgementAction[], note: row.acknowledged_note ?? '' },
  };
}

function localDay(instant: string, timeZone: string): string {
  return instantToLocal(new Date(instant), timeZone).slice(0, 10);
}

/** Whether a rating comes after another in session order (SESSION_ORDER: the session's start, then entry, then id). */
function laterSession(start: string, createdAt: string, id: string, than: { start: string; createdAt: string; id: string }): boolean {
  if (start !== than.start) return start > than.start;
  if (createdAt !== than.createdAt) return createdAt > than.createdAt;
  return id > than.id;
}

/** Patients whose ratings are read in one statement: well under SQLite's limit of bound parameters. */
const PATIENTS_PER_READ = 500;

/** How far ahead the session a drop is raised at is looked for. */
const RAISE_AT_AHEAD_MS = 400 * DAY_MS;

/** Whether the latest feedback (by session date) is to be raised: it fell, and it has not been discussed yet. */
function latestDrop<T extends { score: number; discussedAt: string | null }>(
  feedback: readonly T[],
  rule: FeedbackAlertRule,
): { latest: T; drop: FeedbackDrop } | null {
  const latest = feedback.at(-1);
  if (!latest || latest.discussedAt !== null) return null;
  const drop = feedbackDrop(
    feedback.slice(0, -1).map((f) => f.score),
    latest.score,
    rule,
  );
  return drop ? { latest, drop } : null;
}

/**
 * Whether the latest feedback (by session) is a rupture to raise: not discussed yet, and fallen below
 * the patient's own median, alone or with PHQ-9/GAD-7 not improving up to that session's day.
 */
function latestRupture<T extends { score: number; discussedAt: string | null; sessionStart: string }>(
  feedback: readonly T[],
  measures: readonly { instrument: Instrument; score: number; date: string }[],
  rule: RuptureRule,
  timeZone: string,
): { latest: T; signal: RuptureSignal } | null {
  const latest = feedback.at(-1);
  if (!latest || latest.discussedAt !== null) return null;
  const day = localDay(latest.sessionStart, timeZone);
  const signal = ruptureSignal(
    feedback.map((f) => f.score),
    measures.filter((m) => m.date <= day),
    rule,
  );
  return signal ? { latest, signal } : null;
}

export class FeedbackRepository {
  readonly #db: Database;
  readonly #audit: AuditLog;
  readonly #patients: PatientsRepository;
  readonly #appointments: AppointmentsRepository;
  readonly #sessions: SessionReader;

  constructor(db: Database, audit: AuditLog, patients: PatientsRepository, appointments: AppointmentsRepository, sessions: SessionReader) {
    this.#db = db;
    this.#audit = audit;
    this.#patients = patients;
    this.#appointments = appointments;
    this.#sessions = sessions;
  }

  /** The patient's feedback on a session that has begun or taken place; a session has one. */
  recordFeedback(ref: OccurrenceRef, answers: FeedbackAnswers, source: FeedbackSource, context: ClinicalContext): Feedback {
    const session = this.#appointments.get(ref);
    if (Date.parse(session.start) > Date.parse(context.now) + 60 * 60_000)
      throw new AppError('INVALID_INPUT', 'This session has not happened yet; feedback is given on the day.');
    const id = randomUUID();
    this.#db.transaction(() => {
      const appointmentId = this.#appointments.store(ref, context.now);
      const given = this.#db
        .prepare('SELECT 1 FROM session_feedback WHERE appointment_id = $appointmentId', { pluck: true })
        .get({ appointmentId });
      if (given !== undefined) throw new AppError('CONFLICT', 'Feedback on this session was already given.');
      this.#db
        .prepare(
          `INSERT INTO session_feedback (id, patient_id, appointment_id, heard, focus, approach, overall, helpful, not_helpful,
             unproductive_topic, score, source, created_at)
           VALUES ($id, $patientId, $appointmentId, $heard, $focus, $approach, $overall, $helpful, $notHelpful,
             $unproductiveTopic, $score, $source, $now)`,
        )
        .run({
          id,
          patientId: session.patientId,
          appointmentId,
          heard: answers.heard,
          focus: answers.focus,
          approach: answers.approach,
          overall: answers.overall,
          helpful: answers.helpful,
          notHelpful: answers.notHelpful,
          unproductiveTopic: answers.unproductiveTopic,
          score: feedbackScore(answers),
          source,
          now: context.now,
        });
      this.#audit.append(context.now, { action: 'feedback.record', recordType: 'feedback', recordId: id, patientId: session.patientId });
    })();
    return this.#feedback(id);
  }

  /** A measure, at a session or on its own; scored here, never by the window. A clinician-rated one is never the patient's entry. */
  recordMeasure(
    patientId: string,
    ref: OccurrenceRef | null,
    answers: MeasureAnswers,
    source: FeedbackSource,
    context: ClinicalContext,
  ): Measure {
    this.#patients.require(patientId);
    if (source === 'patient' && INSTRUMENT_DEFINITIONS[answers.instrument].rater === 'clinician') {
      throw new AppError(
        'INVALID_INPUT',
        `The ${INSTRUMENT_DEFINITIONS[answers.instrument].name} is rated by the clinician, not the patient.`,
      );
    }
    const scored = scoreMeasure(answers);
    const id = randomUUID();
    this.#db.transaction(() => {
      let appointmentId: string | null = null;
      let date = localDay(context.now, context.timeZone);
      if (ref !== null) {
        const session = this.#appointments.get(ref);
        if (session.patientId !== patientId) throw new AppError('INVALID_INPUT', 'This session belongs to another patient.');
        appointmentId = this.#appointments.store(ref, context.now);
        date = localDay(session.start, context.timeZone);
      }
      this.#db
        .prepare(
          `INSERT INTO measures (id, patient_id, appointment_id, instrument, answers, difficulty, score, band, self_harm, source, date, created_at)
           VALUES ($id, $patientId, $appointmentId, $instrument, $answers, $difficulty, $score, $band, $selfHarm, $source, $date, $now)`,
        )
        .run({
          id,
          patientId,
          appointmentId,
          instrument: answers.instrument,
          answers: JSON.stringify(answers.answers),
          difficulty: answers.difficulty,
          score: scored.score,
          band: scored.band,
          selfHarm: scored.selfHarm ? 1 : 0,
          source,
          date,
          now: context.now,
        });
      this.#audit.append(context.now, { action: 'measure.record', recordType: 'measure', recordId: id, patientId });
    })();
    return this.#measure(id);
  }

  /** The patient's feedback and measures over time, the open drop, and item-9 answers awaiting the clinician. */
  trends(patientId: string, rule: FeedbackAlertRule, now: string): Trends {
    this.#patients.require(patientId);
    const feedback = this.#db.prepare(PATIENT_FEEDBACK_SQL).all<FeedbackRow>({ patientId }).map(toFeedback);
    const measures = this.#db.prepare(PATIENT_MEASURES_SQL).all<MeasureRow>({ patientId }).map(toMeasure);
    this.#audit.read(now, { action: 'feedback.read', recordType: 'patient', recordId: patientId, patientId });
    return { feedback, measures, drop: this.#openDrop(feedback, rule, now), selfHarmAlerts: this.selfHarmAlerts(patientId) };
  }

  /** The patient's ratings of their sessions, by session, for a copy of the record. */
  sessionFeedback(patientId: string): Feedback[] {
    return this.#db.prepare(PATIENT_FEEDBACK_SQL).all<FeedbackRow>({ patientId }).map(toFeedback);
  }

  /** The patient's measures, oldest first, for a copy of the record. */
  measures(patientId: string): Measure[] {
    return this.#db.prepare(PATIENT_MEASURES_SQL).all<MeasureRow>({ patientId }).map(toMeasure);
  }

  /** The patient's latest feedback, when it fell and has not been raised yet, with the session to raise it at. */
  drop(patientId: string, rule: FeedbackAlertRule, now: string): Trends['drop'] {
    return this.#openDrop(this.#db.prepare(PATIENT_FEEDBACK_SQL).all<FeedbackRow>({ patientId }).map(toFeedback), rule, now);
  }

  /**
   * The session a fall in the ratings is raised at: the patient's first session after the one the
   * feedback was about (never that one, even while it is still running) that is not over yet.
   */
  raiseAt(patientId: string, feedbackSessionStart: string, now: string): Session | undefined {
    const nowMs = Date.parse(now);
    const givenMs = Date.parse(feedbackSessionStart);
    return this.#sessions
      .ofPatient(patientId, nowMs, Math.max(nowMs, givenMs) + RAISE_AT_AHEAD_MS, false)
      .find((session) => session.startMs > givenMs && session.startMs + session.durationMinutes * 60_000 > nowMs);
  }

  #openDrop(feedback: readonly Feedback[], rule: FeedbackAlertRule, now: string): Trends['drop'] {
    const found = latestDrop(feedback, rule);
    if (!found) return null;
    const next = this.raiseAt(found.latest.patientId, found.latest.sessionStart, now);
    return { feedbackId: found.latest.id, ...found.drop, raiseAt: next ? toAppointment(next) : null };
  }

  /** The patient's latest session rating, when it is a rupture not yet discussed, with the why and the session to raise it at. */
  rupture(patientId: string, rule: RuptureRule, context: ClinicalContext): Rupture | null {
    this.#patients.require(patientId);
    const feedback = this.#db.prepare(PATIENT_FEEDBACK_SQL).all<FeedbackRow>({ patientId }).map(toFeedback);
    const found = latestRupture(
      feedback,
      this.#db.prepare(RUPTURE_MEASURES_SQL).all<RuptureMeasure>({ patientId }),
      rule,
      context.timeZone,
    );
    if (!found) return null;
    const next = this.raiseAt(patientId, found.latest.sessionStart, context.now);
    return {
      patientId,
      feedbackId: found.latest.id,
      sessionStart: found.latest.sessionStart,
      ...found.signal,
      raiseAt: next ? toAppointment(next) : null,
    };
  }

  /** Of these patients, the ones whose latest session rating is a rupture to raise, with the start of that session. */
  rupturesAmong(patientIds: readonly string[], rule: RuptureRule, timeZone: string): Map<string, string> {
    const ruptures = new Map<string, string>();
    for (const [patientId, found] of this.#rupturesAmong(patientIds, rule, timeZone)) ruptures.set(patientId, found.latest.sessionStart);
    return ruptures;
  }

  #rupturesAmong(
    patientIds: readonly string[],
    rule: RuptureRule,
    timeZone: string,
  ): Map<string, { latest: Feedback; signal: RuptureSignal }> {
    const ruptures = new Map<string, { latest: Feedback; signal: RuptureSignal }>();
    if (patientIds.length === 0) return ruptures;
    const placeholders = patientIds.map(() => '?').join(', ');
    const feedbackOf = new Map<string, Feedback[]>();
    for (const row of this.#db
      .prepare(`${FEEDBACK_SQL} WHERE f.patient_id IN (${placeholders}) ORDER BY f.patient_id, ${SESSION_ORDER}`)
      .all<FeedbackRow>([...patientIds])) {
      const list = feedbackOf.get(row.patient_id) ?? [];
      list.push(toFeedback(row));
      feedbackOf.set(row.patient_id, list);
    }
    for (const [patientId, feedback] of feedbackOf) {
      const latest = feedback.at(-1);
      if (!latest || latest.discussedAt !== null) continue;
      // Only a patient whose latest rating fell at all from their usual needs their measures read.
      const earlier = feedback.slice(0, -1).map((f) => f.score);
      if (
        earlier.length < MIN_SESSIONS_FOR_MEDIAN ||
        median(earlier) - latest.score < Math.min(COMBINED_ALLIANCE_FALL, rule.belowMedianBy) - 1e-9
      )
        continue;
      const found = latestRupture(feedback, this.#db.prepare(RUPTURE_MEASURES_SQL).all<RuptureMeasure>({ patientId }), rule, timeZone);
      if (found) ruptures.set(patientId, found);
    }
    return ruptures;
  }

  /** The ruptures not yet discussed whose session is in the range, across the practice, newest session first. */
  openRuptures(from: string, to: string, rule: RuptureRule, context: ClinicalContext): Rupture[] {
    const ruptures: Rupture[] = [];
    for (const [patientId, { latest, signal }] of this.#rupturesAmong(this.#mayHaveOpenRupture(from, to, rule), rule, context.timeZone)) {
      if (latest.sessionStart < from || latest.sessionStart >= to) continue;
      const next = this.raiseAt(patientId, latest.sessionStart, context.now);
      ruptures.push({
        patientId,
        feedbackId: latest.id,
        sessionStart: latest.sessionStart,
        ...signal,
        raiseAt: next ? toAppointment(next) : null,
      });
    }
    return ruptures.sort((a, b) => b.sessionStart.localeCompare(a.sessionStart) || a.patientId.localeCompare(b.patientId));
  }

  /**
   * The patients who may have an open rupture whose session is in the range, found from the few
   * columns that decide it before any whole history is read: their latest rating (by session) is in
   * the range, it was not discussed, and it fell at least as far below the median of their earlier
   * ratings as any rupture needs. Feedback from before the range cannot be anyone's latest, so only the
   * range onwards is read in session order; the earlier ratings are only counted and their median taken.
   */
  #mayHaveOpenRupture(from: string, to: string, rule: RuptureRule): string[] {
    const latest = new Map<string, { id: string; score: number; discussed: boolean; start: string; createdAt: string }>();
    for (const row of this.#db
      .prepare(
        `SELECT f.patient_id, f.id, f.score, f.created_at, a.start_utc,
           f.discussed_at IS NOT NULL OR EXISTS (SELECT 1 FROM outcome_flag_acknowledgements k WHERE k.feedback_id = f.id) AS discussed
         FROM appointments a JOIN session_feedback f ON f.appointment_id = a.id WHERE a.start_utc >= $from`,
      )
      .all<{ patient_id: string; id: string; score: number; created_at: string; start_utc: string; discussed: number }>({ from })) {
      const known = latest.get(row.patient_id);
      if (known && !laterSession(row.start_utc, row.created_at, row.id, known)) continue;
      latest.set(row.patient_id, {
        id: row.id,
        score: row.score,
        discussed: row.discussed === 1,
        start: row.start_utc,
        createdAt: row.created_at,
      });
    }
    const open = [...latest].filter(([, f]) => f.start < to && !f.discussed);
    const fall = Math.min(COMBINED_ALLIANCE_FALL, rule.belowMedianBy) - 1e-9;
    const candidates: string[] = [];
    for (let start = 0; start < open.length; start += PATIENTS_PER_READ) {
      const some = open.slice(start, start + PATIENTS_PER_READ);
      const earlier = new Map<string, number[]>(some.map(([patientId]) => [patientId, []]));
      const latestIds = new Set(some.map(([, f]) => f.id));
      for (const row of this.#db
        .prepare(`SELECT patient_id, id, score FROM session_feedback WHERE patient_id IN (${some.map(() => '?').join(', ')})`)
        .all<{ patient_id: string; id: string; score: number }>(some.map(([patientId]) => patientId))) {
        if (!latestIds.has(row.id)) earlier.get(row.patient_id)!.push(row.score);
      }
      for (const [patientId, f] of some) {
        const scores = earlier.get(patientId)!;
        if (scores.length >= MIN_SESSIONS_FOR_MEDIAN && median(scores) - f.score >= fall) candidates.push(patientId);
      }
    }
    return candidates;
  }

  forSession(ref: OccurrenceRef): { feedback: Feedback | null; measures: Measure[] } {
    const appointmentId =
      ref.type === 'single'
        ? ref.id
        : this.#db
            .prepare('SELECT id FROM appointments WHERE series_id = $seriesId AND original_start = $slot', { pluck: true })
            .get<string>({ seriesId: ref.seriesId, slot: ref.originalStart });
    if (appointmentId === undefined) return { feedback: null, measures: [] };
    const feedback = this.#db.prepare(`${FEEDBACK_SQL} WHERE f.appointment_id = $appointmentId`).get<FeedbackRow>({ appointmentId });
    const measures = this.#db
      .prepare('SELECT * FROM measures WHERE appointment_id = $appointmentId ORDER BY created_at')
      .all<MeasureRow>({ appointmentId })
      .map(toMeasure);
    return { feedback: feedback ? toFeedback(feedback) : null, measures };
  }

  get(id: string): Feedback {
    return this.#feedback(id);
  }

  /** The clinician raised it: a progress update or a plan revision cites it. Only the first time counts. */
  markDiscussed(id: string, now: string): void {
    const feedback = this.#feedback(id);
    if (feedback.discussedAt !== null) return;
    this.#db.prepare('UPDATE session_feedback SET discussed_at = $now WHERE id = $id AND discussed_at IS NULL').run({ id, now });
  }

  selfHarmAlerts(patientId: string, since?: string): SelfHarmAlert[] {
    return this.#db
      .prepare(OPEN_SELF_HARM_SQL)
      .all<MeasureRow>({ patientId })
      .filter((row) => since === undefined || row.created_at >= since)
      .map((row) => this.#selfHarmAlert(row));
  }

  /** The item-9 answers not yet acknowledged, across the practice, newest first: none may wait unseen on a chart nobody opens. */
  openSelfHarmAlerts(): SelfHarmAlert[] {
    return this.#db
      .prepare('SELECT * FROM measures WHERE self_harm = 1 AND acknowledged_at IS NULL ORDER BY date DESC, created_at DESC')
      .all<MeasureRow>()
      .map((row) => this.#selfHarmAlert(row));
  }

  #selfHarmAlert(row: MeasureRow): SelfHarmAlert {
    const measure = toMeasure(row);
    const patient = this.#patients.get(measure.patientId);
    return {
      measureId: measure.id,
      patientId: measure.patientId,
      patientName: patientName({ givenName: patient.givenName, familyName: patient.familyName, preferredName: patient.preferredName }),
      date: measure.date,
      answer: FREQUENCY_ANSWERS[measure.answers[PHQ9_SELF_HARM_ITEM - 1] ?? 0] ?? '',
      score: measure.score,
    };
  }

  /** The clinician has seen an item-9 answer and acted on it: what was done is kept with the acknowledgement. */
  acknowledge(measureId: string, acknowledgement: Acknowledgement, now: string): Measure {
    const measure = this.#measure(measureId);
    if (!measure.selfHarm) throw new AppError('INVALID_INPUT', 'Only an item-9 answer above “Not at all” needs acknowledging.');
    if (measure.acknowledgedAt !== null) {
      throw new AppError('CONFLICT', 'This answer was already acknowledged; what was done then is listed on the chart’s Feedback section.');
    }
    this.#db.transaction(() => {
      this.#db
        .prepare(
          `UPDATE measures SET acknowledged_at = $now, acknowledged_actions = $actions, acknowledged_note = $note
           WHERE id = $id AND acknowledged_at IS NULL`,
        )
        .run({ id: measureId, now, actions: JSON.stringify(acknowledgement.actions), note: acknowledgement.note });
      this.#audit.append(now, {
        action: 'measure.acknowledge',
        recordType: 'measure',
        recordId: measureId,
        patientId: measure.patientId,
      });
    })();
    return this.#measure(measureId);
  }

  /**
   * Of these patients, the ones whose latest feedback is to be raised at their next session, with
   * the start of the session it was given on. Only their own feedback is read.
   */
  dropsAmong(patientIds: readonly string[], rule: FeedbackAlertRule): Map<string, string> {
    const drops = new Map<string, string>();
    if (patientIds.length === 0) return drops;
    const placeholders = patientIds.map(() => '?').join(', ');
    const byPatient = new Map<string, Feedback[]>();
    for (const row of this.#db
      .prepare(`${FEEDBACK_SQL} WHERE f.patient_id IN (${placeholders}) ORDER BY f.patient_id, ${SESSION_ORDER}`)
      .all<FeedbackRow>([...patientIds])) {
      const list = byPatient.get(row.patient_id) ?? [];
      list.push(toFeedback(row));
      byPatient.set(row.patient_id, list);
    }
    for (const [patientId, feedback] of byPatient) {
      const found = latestDrop(feedback, rule);
      if (found) drops.set(patientId, found.latest.sessionStart);
    }
    return drops;
  }

  /**
   * The practice's months from `from` to `to`: sessions kept and feedback given on them; and the
   * patients whose latest feedback fell, with their next session. A fall that is also a rupture is
   * left to the practice view's ruptures, so it is listed once, with its why.
   */
  practice(from: string, to: string, rule: FeedbackAlertRule, context: ClinicalContext, ruptureRule: RuptureRule): PracticeFeedback {
    const months = new Map<string, { month: string; sessionsKept: number; feedbackGiven: number }>();
    const monthOf = (instant: string) => localDay(instant, context.timeZone).slice(0, 7);
    // `to` is the first instant after the range.
    const lastMonth = monthOf(new Date(Date.parse(to) - 1).toISOString());
    for (
      let cursor = new Date(`${monthOf(from)}-01T00:00:00Z`);
      cursor.toISOString().slice(0, 7) <= lastMonth;
      cursor = new Date(Date.UTC(cursor.getUTCFullYear(), cursor.getUTCMonth() + 1, 1))
    ) {
      const month = cursor.toISOString().slice(0, 7);
      months.set(month, { month, sessionsKept: 0, feedbackGiven: 0 });
    }
    const kept = this.#db
      .prepare(
        `SELECT a.start_utc, f.id IS NOT NULL AS given FROM appointments a LEFT JOIN session_feedback f ON f.appointment_id = a.id
         WHERE a.start_utc >= $from AND a.start_utc < $to AND a.attendance IN ('attended', 'late')`,
      )
      .all<{ start_utc: string; given: number }>({ from, to });
    for (const session of kept) {
      const month = months.get(monthOf(session.start_utc));
      if (!month) continue;
      month.sessionsKept += 1;
      month.feedbackGiven += session.given;
    }

    // Every patient's scores in one pass of session_feedback_by_patient; only the few that fell are read in full.
    const scores = this.#db
      .prepare(
        `SELECT f.patient_id, f.id, f.score, coalesce(f.discussed_at, ${RUPTURE_ACKNOWLEDGED_SQL}) AS discussed_at
         FROM session_feedback f JOIN appointments a ON a.id = f.appointment_id
         ORDER BY f.patient_id, ${SESSION_ORDER}`,
      )
      .all<{ patient_id: string; id: string; score: number; discussed_at: string | null }>();
    const dropped: { last: (typeof scores)[number]; drop: FeedbackDrop }[] = [];
    for (let start = 0; start < scores.length;) {
      let end = start;
      while (end < scores.length && scores[end]!.patient_id === scores[start]!.patient_id) end += 1;
      const own = scores.slice(start, end);
      start = end;
      const found = latestDrop(
        own.map((f) => ({ ...f, discussedAt: f.discussed_at })),
        rule,
      );
      if (found) dropped.push({ last: found.latest, drop: found.drop });
    }
    // A fall that is also a rupture is listed among the ruptures: read for the falling patients at once.
    const ruptured = this.#rupturesAmong(
      dropped.map((d) => d.last.patient_id),
      ruptureRule,
      context.timeZone,
    );
    const falling: PracticeFeedback['falling'] = [];
    for (const { last, drop } of dropped) {
      const patientId = last.patient_id;
      if (ruptured.get(patientId)?.latest.id === last.id) continue;
      const sessionStart = this.#feedback(last.id).sessionStart;
      const next = this.raiseAt(patientId, sessionStart, context.now);
      const patient = this.#patients.get(patientId);
      falling.push({
        patientId,
        patientName: patientName({ givenName: patient.givenName, familyName: patient.familyName, preferredName: patient.preferredName }),
        feedbackId: last.id,
        sessionStart,
        reason: drop.reason,
        score: drop.score,
        average: drop.average,
        nextSession: next ? toAppointment(next) : null,
      });
    }
    falling.sort((a, b) => a.score - b.score || a.patientName.localeCompare(b.patientName));
    return { months: [...months.values()], falling, selfHarm: this.openSelfHarmAlerts() };
  }

  #feedback(id: string): Feedback {
    const row = this.#db.prepare(`${FEEDBACK_SQL} WHERE f.id = $id`).get<FeedbackRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no feedback with this id.');
    return toFeedback(row);
  }

  #measure(id: string): Measure {
    const row = this.#db.prepare('SELECT * FROM measures WHERE id = $id').get<MeasureRow>({ id });
    if (!row) throw new AppError('NOT_FOUND', 'There is no measure with this id.');
    return toMeasure(row);
  }
}
