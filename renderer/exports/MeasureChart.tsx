import type { Measure } from '../../shared/feedback';
import { INSTRUMENT_DEFINITIONS, type Instrument } from '../../shared/measures';
import { formatCalendarDate } from '../format/dates';

/** The chart's size in CSS pixels: inside the text width of both A4 and US Letter. */
const WIDTH = 640;
const HEIGHT = 170;
const LEFT = 34;
const RIGHT = 12;
const TOP = 10;
const BOTTOM = 26;

function dayNumber(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / 86_400_000;
}

/**
 * One instrument's totals over time as a plain SVG, drawn once at a fixed size: on paper nothing
 * animates and nothing waits for a layout. Its severity bands are shaded so a reader sees where each
 * total fell; the table beside it has the numbers.
 */
export function MeasureChart({ instrument, measures }: { instrument: Instrument; measures: readonly Measure[] }) {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  const points = measures.filter((measure) => measure.instrument === instrument);
  if (points.length === 0) return null;
  const first = dayNumber(points[0]?.date ?? '');
  const last = dayNumber(points.at(-1)?.date ?? '');
  const plotWidth = WIDTH - LEFT - RIGHT;
  // By date; when every answer fell on one day, side by side in the order given.
  const x = (date: string, index: number) =>
    points.length === 1
      ? LEFT + plotWidth / 2
      : last === first
        ? LEFT + (index / (points.length - 1)) * plotWidth
        : LEFT + ((dayNumber(date) - first) / (last - first)) * plotWidth;
  const y = (score: number) => TOP + (1 - score / definition.maxScore) * (HEIGHT - TOP - BOTTOM);
  const path = points
    .map((point, index) => `${index === 0 ? 'M' : 'L'}${x(point.date, index).toFixed(1)},${y(point.score).toFixed(1)}`)
    .join(' ');
  const title = `${definition.name} totals from ${formatCalendarDate(points[0]?.date ?? '')} to ${formatCalendarDate(points.at(-1)?.date ?? '')}: ${points
    .map((point) => point.score)
    .join(', ')}`;
  return (
    <figure className="record-chart">
      <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={title}>
        {definition.bands.map((band, index) => (
          <g key={band.label}>
            <rect
              x={LEFT}
              width={WIDTH - LEFT - RIGHT}
              y={y(Math.min(definition.maxScore, band.to + 1))}
              height={y(band.from) - y(Math.min(definition.maxScore, band.to + 1))}
              className={`record-chart__band record-chart__band--${index % 2 === 0 ? 'even' : 'odd'}`}
            />
            <text x={WIDTH - RIGHT - 4} y={y(band.from) - 3} textAnchor="end" className="record-chart__band-label">
              {band.label}
            </text>
          </g>
        ))}
        {[0, Math.round(definition.maxScore / 2), definition.maxScore].map((tick) => (
          <text key={tick} x={LEFT - 6} y={y(tick) + 3} textAnchor="end" className="record-chart__tick">
            {tick}
          </text>
        ))}
        <line x1={LEFT} x2={LEFT} y1={TOP} y2={HEIGHT - BOTTOM} className="record-chart__axis" />
        <line x1={LEFT} x2={WIDTH - RIGHT} y1={HEIGHT - BOTTOM} y2={HEIGHT - BOTTOM} className="record-chart__axis" />
        <text x={LEFT} y={HEIGHT - 8} className="record-chart__tick">
          {formatCalendarDate(points[0]?.date ?? '')}
        </text>
        {last !== first ? (
          <text x={WIDTH - RIGHT} y={HEIGHT - 8} textAnchor="end" className="record-chart__tick">
            {formatCalendarDate(points.at(-1)?.date ?? '')}
          </text>
        ) : null}
        <path d={path} className="record-chart__line" />
        {points.map((point, index) => (
          <circle key={point.id} cx={x(point.date, index)} cy={y(point.score)} r={3} className="record-chart__point" />
        ))}
      </svg>
      <figcaption className="record-chart__caption">
        {definition.name} total (0 to {definition.maxScore}) by date
      </figcaption>
    </figure>
  );
}
