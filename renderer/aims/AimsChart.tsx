import { CartesianGrid, Line, LineChart, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { AIMS_FLAG_LABEL, AIMS_LIMITS, type AimsExamination } from '../../shared/aims';
import { formatCalendarDate } from '../format/dates';

type Point = { id: string; date: string; total: number; flagged: boolean };

function PointTooltip({ active, payload }: TooltipContentProps) {
  const point = payload?.[0]?.payload as Point | undefined;
  if (!active || !point) return null;
  return (
    <div className="aims-chart__tooltip">
      <p>
        <strong>{formatCalendarDate(point.date)}</strong>
      </p>
      <p>
        Total {point.total} of {AIMS_LIMITS.maxTotal}
      </p>
      {point.flagged ? <p className="aims-flag">{AIMS_FLAG_LABEL}</p> : null}
    </div>
  );
}

/**
 * The totals of items 1–7 over time, oldest first, those entered in error left out. Colours come from
 * the theme through CSS (currentColor and the stylesheet), so the chart follows light and dark.
 */
export function AimsChart({ examinations }: { examinations: readonly AimsExamination[] }) {
  const data: Point[] = examinations
    .filter((e) => e.enteredInError === null)
    .map((e) => ({ id: e.id, date: e.examinedOn, total: e.total, flagged: e.flag === 'possible-td' }))
    .reverse();
  if (data.length === 0) return null;
  const summary = `AIMS totals from ${formatCalendarDate(data[0]?.date ?? '')} to ${formatCalendarDate(data.at(-1)?.date ?? '')}: ${data
    .map((point) => point.total)
    .join(', ')}`;
  const top = Math.max(8, Math.min(AIMS_LIMITS.maxTotal, Math.ceil((Math.max(...data.map((p) => p.total)) + 2) / 4) * 4));
  return (
    <figure className="aims-chart">
      <LineChart
        responsive
        style={{ width: '100%', height: 220 }}
        data={data}
        margin={{ top: 12, right: 16, bottom: 4, left: 0 }}
        accessibilityLayer
        title="AIMS total of items 1–7, by the date examined"
        desc={summary}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} className="aims-chart__grid" />
        <XAxis
          dataKey="date"
          tickFormatter={(date: string) => formatCalendarDate(date)}
          tick={{ fontSize: 11 }}
          className="aims-chart__axis"
          tickMargin={6}
          minTickGap={12}
          padding={{ left: 18, right: 18 }}
        />
        <YAxis domain={[0, top]} allowDecimals={false} tick={{ fontSize: 11 }} className="aims-chart__axis" width={32} />
        <Line
          type="linear"
          dataKey="total"
          name="Total"
          stroke="currentColor"
          strokeWidth={2.5}
          isAnimationActive={false}
          dot={(props) => {
            const { cx, cy, index, payload } = props as { cx?: number; cy?: number; index: number; payload: Point };
            if (cx === undefined || cy === undefined) return <g key={index} />;
            return (
              <circle
                key={index}
                cx={cx}
                cy={cy}
                r={payload.flagged ? 6 : 4}
                className={payload.flagged ? 'aims-chart__dot aims-chart__dot--flagged' : 'aims-chart__dot'}
                strokeWidth={2}
              />
            );
          }}
        />
        <Tooltip content={(props) => <PointTooltip {...props} />} />
      </LineChart>
      <figcaption className="aims-chart__caption">
        Total of items 1–7 (0–{AIMS_LIMITS.maxTotal}) at each examination; a larger red point marks one that reached the screening
        threshold.
      </figcaption>
    </figure>
  );
}
