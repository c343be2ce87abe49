import { useState } from 'react';
import { INSTRUMENT_DEFINITIONS, bandOf } from '../../shared/measures';
import {
  EXPECTED_COURSE,
  NOT_ON_TRACK_FROM_MEASUREMENT,
  OUTCOME_FLAG_LABELS,
  OUTCOME_FLAG_PROMPT,
  OUTCOME_RULES,
  OUTCOME_SOURCES,
  describeOutcome,
  type FlagAcknowledgement,
  type OutcomeSourceKey,
  type PatientOutcomes,
} from '../../shared/outcomes';
import { OTHER_CHANGE_SOURCES, describeOtherChange, type OtherChangeInstrument } from '../../shared/outcomes-instruments';
import { RUPTURE_PROMPT, describeRupture } from '../../shared/outcomes-ruptures';
import type { Measure } from '../../shared/feedback';

const OTHER_INSTRUMENTS: readonly OtherChangeInstrument[] = ['pcl5', 'auditc', 'audit', 'cgis', 'cgii'];
import { Notice } from '../components/Notice';
import { formatCalendarDate, formatLongCalendarDate, formatMoment } from '../format/dates';
import { describeSession } from '../format/sessions';
import { AcknowledgeFlagDialog, type FlagToAcknowledge } from './AcknowledgeFlagDialog';

type Reading = PatientOutcomes['instruments'][number];

/**
 * Where the patient stands, first on the chart's Feedback section: the flags still open (not on
 * track, reliable deterioration, a rupture in the alliance), each with its prompt and the way to
 * acknowledge it with a note, and each instrument's reading in words.
 */
export function WhereThePatientStands({
  patientId,
  outcomes,
  measures,
  ruptureWithDrop,
}: {
  patientId: string;
  outcomes: PatientOutcomes;
  /** The rupture is the fall the Feedback section raises already: shown there, once, with its why. */
  ruptureWithDrop: boolean;
  /** Every measure, oldest first: the other instruments are read here by their own rules. */
  measures: readonly Measure[];
}) {
  const [acknowledging, setAcknowledging] = useState<FlagToAcknowledge | null>(null);
  const [done, setDone] = useState<FlagAcknowledgement | null>(null);
  const rupture = ruptureWithDrop ? null : outcomes.rupture;
  const others = OTHER_INSTRUMENTS.flatMap((instrument) => {
    const words = describeOtherChange(
      instrument,
      measures.filter((m) => m.instrument === instrument),
      formatCalendarDate,
    );
    return words === null ? [] : [{ instrument, words }];
  });
  if (outcomes.instruments.length === 0 && others.length === 0 && rupture === null && done === null) return null;
  const open = (subject: FlagToAcknowledge) => {
    setDone(null);
    setAcknowledging(subject);
  };
  return (
    <section className="outcomes outcomes--standing" aria-labelledby="standing-title">
      <h3 className="chart-subsection__title" id="standing-title">
        Where the patient stands
      </h3>
      {done ? (
        <Notice tone="success">
          Acknowledged{done.planVersionNumber !== null ? `, citing plan version ${done.planVersionNumber}` : ''}.
        </Notice>
      ) : null}
      {rupture ? (
        <div className="outcome-flag outcome-flag--rupture" role="status">
          <p className="outcome-flag__title">
            <span aria-hidden="true">⚑ </span>
            {OUTCOME_FLAG_LABELS.rupture}: {RUPTURE_PROMPT.toLowerCase()}
          </p>
          <p className="outcome-flag__text">
            {describeRupture(rupture)}{' '}
            {rupture.raiseAt ? `Next session: ${describeSession(rupture.raiseAt)}.` : 'No next session is booked.'}
          </p>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => open({ kind: 'rupture', rupture })}
            aria-haspopup="dialog"
          >
            Acknowledge…
          </button>
        </div>
      ) : null}
      {outcomes.openFlags.map((flag) => (
        <div key={`${flag.kind}-${flag.measureId}`} className="outcome-flag" role="status">
          <p className="outcome-flag__title">
            <span aria-hidden="true">⚑ </span>
            {OUTCOME_FLAG_LABELS[flag.kind]}: {INSTRUMENT_DEFINITIONS[flag.instrument].name} {flag.score} on{' '}
            {formatLongCalendarDate(flag.date)} (baseline {flag.baseline})
          </p>
          <p className="outcome-flag__text">
            {OUTCOME_FLAG_PROMPT} {flag.raiseAt ? `Next session: ${describeSession(flag.raiseAt)}.` : 'No next session is booked.'}
          </p>
          <button type="button" className="button button--secondary" onClick={() => open({ kind: 'measure', flag })} aria-haspopup="dialog">
            Acknowledge…
          </button>
        </div>
      ))}
      {outcomes.instruments.length + others.length > 0 ? (
        <ul className="outcomes__words" aria-label="Change since the baseline, in words">
          {outcomes.instruments.map((reading) => (
            <li key={reading.instrument}>
              <strong>{INSTRUMENT_DEFINITIONS[reading.instrument].name}</strong> {reading.latest.score} on{' '}
              {formatCalendarDate(reading.latest.date)}: {describeOutcome(reading, formatCalendarDate)}
            </li>
          ))}
          {others.map(({ instrument, words }) => (
            <li key={instrument}>
              <strong>{INSTRUMENT_DEFINITIONS[instrument].name}</strong>: {words}
            </li>
          ))}
        </ul>
      ) : null}
      {acknowledging ? (
        <AcknowledgeFlagDialog
          patientId={patientId}
          flag={acknowledging}
          onClose={() => setAcknowledging(null)}
          onDone={(acknowledgement) => {
            setAcknowledging(null);
            setDone(acknowledgement);
          }}
        />
      ) : null}
    </section>
  );
}

/**
 * The chart's reading of the PHQ-9 and GAD-7 in full: each instrument's baseline, thresholds and
 * change in words, the expected course or why there is none, the acknowledgements made (of ruptures
 * too), and the sources of every rule.
 */
export function OutcomesPanel({ outcomes }: { outcomes: PatientOutcomes }) {
  if (outcomes.instruments.length === 0 && outcomes.acknowledgements.length === 0) return null;
  return (
    <section className="outcomes" aria-labelledby="outcomes-title">
      <h3 className="chart-subsection__title" id="outcomes-title">
        Change since the baseline
      </h3>
      <div className="outcomes__instruments">
        {outcomes.instruments.map((reading) => (
          <InstrumentReading key={reading.instrument} reading={reading} />
        ))}
      </div>
      {outcomes.acknowledgements.length > 0 ? (
        <>
          <h4 className="outcomes__subtitle">Flags acknowledged</h4>
          <ul className="outcomes__acknowledgements">
            {outcomes.acknowledgements.map((a) => (
              <li key={a.id}>
                <strong>{OUTCOME_FLAG_LABELS[a.kind]}</strong>, acknowledged {formatMoment(a.createdAt)}
                {a.planVersionNumber !== null ? `, led to plan version ${a.planVersionNumber}` : ''}: <bdi>{a.note}</bdi>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <Sources />
    </section>
  );
}

function InstrumentReading({ reading }: { reading: Reading }) {
  const rule = OUTCOME_RULES[reading.instrument];
  const name = INSTRUMENT_DEFINITIONS[reading.instrument].name;
  const { latest } = reading;
  return (
    <article className="outcome" aria-label={`${name}: change since the baseline`}>
      <h4 className="outcome__name">{name}</h4>
      <p className="outcome__words">{describeOutcome(reading, formatCalendarDate)}</p>
      <dl className="outcome__facts">
        <dt>Baseline</dt>
        <dd>
          {reading.baseline.score} on {formatCalendarDate(reading.baseline.date)} ({bandOf(reading.instrument, reading.baseline.score)});
          the first {name} is the baseline, however long ago
        </dd>
        <dt>Latest</dt>
        <dd>
          {latest.score} on {formatCalendarDate(latest.date)} ({latest.reading.change > 0 ? '+' : ''}
          {latest.reading.change}, week {latest.week}, score {latest.number})
        </dd>
        <dt>Thresholds</dt>
        <dd>
          reliable change {rule.reliableChange} points or more; caseness {rule.caseness} or more; response {rule.responseFraction * 100} %
          lower
          {rule.remissionBelow !== null ? `; remission below ${rule.remissionBelow}` : '; no remission rule'}
        </dd>
        <dt>Expected course</dt>
        <dd>{courseWords(reading)}</dd>
      </dl>
    </article>
  );
}

function courseWords(reading: Reading): string {
  const course = EXPECTED_COURSE[reading.instrument];
  if (reading.noBand !== null) return reading.noBand;
  if (course.kind !== 'published') return '';
  const source = OUTCOME_SOURCES[course.source].short;
  const { latest } = reading;
  switch (latest.course) {
    case 'not-on-track':
      return `Not on track: ${latest.score} at week ${latest.week} is at or above the cut point of ${latest.checkpoint?.notOnTrackFrom} (${source}).`;
    case 'on-track':
      return `On track: ${latest.score} at week ${latest.week} is below the cut point of ${latest.checkpoint?.notOnTrackFrom} (${source}).`;
    case 'too-early':
      return `Too early to judge: the course is judged from the ${NOT_ON_TRACK_FROM_MEASUREMENT}th score and from week ${course.checkpoints[0]?.fromWeek}, so late responders are not flagged before (${source}).`;
    case 'no-band':
      return `No band after week ${course.untilWeek}: the published treatments lasted no longer (${source}). A reliable deterioration is still flagged.`;
  }
}

function Sources() {
  const used = new Set<OutcomeSourceKey>();
  for (const rule of Object.values(OUTCOME_RULES)) for (const keys of Object.values(rule.sources)) for (const key of keys) used.add(key);
  for (const course of Object.values(EXPECTED_COURSE)) if (course.kind === 'published') used.add(course.source);
  const phq9Course = EXPECTED_COURSE.phq9;
  return (
    <details className="outcomes__sources">
      <summary>Rules and sources</summary>
      {phq9Course.kind === 'published' ? <p>PHQ-9 expected course: {phq9Course.description}</p> : null}
      <ul>
        {[...used].map((key) => (
          <li key={key}>
            {OUTCOME_SOURCES[key].citation} <span className="outcomes__url">{OUTCOME_SOURCES[key].url}</span>
          </li>
        ))}
        {Object.entries(OTHER_CHANGE_SOURCES).map(([key, source]) => (
          <li key={key}>
            {source.citation} {source.url ? <span className="outcomes__url">{source.url}</span> : null}
          </li>
        ))}
      </ul>
      <p>
        The other instruments: the PCL-5 is read by Marx et al. 2022; the AUDIT, AUDIT-C and CGI-S have no published reliable-change index,
        so no change is classified; the CGI-I is itself a rating of change.
      </p>
    </details>
  );
}
