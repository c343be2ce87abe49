// Apart from Progress.tsx, whose form a session note also shows: only these draw a chart, so only they load recharts.
import { useId, useState } from 'react';
import type { Goal, Plan } from '../../shared/plan';
import { Notice } from '../components/Notice';
import { formatCalendarDate } from '../format/dates';
import { ratingText } from './format';
import { GoalRatings, ratingsOf } from './GoalRatings';
import { progressOf, ProgressForm, ProgressList } from './Progress';
import { ProgressChart } from './ProgressChart';

/** A goal's progress while the plan is in force: the chart over time, the dated updates, and a new one. */
export function GoalProgress({ plan, goal, number }: { plan: Plan; goal: Goal; number: number }) {
  const id = useId();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState(false);
  const updates = progressOf(plan, goal.id);
  const latest = updates[updates.length - 1];
  return (
    <div className="plan-progress" role="region" aria-labelledby={id}>
      <div className="plan-progress__head">
        <h6 className="plan-goal__subtitle" id={id}>
          Progress on goal {number}
        </h6>
        {latest ? (
          <span className="plan-progress__latest">
            Latest {ratingText(latest.rating)} on {formatCalendarDate(latest.date)}
          </span>
        ) : null}
        <span className="note-editor__bar-gap" />
        {!adding ? (
          <button
            type="button"
            className="button button--secondary button--small"
            onClick={() => {
              setAdding(true);
              setAdded(false);
            }}
          >
            Add a progress update
          </button>
        ) : null}
      </div>
      {added ? <Notice tone="success">The progress update was added.</Notice> : null}
      {adding ? (
        <ProgressForm
          plan={plan}
          goal={goal}
          noteId={null}
          title={`Progress update on goal ${number}`}
          onDone={(saved) => {
            setAdding(false);
            setAdded(saved);
          }}
        />
      ) : null}
      {updates.length === 0 ? (
        <p className="muted">No progress updates yet.</p>
      ) : (
        <>
          <ProgressChart updates={updates} goalLabel={`goal ${number}`} />
          <ProgressList plan={plan} updates={updates} label={`Progress updates on goal ${number}, latest first`} />
        </>
      )}
      <GoalRatings ratings={ratingsOf(plan.goalRatings, goal.id)} number={number} />
    </div>
  );
}

/** During a revision the version in force still guides treatment: progress goes on being recorded. */
export function ProgressOverview({ plan }: { plan: Plan }) {
  const goals = plan.current.content.goals;
  if (goals.length === 0) return null;
  return (
    <section className="plan-overview" aria-labelledby="plan-progress-title">
      <h3 className="chart-subsection__title" id="plan-progress-title">
        Progress on the goals
      </h3>
      <ol className="plan-goals">
        {goals.map((goal, index) => (
          <li key={goal.id} className="plan-goal">
            <p className="plan-overview__words">
              Goal {index + 1}: “<bdi>{goal.patientWords}</bdi>”
            </p>
            <GoalProgress plan={plan} goal={goal} number={index + 1} />
          </li>
        ))}
      </ol>
    </section>
  );
}
