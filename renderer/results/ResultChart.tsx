import type { Medication } from '../../shared/medication';
import { formatValue, RANGE_FLAG_LABELS, type Band, type RangeFlag } from '../../shared/results';
import { formatCalendarDate, formatCalendarMonth, formatDayMonth } from '../format/dates';
import { timeTicks, type TimeTick } from './timeTicks';

export type ChartPoint = { id: string; date: string; value: number; flag: RangeFlag };

const WIDTH = 720;
const PLOT_HEIGHT = 190;
const LANE = 26;
const LEFT = 48;
const RIGHT = 16;
const TOP = 12;
const AXIS = 24;
const DAY = 86_400_000;
/** Labels on the time axis, at most: a month's name and year fits about a seventh of the width. */
const MOST_TIME_TICKS = 7;

/** "3 Mar" for a week (with its year on the first), "March 2026" for a month, "2026" for a year. */
function tickLabel(tick: TimeTick, first: boolean): string {
  if (tick.kind === 'year') return tick.date.slice(0, 4);
  if (tick.kind === 'month') return formatCalendarMonth(tick.date);
  return first ? formatCalendarDate(tick.date) : formatDayMonth(tick.date);
}

function day(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

/** The courses to draw beneath: those running at some time within a year before the first value and the last. */
export function coursesWithin(medications: readonly Medication[], from: string, to: string): Medication[] {
  const since = day(from) - 365;
  return medications.filter((m) => day(m.startedOn) <= day(to) && (m.stoppedOn === null || day(m.stoppedOn) >= since));
}

/**
 * One measure over time as a plain SVG: the values joined by a line, the band it should fall in
 * shaded, a value outside it marked with the word High or Low (not colour alone), an optional
 * threshold line, and beneath, on the same time axis, each medication's course from start to stop
 * with its dose at the start and at every change.
 */
export function ResultChart({
  label,
  unit,
  decimals,
  points,
  band,
  bandLabel,
  threshold,
  medications,
}: {
  label: string;
  unit: string;
  decimals: number;
  points: readonly ChartPoint[];
  band: Band | null;
  bandLabel: string;
  threshold?: { value: number; label: string };
  medications: readonly Medication[];
}) {
  const first = points[0];
  const last = points.at(-1);
  if (!first || !last) return null;
  const courses = coursesWithin(medications, first.date, last.date);
  const starts = courses.map((c) => day(c.startedOn)).filter((d) => d >= day(first.date) - 365);
  let from = Math.min(day(first.date), ...starts);
  // Later starts, changes and stops are drawn too: a dose changed after the last level is part of the story.
  const eventDays = courses.flatMap((c) => c.events.filter((e) => e.enteredInError === null).map((e) => day(e.date)));
  let to = Math.max(day(last.date), ...eventDays);
  const span = Math.max(to - from, 28);
  from -= span * 0.04;
  to = Math.max(to, from + span) + span * 0.04;

  const values = [...points.map((p) => p.value), band?.low ?? null, band?.high ?? null, threshold?.value ?? null].filter(
    (v): v is number => v !== null,
  );
  let low = Math.min(...values);
  let high = Math.max(...values);
  const pad = (high - low || Math.abs(high) || 1) * 0.12;
  low = Math.max(0, low - pad);
  high += pad;

  const ticks = timeTicks(from, to, MOST_TIME_TICKS);
  const plotBottom = TOP + PLOT_HEIGHT;
  const height = plotBottom + AXIS + courses.length * LANE + (courses.length > 0 ? 8 : 0);
  const x = (date: string) => LEFT + ((day(date) - from) / (to - from)) * (WIDTH - LEFT - RIGHT);
  const clampX = (d: number) => LEFT + ((Math.min(Math.max(d, from), to) - from) / (to - from)) * (WIDTH - LEFT - RIGHT);
  const y = (value: number) => TOP + (1 - (value - low) / (high - low)) * PLOT_HEIGHT;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.date).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ');
  const bandTop = band ? y(band.high ?? high) : 0;
  const bandBottom = band ? y(band.low ?? low) : 0;

  const described = [
    `${label} in ${unit} from ${formatCalendarDate(first.date)} to ${formatCalendarDate(last.date)}: `,
    points.map((p) => `${formatValue(p.value, decimals)}${p.flag ? ` (${RANGE_FLAG_LABELS[p.flag].toLocaleLowerCase()})` : ''}`).join(', '),
    band ? `. ${bandLabel}.` : '.',
    ...courses.map(
      (c) =>
        ` ${c.name}: ${c.events
          .filter((e) => e.enteredInError === null)
          .map((e) => `${e.kind === 'stop' ? 'stopped' : e.dose} on ${formatCalendarDate(e.date)}`)
          .join(', ')}.`,
    ),
  ].join('');

  return (
    <figure className="result-chart">
      <svg viewBox={`0 0 ${WIDTH} ${height}`} width={WIDTH} height={height} role="img" aria-label={described}>
        {band ? (
          <g>
            <rect
              x={LEFT}
              width={WIDTH - LEFT - RIGHT}
              y={bandTop}
              height={Math.max(0, bandBottom - bandTop)}
              className="result-chart__band"
            />
          </g>
        ) : null}
        {threshold ? (
          <g>
            <line x1={LEFT} x2={WIDTH - RIGHT} y1={y(threshold.value)} y2={y(threshold.value)} className="result-chart__threshold" />
            <text x={LEFT + 4} y={y(threshold.value) - 4} className="result-chart__band-label">
              {threshold.label}
            </text>
          </g>
        ) : null}
        {[low, (low + high) / 2, high].map((tick) => (
          <text key={tick} x={LEFT - 6} y={y(tick) + 3} textAnchor="end" className="result-chart__tick">
            {formatValue(tick, decimals)}
          </text>
        ))}
        <line x1={LEFT} x2={LEFT} y1={TOP} y2={plotBottom} className="result-chart__axis" />
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={plotBottom} y2={plotBottom} className="result-chart__axis" />
        {/* Round dates along the time axis, each with a faint line up the plot to read a value's date by. */}
        {ticks.map((tick, i) => {
          const tx = LEFT + ((tick.day - from) / (to - from)) * (WIDTH - LEFT - RIGHT);
          return (
            <g key={tick.date}>
              <line x1={tx} x2={tx} y1={TOP} y2={plotBottom} className="result-chart__grid" />
              <line x1={tx} x2={tx} y1={plotBottom} y2={plotBottom + 4} className="result-chart__axis" />
              <text
                x={tx}
                y={plotBottom + 16}
                textAnchor={tx < LEFT + 30 ? 'start' : tx > WIDTH - RIGHT - 30 ? 'end' : 'middle'}
                className="result-chart__tick"
              >
                {tickLabel(tick, i === 0)}
              </text>
            </g>
          );
        })}
        <path d={path} className="result-chart__line" />
        {points.map((p) => (
          <g key={p.id}>
            <circle
              cx={x(p.date)}
              cy={y(p.value)}
              r={p.flag ? 5 : 3.5}
              className={`result-chart__point${p.flag ? ' result-chart__point--out' : ''}`}
            />
            {p.flag ? (
              <text
                x={x(p.date) > WIDTH - RIGHT - 70 ? x(p.date) - 8 : x(p.date) + 8}
                y={y(p.value) + 4}
                textAnchor={x(p.date) > WIDTH - RIGHT - 70 ? 'end' : 'start'}
                className="result-chart__flag"
              >
                {p.flag === 'high' ? 'High' : 'Low'} {formatValue(p.value, decimals)}
              </text>
            ) : null}
          </g>
        ))}
        {courses.map((course, index) => {
          const laneY = plotBottom + AXIS + index * LANE + 8;
          const live = course.events.filter((e) => e.enteredInError === null);
          const startX = clampX(day(course.startedOn));
          const endX = clampX(course.stoppedOn === null ? to : day(course.stoppedOn));
          return (
            <g key={course.medicationId} className="result-chart__course">
              <rect x={startX} y={laneY} width={Math.max(2, endX - startX)} height={8} rx={2} className="result-chart__course-bar" />
              {live.map((event) => {
                const ex = clampX(day(event.date));
                return (
                  <g key={event.id}>
                    <line x1={ex} x2={ex} y1={laneY - 3} y2={laneY + 11} className="result-chart__course-tick" />
                    <text
                      x={ex > WIDTH - RIGHT - 60 ? ex - 3 : ex + 3}
                      y={laneY - 2}
                      textAnchor={ex > WIDTH - RIGHT - 60 ? 'end' : 'start'}
                      className="result-chart__course-label"
                    >
                      {event.kind === 'start' ? `${course.name} ${event.dose}` : event.kind === 'change' ? event.dose : 'stopped'}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
