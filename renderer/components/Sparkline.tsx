import { formatDayMonth } from '../format/dates';

export type SparklinePoint = { date: string; value: number };

type SparklineProps = {
  points: readonly SparklinePoint[];
  /** The scale's ends: 0–10 for a goal, 0–27 for a PHQ-9. */
  min: number;
  max: number;
  /** What the picture shows, for a screen reader; the numbers are listed beside it as text. */
  label: string;
  width?: number;
  height?: number;
  /** Dashed lines across the chart at these values (a PHQ-9's caseness, say), each with its words. */
  marks?: readonly { value: number; label: string }[];
  /** The first and last dates under the line, and the scale's ends beside it: for a page read on its own. */
  axes?: boolean;
};

/**
 * A small line of values over time, drawn as plain SVG (no chart library: it is printed and shown in
 * lists). Points are placed by date, so a long gap reads as one. The values are always given as text too.
 */
export function Sparkline({ points, min, max, label, width = 160, height = 36, marks = [], axes = false }: SparklineProps) {
  const left = axes ? 22 : 3;
  const right = 3;
  const top = 4;
  const bottom = axes ? 16 : 4;
  const days = points.map((p) => Date.parse(`${p.date}T00:00:00Z`));
  const first = Math.min(...days);
  const last = Math.max(...days);
  const x = (day: number) =>
    last === first ? (left + width - right) / 2 : left + ((day - first) / (last - first)) * (width - left - right);
  const y = (value: number) => top + (1 - (Math.min(max, Math.max(min, value)) - min) / (max - min)) * (height - top - bottom);
  const coordinates = points.map((p, i) => `${x(days[i] ?? first).toFixed(1)},${y(p.value).toFixed(1)}`);
  return (
    <svg className="sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      {axes ? (
        <>
          <line className="sparkline__axis" x1={left} x2={width - right} y1={height - bottom} y2={height - bottom} />
          <text className="sparkline__tick" x={left - 4} y={y(max) + 3} textAnchor="end">
            {max}
          </text>
          <text className="sparkline__tick" x={left - 4} y={y(min)} textAnchor="end">
            {min}
          </text>
          {points.length > 0 ? (
            <>
              <text className="sparkline__tick" x={left} y={height - 3} textAnchor="start">
                {formatDayMonth(points[0]!.date)}
              </text>
              {points.length > 1 ? (
                <text className="sparkline__tick" x={width - right} y={height - 3} textAnchor="end">
                  {formatDayMonth(points.at(-1)!.date)}
                </text>
              ) : null}
            </>
          ) : null}
        </>
      ) : null}
      {marks.map((mark) => (
        <g key={mark.value}>
          <line className="sparkline__mark" x1={left} x2={width - right} y1={y(mark.value)} y2={y(mark.value)} />
          {axes ? (
            <text className="sparkline__mark-label" x={width - right} y={y(mark.value) - 2} textAnchor="end">
              {mark.label}
            </text>
          ) : null}
        </g>
      ))}
      {points.length > 1 ? <polyline className="sparkline__line" points={coordinates.join(' ')} fill="none" /> : null}
      {points.map((p, i) => (
        <circle key={`${p.date}-${i}`} className="sparkline__dot" cx={x(days[i] ?? first)} cy={y(p.value)} r={2.5} />
      ))}
    </svg>
  );
}
