import { useId, useState, type CSSProperties, type ReactNode } from 'react';
import {
  Area,
  CartesianGrid,
  ComposedChart,
  Line,
  LineChart,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
  type TooltipContentProps,
} from 'recharts';
import { FEEDBACK_RATINGS, type Feedback, type FeedbackRating, type Measure, type Trends } from '../../shared/feedback';
import {
  FREQUENCY_ANSWERS,
  INSTRUMENT_DEFINITIONS,
  INSTRUMENTS,
  LICENCE_STATUS_LABELS,
  PHQ9_SELF_HARM_ITEM,
  type Instrument,
} from '../../shared/measures';
import { EXPECTED_COURSE, OUTCOME_SOURCES, type PatientOutcomes } from '../../shared/outcomes';
import { formatCalendarDate } from '../format/dates';
import { useTokenColours } from './chartColours';
import { RATING_SHORT, SOURCE_LABELS, formatScore, formatSessionDate } from './labels';

/*
 * The patient's session ratings and PHQ-9 / GAD-7 scores over time, as SVG charts (recharts). On
 * screen they fill their column, follow the theme and answer the keyboard; with `print` they are a
 * fixed size, black on white, with no animation, for the printed plan summary.
 */

type Palette = {
  score: string;
  ratings: Record<FeedbackRating, string>;
  measure: string;
  alert: string;
  grid: string;
  axis: string;
  band: string;
  /** Where one severity band meets the next: visible on either theme, quieter than the score. */
  bandEdge: string;
  surface: string;
};

/** Paper: the light theme's colours, whatever the screen shows. */
const PRINT_PALETTE: Palette = {
  score: '#0d5c63',
  ratings: { heard: '#c4561b', focus: '#8a6a00', approach: '#2e7d4f', overall: '#51626a' },
  measure: '#0d5c63',
  alert: '#a3262c',
  grid: '#c9d1d3',
  axis: '#333333',
  band: '#a3262c',
  bandEdge: '#b8c4c6',
  surface: '#ffffff',
};

const TOKENS = {
  score: '--color-accent',
  heard: '--color-strength-1',
  focus: '--color-strength-2',
  approach: '--color-strength-3',
  overall: '--color-text-muted',
  alert: '--color-danger',
  grid: '--color-border',
  axis: '--color-text-muted',
  bandEdge: '--color-text-faint',
  surface: '--color-surface',
} as const;

function screenPalette(colours: Record<keyof typeof TOKENS, string>): Palette {
  return {
    score: colours.score,
    ratings: { heard: colours.heard, focus: colours.focus, approach: colours.approach, overall: colours.overall },
    measure: colours.score,
    alert: colours.alert,
    grid: colours.grid,
    axis: colours.axis,
    band: colours.alert,
    bandEdge: colours.bandEdge,
    surface: colours.surface,
  };
}

/** Paper's fixed colours, or the screen's for the theme showing, redrawn when it changes while the chart is open. */
function usePalette(print: boolean): Palette {
  const colours = useTokenColours(TOKENS);
  return print ? PRINT_PALETTE : screenPalette(colours);
}

/** Fixed on paper; on screen the chart takes its column's width. */
function chartSize(print: boolean, height: number): { width: number; height: number } | { responsive: true; style: CSSProperties } {
  return print ? { width: 620, height } : { responsive: true, style: { width: '100%', height } };
}

const RATING_DASH: Record<FeedbackRating, string> = { heard: '6 3', focus: '2 3', approach: '8 3 2 3', overall: '1 0' };

type RatingPoint = { id: string; date: string; score: number; source: Feedback['source'] } & Record<FeedbackRating, number>;

function RatingsTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as RatingPoint | undefined;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip__title">Session of {point.date}</p>
      <p>
        <strong>Score {formatScore(point.score)}</strong> of 10
      </p>
      <ul className="chart-tooltip__list">
        {FEEDBACK_RATINGS.map((rating) => (
          <li key={rating.key}>
            {RATING_SHORT[rating.key]}: {point[rating.key]}
          </li>
        ))}
      </ul>
      <p className="chart-tooltip__meta">{SOURCE_LABELS[point.source]}</p>
    </div>
  );
}

function Key({
  items,
  flagged = null,
}: {
  items: { label: string; colour: string; dash?: string; strong?: boolean }[];
  flagged?: { label: string; colour: string } | null;
}) {
  return (
    <ul className="chart-key">
      {items.map((item) => (
        <li key={item.label} className="chart-key__item">
          <svg width="22" height="8" aria-hidden="true" focusable="false">
            <line x1="1" y1="4" x2="21" y2="4" stroke={item.colour} strokeWidth={item.strong ? 3 : 1.75} strokeDasharray={item.dash} />
          </svg>
          {item.label}
        </li>
      ))}
      {flagged ? (
        <li className="chart-key__item">
          <svg width="12" height="12" aria-hidden="true" focusable="false">
            <circle cx="6" cy="6" r="5" fill={flagged.colour} />
          </svg>
          {flagged.label}
        </li>
      ) : null}
    </ul>
  );
}

function ChartFigure({ title, summary, children, print }: { title: string; summary: string; children: ReactNode; print: boolean }) {
  const titleId = useId();
  const summaryId = useId();
  return (
    <figure className={`feedback-chart${print ? ' feedback-chart--print' : ''}`} aria-labelledby={titleId} aria-describedby={summaryId}>
      <figcaption className="feedback-chart__caption">
        <span className="feedback-chart__title" id={titleId}>
          {title}
        </span>
        <span className="feedback-chart__summary" id={summaryId}>
          {summary}
        </span>
      </figcaption>
      {children}
    </figure>
  );
}

type SessionRatingsChartProps = {
  feedback: readonly Feedback[];
  /** The preference: feedback below this is raised at the next session; drawn as a dashed line. */
  alertBelow: number;
  /** The feedback to be raised, marked on the line. */
  dropId?: string | null;
  print?: boolean;
  /** Each of the four ratings beside the score; on screen the person may switch them on. */
  showEach?: boolean;
};

/** The session score (the mean of the four ratings) at each session, by the session's date. */
export function SessionRatingsChart({
  feedback,
  alertBelow,
  dropId = null,
  print = false,
  showEach: initialEach = false,
}: SessionRatingsChartProps) {
  const palette = usePalette(print);
  const [showEach, setShowEach] = useState(initialEach);
  const toggleId = useId();
  const data: RatingPoint[] = [...feedback]
    .sort((a, b) => a.sessionStart.localeCompare(b.sessionStart))
    .map((f) => ({
      id: f.id,
      date: formatSessionDate(f.sessionStart),
      score: f.score,
      source: f.source,
      heard: f.heard,
      focus: f.focus,
      approach: f.approach,
      overall: f.overall,
    }));
  const first = data[0];
  const last = data.at(-1);
  const summary =
    first && last
      ? `${data.length === 1 ? '1 session' : `${data.length} sessions`}${data.length > 1 ? `, ${first.date} to ${last.date}` : `, ${first.date}`}; latest score ${formatScore(last.score)} of 10.`
      : 'No feedback yet.';

  return (
    <ChartFigure title="Session ratings" summary={summary} print={print}>
      {data.length === 0 ? (
        <p className="feedback-chart__empty">No session feedback yet.</p>
      ) : (
        <>
          <LineChart
            {...chartSize(print, print ? 150 : 260)}
            data={data}
            margin={{ top: 12, right: 16, bottom: 4, left: 0 }}
            accessibilityLayer={!print}
            title="Session ratings from 0 to 10, by the session’s date"
            desc={summary}
          >
            <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" vertical={false} />
            <XAxis
              dataKey="date"
              tick={{ fill: palette.axis, fontSize: 11 }}
              stroke={palette.grid}
              tickMargin={6}
              minTickGap={12}
              padding={{ left: 18, right: 18 }}
            />
            <YAxis
              domain={[0, 10]}
              ticks={[0, 2, 4, 6, 8, 10]}
              interval={0}
              tick={{ fill: palette.axis, fontSize: 11 }}
              stroke={palette.grid}
              width={32}
              allowDecimals={false}
            />
            <ReferenceLine
              y={alertBelow}
              stroke={palette.alert}
              strokeDasharray="5 4"
              ifOverflow="extendDomain"
              // On paper the key says it in words the patient reads; on screen the line is named where it is.
              label={
                print
                  ? undefined
                  : { value: `Raised below ${formatScore(alertBelow)}`, position: 'insideBottomLeft', fill: palette.alert, fontSize: 11 }
              }
            />
            {showEach
              ? FEEDBACK_RATINGS.map((rating) => (
                  <Line
                    key={rating.key}
                    type="linear"
                    dataKey={rating.key}
                    name={RATING_SHORT[rating.key]}
                    stroke={palette.ratings[rating.key]}
                    strokeWidth={1.5}
                    strokeDasharray={RATING_DASH[rating.key]}
                    dot={false}
                    activeDot={false}
                    isAnimationActive={false}
                  />
                ))
              : null}
            <Line
              type="linear"
              dataKey="score"
              name="Score"
              stroke={palette.score}
              strokeWidth={2.5}
              isAnimationActive={!print}
              dot={(props) => {
                const { cx, cy, index, payload } = props as { cx?: number; cy?: number; index: number; payload: RatingPoint };
                if (cx === undefined || cy === undefined) return <g key={index} />;
                const flagged = payload.id === dropId;
                return (
                  <circle
                    key={index}
                    cx={cx}
                    cy={cy}
                    r={flagged ? 6 : 4}
                    fill={flagged ? palette.alert : palette.surface}
                    stroke={flagged ? palette.alert : palette.score}
                    strokeWidth={2}
                  />
                );
              }}
              activeDot={{ r: 6, fill: palette.score, stroke: palette.surface, strokeWidth: 2 }}
            />
            {print ? null : <Tooltip content={(props) => <RatingsTooltip {...props} />} cursor={{ stroke: palette.grid }} />}
          </LineChart>
          <div className="feedback-chart__foot">
            <Key
              items={[
                { label: 'Score (the mean of the four ratings)', colour: palette.score, strong: true },
                ...(showEach
                  ? FEEDBACK_RATINGS.map((r) => ({ label: RATING_SHORT[r.key], colour: palette.ratings[r.key], dash: RATING_DASH[r.key] }))
                  : []),
                {
                  label: print
                    ? `Below ${formatScore(alertBelow)}: we talk it over at the next session`
                    : `Raised at the next session below ${formatScore(alertBelow)}`,
                  colour: palette.alert,
                  dash: '5 4',
                },
              ]}
              flagged={
                dropId !== null && data.some((d) => d.id === dropId) ? { label: 'The feedback to raise', colour: palette.alert } : null
              }
            />
            {print ? null : (
              <label className="checkbox feedback-chart__toggle" htmlFor={toggleId}>
                <input id={toggleId} type="checkbox" checked={showEach} onChange={(e) => setShowEach(e.target.checked)} />
                Show each of the four ratings
              </label>
            )}
          </div>
        </>
      )}
    </ChartFigure>
  );
}

type MeasurePoint = {
  id: string;
  date: string;
  score: number;
  band: string;
  selfHarm: boolean;
  item9: string | null;
  source: Measure['source'];
  /** The expected course at this score: from 0 up to just below the published cut point; null where no band applies. */
  expected: [number, number] | null;
};

function MeasureTooltip({ active, payload, instrument }: TooltipContentProps & { instrument: Instrument }) {
  const point = payload?.[0]?.payload as MeasurePoint | undefined;
  if (!active || !point) return null;
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip__title">
        {definition.name}, {point.date}
      </p>
      <p>
        <strong>{point.score}</strong> of {definition.maxScore}: {point.band}
      </p>
      {point.item9 !== null ? (
        <p className={point.selfHarm ? 'chart-tooltip__alert' : undefined}>
          Item {PHQ9_SELF_HARM_ITEM}: {point.item9}
        </p>
      ) : null}
      <p className="chart-tooltip__meta">{SOURCE_LABELS[point.source]}</p>
    </div>
  );
}

/** Where the bands begin, and the top: a tick too near the one below it (the PCL-5's 31 and 34) is left out, the top always kept. */
function axisTicks(values: readonly number[], span: number): number[] {
  const gap = span / 12;
  const ticks: number[] = [];
  for (const value of [...new Set(values)].sort((a, b) => a - b)) {
    const last = ticks.at(-1);
    if (last !== undefined && value - last < gap) {
      if (value === values.at(-1)) ticks[ticks.length - 1] = value;
      continue;
    }
    ticks.push(value);
  }
  return ticks;
}

/** Band shading, lightest for the mildest: the same hue, deeper with severity, from 0.02 to 0.24 however many bands. */
function bandOpacity(index: number, count: number): number {
  return count <= 1 ? 0.02 : 0.02 + (0.22 * index) / (count - 1);
}

/** One instrument's totals by date, over its bands (shaded and named at the right), with its licence and where the bands come from. */
export function MeasureChart({
  instrument,
  measures,
  course,
  print = false,
}: {
  instrument: Instrument;
  measures: readonly Measure[];
  /** The reading of this instrument, whose expected course is drawn as a band where one is published. */
  course?: PatientOutcomes['instruments'][number] | undefined;
  print?: boolean;
}) {
  const palette = usePalette(print);
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  // Item 9 is marked for the clinician on screen; the printed summary, which the patient may take home, shows totals only.
  const markItemNine = !print;
  const data: MeasurePoint[] = measures
    .filter((m) => m.instrument === instrument)
    .sort((a, b) => a.date.localeCompare(b.date) || a.createdAt.localeCompare(b.createdAt))
    .map((m) => ({
      id: m.id,
      date: formatCalendarDate(m.date),
      score: m.score,
      band: m.band,
      selfHarm: m.selfHarm,
      item9: instrument === 'phq9' ? (FREQUENCY_ANSWERS[m.answers[PHQ9_SELF_HARM_ITEM - 1] ?? 0] ?? null) : null,
      source: m.source,
      expected: bandAt(course, m.id),
    }));
  const hasBand = data.some((d) => d.expected !== null);
  const courseSource = EXPECTED_COURSE.phq9.kind === 'published' ? OUTCOME_SOURCES[EXPECTED_COURSE.phq9.source].short : '';
  const bands = definition.bands.map((band, index) => ({
    ...band,
    y1: Math.max(definition.minScore, band.from - 0.5),
    y2: Math.min(definition.maxScore, band.to + 0.5),
    opacity: bandOpacity(index, definition.bands.length),
  }));
  const last = data.at(-1);
  const summary = last
    ? `${data.length === 1 ? '1 score' : `${data.length} scores`}; latest ${last.score} of ${definition.maxScore} (${last.band}) on ${last.date}.`
    : `No ${definition.name} yet.`;

  return (
    <ChartFigure title={definition.name} summary={summary} print={print}>
      {data.length === 0 ? (
        <p className="feedback-chart__empty">No {definition.name} yet.</p>
      ) : (
        <ComposedChart
          {...chartSize(print, print ? 160 : 240)}
          data={data}
          margin={{ top: 8, right: 116, bottom: 4, left: 0 }}
          accessibilityLayer={!print}
          title={`${definition.name} totals over time, with severity bands${hasBand ? ' and the expected course' : ''}`}
          desc={summary}
        >
          {bands.map((band) => (
            <ReferenceArea
              key={band.label}
              yAxisId="score"
              y1={band.y1}
              y2={band.y2}
              fill={palette.band}
              fillOpacity={band.opacity}
              stroke="none"
              ifOverflow="hidden"
              // Named in the margin at the right, clear of the points.
              label={{ value: band.chartLabel ?? band.label, position: 'right', fill: palette.axis, fontSize: 11 }}
            />
          ))}
          {bands.slice(1).map((band) => (
            <ReferenceLine
              key={`edge-${band.label}`}
              yAxisId="score"
              y={band.y1}
              stroke={palette.bandEdge}
              strokeOpacity={0.7}
              strokeDasharray="2 4"
              ifOverflow="hidden"
            />
          ))}
          {hasBand ? (
            <Area
              yAxisId="score"
              // Each score sits at the right end of the step showing its own cut point.
              type="stepBefore"
              dataKey="expected"
              name="Expected course"
              fill={palette.measure}
              fillOpacity={0.16}
              stroke={palette.measure}
              strokeDasharray="5 3"
              strokeOpacity={0.8}
              connectNulls={false}
              isAnimationActive={false}
              activeDot={false}
            />
          ) : null}
          <CartesianGrid stroke={palette.grid} strokeDasharray="3 3" vertical={false} yAxisId="score" />
          <XAxis
            dataKey="date"
            tick={{ fill: palette.axis, fontSize: 11 }}
            stroke={palette.grid}
            tickMargin={6}
            minTickGap={12}
            padding={{ left: 18, right: 18 }}
          />
          <YAxis
            yAxisId="score"
            domain={[definition.minScore, definition.maxScore]}
            ticks={axisTicks(definition.bands.map((b) => b.from).concat(definition.maxScore), definition.maxScore - definition.minScore)}
            interval={0}
            tick={{ fill: palette.axis, fontSize: 11 }}
            stroke={palette.grid}
            width={32}
            allowDecimals={false}
          />
          <Line
            yAxisId="score"
            type="linear"
            dataKey="score"
            name={definition.name}
            stroke={palette.measure}
            strokeWidth={2.5}
            isAnimationActive={!print}
            dot={(props) => {
              const { cx, cy, index, payload } = props as { cx?: number; cy?: number; index: number; payload: MeasurePoint };
              if (cx === undefined || cy === undefined) return <g key={index} />;
              return (
                <circle
                  key={index}
                  cx={cx}
                  cy={cy}
                  r={markItemNine && payload.selfHarm ? 6 : 4}
                  fill={markItemNine && payload.selfHarm ? palette.alert : palette.surface}
                  stroke={markItemNine && payload.selfHarm ? palette.alert : palette.measure}
                  strokeWidth={2}
                />
              );
            }}
            activeDot={{ r: 6, fill: palette.measure, stroke: palette.surface, strokeWidth: 2 }}
          />
          {print ? null : (
            <Tooltip content={(props) => <MeasureTooltip {...props} instrument={instrument} />} cursor={{ stroke: palette.grid }} />
          )}
        </ComposedChart>
      )}
      {hasBand ? (
        <p className="feedback-chart__note">
          <span className="feedback-chart__course-swatch" aria-hidden="true" /> Shaded with a dashed edge: the expected course, below the
          published cut point for that week ({courseSource}). At or above it from the 4th score on: not on track.
        </p>
      ) : course?.noBand ? (
        <p className="feedback-chart__note">{course.noBand}</p>
      ) : null}
      <p className="feedback-chart__licence">
        {definition.name} ({definition.rater === 'clinician' ? 'rated by the clinician' : 'rated by the patient'}): licence{' '}
        {LICENCE_STATUS_LABELS[definition.licence.status].toLowerCase()}. Bands: {definition.bandsSource}
      </p>
      {markItemNine && instrument === 'phq9' && data.some((d) => d.selfHarm) ? (
        <p className="feedback-chart__note">
          <span className="feedback-chart__alert-dot" aria-hidden="true" /> A filled red point: item {PHQ9_SELF_HARM_ITEM} answered above “
          {FREQUENCY_ANSWERS[0]}”.
        </p>
      ) : null}
    </ChartFigure>
  );
}

/** The band at one score: from 0 to half a point below the cut point, where a published checkpoint applies. */
function bandAt(course: PatientOutcomes['instruments'][number] | undefined, measureId: string): [number, number] | null {
  const checkpoint = course?.points.find((p) => p.measureId === measureId)?.checkpoint;
  return checkpoint ? [0, checkpoint.notOnTrackFrom - 0.5] : null;
}

type FeedbackChartsProps = {
  trends: Trends;
  /** The reading of each instrument, for the expected course; left out, no band is drawn. */
  outcomes?: PatientOutcomes | undefined;
  alertBelow: number;
  print?: boolean;
};

/** The session ratings, then each instrument that has scores: the charts of the Feedback tab and the printed plan. */
export function FeedbackCharts({ trends, outcomes, alertBelow, print = false }: FeedbackChartsProps) {
  const instruments = INSTRUMENTS.filter((instrument) => trends.measures.some((m) => m.instrument === instrument));
  return (
    <div className={`feedback-charts${print ? ' feedback-charts--print' : ''}`}>
      {/* The flag is the clinician's to raise, not the printed summary's. */}
      <SessionRatingsChart
        feedback={trends.feedback}
        alertBelow={alertBelow}
        dropId={print ? null : (trends.drop?.feedbackId ?? null)}
        print={print}
      />
      {instruments.length > 0 ? (
        <div className="feedback-charts__measures">
          {instruments.map((instrument) => (
            <MeasureChart
              key={instrument}
              instrument={instrument}
              measures={trends.measures}
              course={outcomes?.instruments.find((o) => o.instrument === instrument)}
              print={print}
            />
          ))}
        </div>
      ) : null}
    </div>
  );
}
