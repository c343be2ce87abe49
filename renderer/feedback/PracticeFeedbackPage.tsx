import { addMonths, differenceInCalendarMonths, startOfMonth } from 'date-fns';
import { useState } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { PracticeFeedback } from '../../shared/feedback';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { appFormats } from '../format/app';
import { describeSession } from '../format/sessions';
import { useTokenColours } from './chartColours';
import { SelfHarmAlerts } from './ChartFeedbackAlerts';
import { PracticeOutcomeFlags, PracticeOutcomeRates } from './PracticeOutcomes';
import { dropReason, formatLongSessionDate } from './labels';

/** The contract takes at most two years at a time. */
const MAX_MONTHS = 24;

function monthValue(date: Date): string {
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** "2026-03" → the first local instant of that month. */
function monthStart(value: string): Date | null {
  if (!/^\d{4}-\d{2}$/.test(value)) return null;
  const [y, m] = value.split('-').map(Number) as [number, number];
  return new Date(y, m - 1, 1);
}

function rate(given: number, kept: number): string {
  return kept === 0 ? '—' : `${Math.round((given / kept) * 100)}%`;
}

type Row = PracticeFeedback['months'][number] & { label: string; short: string };

function MonthTooltip({ active, payload }: TooltipContentProps) {
  const row = payload?.[0]?.payload as Row | undefined;
  if (!active || !row) return null;
  return (
    <div className="chart-tooltip">
      <p className="chart-tooltip__title">{row.label}</p>
      <p>
        {row.feedbackGiven} feedback of {row.sessionsKept} sessions kept ({rate(row.feedbackGiven, row.sessionsKept)})
      </p>
    </div>
  );
}

/** The completion chart's colours, resolved for the theme showing. */
const COMPLETION_TOKENS = {
  kept: '--color-border-strong',
  given: '--color-accent',
  grid: '--color-border',
  axis: '--color-text-muted',
} as const;

/**
 * The practice's feedback at #/feedback: any PHQ-9 item-9 answer not yet acknowledged, first; how
 * many kept sessions got feedback, month by month; and the patients whose ratings fell, each with
 * their next session and a way to their chart.
 */
export function PracticeFeedbackPage() {
  const [range, setRange] = useState(() => {
    const thisMonth = startOfMonth(new Date());
    return { from: monthValue(addMonths(thisMonth, -11)), to: monthValue(thisMonth) };
  });
  const from = monthStart(range.from);
  const toMonth = monthStart(range.to);
  const span = from && toMonth ? differenceInCalendarMonths(toMonth, from) + 1 : 0;
  const problem =
    !from || !toMonth
      ? 'Enter both months.'
      : span < 1
        ? 'The last month must be on or after the first.'
        : span > MAX_MONTHS
          ? 'At most two years at a time.'
          : null;
  const practice = useChannelQuery(
    'feedback:practice',
    { from: problem || !from ? '' : from.toISOString(), to: problem || !toMonth ? '' : addMonths(toMonth, 1).toISOString() },
    { enabled: problem === null, keepPrevious: true },
  );
  const outcomes = useChannelQuery(
    'outcomes:practice',
    { from: problem || !from ? '' : from.toISOString(), to: problem || !toMonth ? '' : addMonths(toMonth, 1).toISOString() },
    { enabled: problem === null, keepPrevious: true },
  );
  const preferences = useChannelQuery('preferences:get', {});
  const colours = useTokenColours(COMPLETION_TOKENS);
  const rows: Row[] = (practice.data?.months ?? []).map((m) => {
    const first = `${m.month}-01`;
    return { ...m, label: appFormats.calendarMonth(first), short: appFormats.narrowCalendarMonth(first) };
  });
  const totals = rows.reduce((sum, row) => ({ kept: sum.kept + row.sessionsKept, given: sum.given + row.feedbackGiven }), {
    kept: 0,
    given: 0,
  });
  const falling = practice.data?.falling ?? [];

  return (
    <div className="page practice-feedback">
      <header className="page__header">
        <div>
          <h1 className="page__title">Session feedback across the practice</h1>
          <p className="page__subtitle">
            Any PHQ-9 item-9 answer not yet acknowledged, the patients whose ratings fell and are to be raised at their next session, and
            how many of the sessions kept (attended or late) got the patient’s feedback, month by month; the patients whose PHQ-9 or GAD-7
            is not on track or reliably worse, and the outcome rates per quarter.
          </p>
        </div>
      </header>

      <div className="practice-feedback__controls">
        <TextField label="From" type="month" value={range.from} onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))} />
        <TextField
          label="To"
          type="month"
          value={range.to}
          onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
          error={problem ?? undefined}
        />
      </div>

      {practice.error ? <Notice tone="error">{explain(practice.error)}</Notice> : null}

      {/* Before anything else: an item-9 answer waits here, whatever the months chosen, until it is acknowledged. */}
      <SelfHarmAlerts alerts={practice.data?.selfHarm ?? []} withName />

      <section aria-labelledby="falling-title">
        <h2 className="practice-feedback__heading" id="falling-title">
          Ratings that fell
        </h2>
        <p className="practice-feedback__lead">
          {practice.data && falling.length === 0
            ? 'No patient’s latest feedback is waiting to be raised.'
            : 'Each patient’s latest feedback, until a plan revision or a progress update cites it.'}
        </p>
        {falling.length > 0 ? (
          <div className="table-frame">
            <table className="table">
              <caption className="visually-hidden">Patients whose latest session ratings fell, with their next session</caption>
              <thead>
                <tr>
                  <th scope="col">Patient</th>
                  <th scope="col">Feedback of</th>
                  <th scope="col">Why it is raised</th>
                  <th scope="col">Next session</th>
                </tr>
              </thead>
              <tbody>
                {falling.map((row) => (
                  <tr key={row.patientId}>
                    <th scope="row" className="table__name">
                      <Link to={`/patients/${row.patientId}/feedback`}>
                        <bdi>{row.patientName}</bdi>
                      </Link>
                    </th>
                    <td>{formatLongSessionDate(row.sessionStart)}</td>
                    <td>{dropReason(row, preferences.data?.feedbackAlertBelow ?? null)}</td>
                    <td>{row.nextSession ? describeSession(row.nextSession) : <span className="muted">None booked</span>}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>

      {outcomes.error ? <Notice tone="error">{explain(outcomes.error)}</Notice> : null}
      <PracticeOutcomeFlags outcomes={outcomes.data} />

      <section aria-labelledby="completion-title">
        <h2 className="practice-feedback__heading" id="completion-title">
          Feedback completion per month
        </h2>
        {rows.length > 0 ? (
          <>
            <figure className="feedback-chart" aria-labelledby="completion-chart-title">
              <figcaption className="feedback-chart__caption">
                <span className="feedback-chart__title" id="completion-chart-title">
                  Sessions kept and feedback given
                </span>
                <span className="feedback-chart__summary">
                  {totals.given} feedback of {totals.kept} sessions kept in the range ({rate(totals.given, totals.kept)}).
                </span>
              </figcaption>
              <BarChart
                responsive
                style={{ width: '100%', height: 260 }}
                data={rows}
                margin={{ top: 8, right: 8, bottom: 4, left: 0 }}
                title="Sessions kept and feedback given, per month"
                desc={`${totals.given} feedback of ${totals.kept} sessions kept`}
              >
                <CartesianGrid stroke={colours.grid} strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="short" tick={{ fill: colours.axis, fontSize: 11 }} stroke={colours.grid} />
                <YAxis allowDecimals={false} tick={{ fill: colours.axis, fontSize: 11 }} stroke={colours.grid} width={36} />
                <Bar dataKey="sessionsKept" name="Sessions kept" fill={colours.kept} radius={[3, 3, 0, 0]} isAnimationActive={false} />
                <Bar dataKey="feedbackGiven" name="Feedback given" fill={colours.given} radius={[3, 3, 0, 0]} isAnimationActive={false} />
                <Tooltip content={(props) => <MonthTooltip {...props} />} cursor={{ fill: colours.grid, fillOpacity: 0.3 }} />
              </BarChart>
              <ul className="chart-key">
                <li className="chart-key__item">
                  <svg width="12" height="12" aria-hidden="true" focusable="false">
                    <rect width="12" height="12" rx="2" fill={colours.kept} />
                  </svg>
                  Sessions kept
                </li>
                <li className="chart-key__item">
                  <svg width="12" height="12" aria-hidden="true" focusable="false">
                    <rect width="12" height="12" rx="2" fill={colours.given} />
                  </svg>
                  Feedback given
                </li>
              </ul>
            </figure>
            <div className="table-frame">
              <table className="table">
                <caption className="visually-hidden">Feedback completion per month</caption>
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col" className="table__num">
                      Sessions kept
                    </th>
                    <th scope="col" className="table__num">
                      Feedback given
                    </th>
                    <th scope="col">Completion</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.month}>
                      <th scope="row">{row.label}</th>
                      <td className="table__num">{row.sessionsKept}</td>
                      <td className="table__num">{row.feedbackGiven}</td>
                      <td>
                        <CompletionBar given={row.feedbackGiven} kept={row.sessionsKept} />
                      </td>
                    </tr>
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">All</th>
                    <td className="table__num">{totals.kept}</td>
                    <td className="table__num">{totals.given}</td>
                    <td>
                      <CompletionBar given={totals.given} kept={totals.kept} />
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          </>
        ) : practice.isPending && problem === null ? (
          <p className="muted" role="status">
            Loading…
          </p>
        ) : null}
      </section>

      <PracticeOutcomeRates outcomes={outcomes.data} />
    </div>
  );
}

function CompletionBar({ given, kept }: { given: number; kept: number }) {
  const share = kept === 0 ? 0 : Math.round((given / kept) * 100);
  return (
    <span className="practice-feedback__rate">
      <span className="practice-feedback__figure">{rate(given, kept)}</span>
      <span className="practice-feedback__bar" aria-hidden="true">
        <span className="practice-feedback__bar-fill" style={{ width: `${share}%` }} />
      </span>
    </span>
  );
}
