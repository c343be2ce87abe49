import { useEffect, useRef, useState } from 'react';
import {
  CartesianGrid,
  Line,
  LineChart,
  Tooltip,
  useXAxisScale,
  useYAxisScale,
  XAxis,
  YAxis,
  type XAxisTickContentProps,
  type YAxisTickContentProps,
} from 'recharts';
import type { ProgressUpdate } from '../../shared/plan';
import { appFormats } from '../format/app';
import { formatCalendarDate } from '../format/dates';

const DAY_MS = 86_400_000;
const Y_TICKS = [0, 2, 4, 6, 8, 10];

type Point = { t: number; rating: number; date: string; fromSession: boolean };

function dayValue(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(y, m - 1, d);
}

/**
 * Ticks on the date axis: a few updates are each labelled by their own date; over more than half a
 * year, the first of every month, every second, third… so that about five show; otherwise about five
 * ticks at whole days.
 */
function dateTicks(points: readonly Point[], from: number, to: number): { ticks: number[]; format: (t: number) => string } {
  if (points.length <= 6) return { ticks: [...new Set(points.map((p) => p.t))], format: appFormats.dayMonth };
  const span = to - from;
  if (span > 180 * DAY_MS) {
    const start = new Date(from);
    const months = (new Date(to).getUTCFullYear() - start.getUTCFullYear()) * 12 + new Date(to).getUTCMonth() - start.getUTCMonth();
    const step = [1, 2, 3, 4, 6, 12, 24].find((n) => months / n <= 5) ?? 36;
    const ticks: number[] = [];
    // From the first whole month on a multiple of the step, so the labels fall on the same months every year.
    for (let m = start.getUTCMonth() + 1; ; m += 1) {
      const t = Date.UTC(start.getUTCFullYear(), m, 1);
      if (t > to) break;
      if (new Date(t).getUTCMonth() % step === 0) ticks.push(t);
    }
    return { ticks, format: appFormats.shortCalendarMonth };
  }
  const step = Math.max(DAY_MS, Math.round(span / 4 / DAY_MS) * DAY_MS);
  const ticks: number[] = [];
  for (let t = from; t <= to + 1; t += step) ticks.push(t);
  return { ticks, format: appFormats.dayMonth };
}

/** "Ratings of goal 1 over time: 8 updates from 11 Mar 2026 (3/10) to 6 May 2026 (7/10)." */
export function chartDescription(updates: readonly ProgressUpdate[], goalLabel: string): string {
  const first = updates[0];
  const last = updates[updates.length - 1];
  if (!first || !last) return `No progress updates on ${goalLabel} yet.`;
  if (updates.length === 1) return `Rating of ${goalLabel}: one update, ${first.rating}/10 on ${formatCalendarDate(first.date)}.`;
  return `Ratings of ${goalLabel} over time: ${updates.length} updates, from ${first.rating}/10 on ${formatCalendarDate(first.date)} to ${last.rating}/10 on ${formatCalendarDate(last.date)}.`;
}

/**
 * Every update as a point, drawn in one pass over the chart's own scales: filled when rated in a
 * session (from its note), a ring when recorded on its own. One layer, not a component per point,
 * so two years of weekly updates cost little to draw or print.
 */
function UpdatePoints({ points, radius, dense }: { points: readonly Point[]; radius: number; dense: boolean }) {
  const x = useXAxisScale();
  const y = useYAxisScale();
  if (!x || !y) return null;
  return (
    <g className={`plan-chart__points${dense ? ' plan-chart__points--dense' : ''}`}>
      {points.map((point, index) => (
        <circle
          key={index}
          cx={x(point.t)}
          cy={y(point.rating)}
          r={radius}
          className={point.fromSession ? 'plan-chart__dot plan-chart__dot--session' : 'plan-chart__dot'}
        />
      ))}
    </g>
  );
}

/** True once the element has come within a screen's height of the viewport; it stays true. */
function useNearViewport(): [(element: HTMLElement | null) => void, boolean] {
  const [near, setNear] = useState(false);
  const [element, setElement] = useState<HTMLElement | null>(null);
  const observer = useRef<IntersectionObserver | null>(null);
  useEffect(() => {
    if (!element || near) return;
    observer.current = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setNear(true);
      },
      { rootMargin: '100% 0px' },
    );
    observer.current.observe(element);
    return () => observer.current?.disconnect();
  }, [element, near]);
  return [setElement, near];
}

type ChartProps = { updates: readonly ProgressUpdate[]; goalLabel: string; print?: boolean; width?: number; height?: number };

/**
 * A goal's ratings (0–10) over time as an SVG line: crisp on screen and on paper. On screen a chart
 * is drawn once it comes near the viewport, so a plan with years of progress on five goals opens at
 * once; its place is kept, and its summary is read out, before then. `print` draws it at once at a
 * fixed size for the page, without the pointer's tooltip; nothing animates anywhere.
 */
export function ProgressChart(props: ChartProps) {
  const [ref, near] = useNearViewport();
  if (props.print) return <DrawnChart {...props} />;
  if (near) return <DrawnChart {...props} />;
  return (
    <div ref={ref} className="plan-chart" role="img" aria-label={chartDescription(props.updates, props.goalLabel)}>
      <div className="plan-chart__pending" style={{ height: props.height ?? 180 }} />
      <ChartCaption />
    </div>
  );
}

/** Beyond this many updates (a year of weekly sessions) the points are drawn smaller, so they do not merge. */
const DENSE = 52;

function ChartCaption() {
  return (
    <div className="plan-chart__caption">
      <span className="plan-chart__key plan-chart__key--session">Rated in a session</span>
      <span className="plan-chart__key">Recorded on its own</span>
      <span className="plan-chart__scale">0 = no progress · 10 = goal reached</span>
    </div>
  );
}

function DrawnChart({ updates, goalLabel, print = false, width = 640, height = 180 }: ChartProps) {
  const points: Point[] = updates.map((u) => ({
    t: dayValue(u.date),
    rating: u.rating,
    date: u.date,
    fromSession: u.appointmentId !== null || u.noteId !== null,
  }));
  const first = points[0]?.t ?? 0;
  const last = points[points.length - 1]?.t ?? 0;
  // A single update, or a few days' worth, still gets a readable span around it.
  const padding = Math.max(3 * DAY_MS, Math.round((last - first) * 0.03));
  const domain: [number, number] = [first - padding, last + padding];
  const { ticks, format } = dateTicks(points, first, last === first ? first + DAY_MS : last);
  const description = chartDescription(updates, goalLabel);
  const dense = updates.length > DENSE;
  const sizing = print ? { width, height } : { responsive: true, style: { width: '100%', height } };
  return (
    <div className={`plan-chart${print ? ' plan-chart--print' : ''}`} role="img" aria-label={description}>
      {/* It speaks as one image (its label sums it up, the list beside it has each update): a div, since a figure with a caption may not. */}
      <div aria-hidden="true">
        <LineChart {...sizing} data={points} margin={{ top: 8, right: 16, bottom: 4, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} className="plan-chart__grid" />
          {/*
            Every tick shown as given (interval 0) and drawn as plain SVG text: recharts would otherwise
            measure each label in the page, a forced layout of the whole document per label.
          */}
          <XAxis
            dataKey="t"
            type="number"
            scale="time"
            domain={domain}
            ticks={ticks}
            interval={0}
            tick={(tick: XAxisTickContentProps) => (
              <text x={tick.x} y={tick.y} dy="0.9em" textAnchor="middle" className="plan-chart__tick">
                {format(Number(tick.payload.value))}
              </text>
            )}
            tickLine={false}
            axisLine={{ className: 'plan-chart__axis' }}
            allowDataOverflow
          />
          <YAxis
            domain={[0, 10]}
            ticks={Y_TICKS}
            interval={0}
            width={28}
            tick={(tick: YAxisTickContentProps) => (
              <text x={tick.x} y={tick.y} dx={-4} dy="0.32em" textAnchor="end" className="plan-chart__tick">
                {String(tick.payload.value)}
              </text>
            )}
            tickLine={false}
            axisLine={false}
            allowDecimals={false}
          />
          {print ? null : (
            <Tooltip
              isAnimationActive={false}
              cursor={{ className: 'plan-chart__cursor' }}
              content={({ active, payload }) => {
                const point = active ? (payload?.[0]?.payload as Point | undefined) : undefined;
                if (!point) return null;
                return (
                  <p className="plan-chart__tooltip">
                    {formatCalendarDate(point.date)}: <strong>{point.rating}/10</strong>
                    {point.fromSession ? ' · in a session' : ''}
                  </p>
                );
              }}
            />
          )}
          <Line
            type="linear"
            dataKey="rating"
            className="plan-chart__line"
            isAnimationActive={false}
            strokeWidth={print ? 1.4 : 2}
            dot={false}
            activeDot={print ? false : { r: 4, className: 'plan-chart__active-dot' }}
          />
          <UpdatePoints points={points} radius={(print ? 2.6 : 3.5) * (dense ? 0.55 : 1)} dense={dense} />
        </LineChart>
      </div>
      <ChartCaption />
    </div>
  );
}
