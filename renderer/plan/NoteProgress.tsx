import { useId, useState } from 'react';
import { Link } from 'react-router';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { planInForce, ratingText } from './format';
import { progressOf, ProgressForm } from './Progress';

/**
 * "Progress on the plan" inside a session note: each goal of the plan in force in the patient's
 * words, its last rating, and a quick update that carries the note's id (and so its session).
 */
export function NoteProgress({ noteId, patientId, serviceDate }: { noteId: string; patientId: string; serviceDate: string }) {
  const ids = useId();
  const plan = useChannelQuery('plans:forPatient', { patientId });
  const [open, setOpen] = useState<string | null>(null);

  const data = plan.data;
  if (plan.isPending || data === null) return null;
  return (
    <section className="note-editor__section note-progress" aria-labelledby={`${ids}-title`}>
      <h3 className="note-editor__heading" id={`${ids}-title`}>
        Progress on the plan
      </h3>
      {plan.error ? <Notice tone="error">{explain(plan.error)}</Notice> : null}
      {data && !planInForce(data) ? (
        <p className="muted">
          The treatment plan is not agreed with the patient yet; progress is recorded once it is.{' '}
          <Link to={`/patients/${patientId}/plan`}>Open the plan</Link>
        </p>
      ) : null}
      {data && planInForce(data) ? (
        <ol className="note-progress__goals">
          {data.current.content.goals.map((goal, index) => {
            const updates = progressOf(data, goal.id);
            const last = updates[updates.length - 1];
            const here = updates.filter((update) => update.noteId === noteId);
            const title = `Progress on goal ${index + 1}`;
            return (
              <li key={goal.id} className="note-progress__goal">
                <div className="note-progress__line">
                  <p className="note-progress__words">
                    <span className="note-progress__number">Goal {index + 1}</span> “<bdi>{goal.patientWords}</bdi>”
                  </p>
                  {open !== goal.id ? (
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      onClick={() => setOpen(goal.id)}
                      aria-label={`Rate progress on goal ${index + 1}`}
                    >
                      Rate progress
                    </button>
                  ) : null}
                </div>
                {here.length === 0 ? (
                  <p className="note-progress__meta">
                    {last ? `Last rated ${ratingText(last.rating)} on ${formatCalendarDate(last.date)}` : 'Not rated yet'}
                  </p>
                ) : null}
                {here.length > 0 ? (
                  <ul className="note-progress__here" aria-label={`Recorded from this note on goal ${index + 1}`}>
                    {here.map((update) => (
                      <li key={update.id}>
                        <strong>{ratingText(update.rating)}</strong> in this session
                        {update.working ? (
                          <>
                            {' · Working: '}
                            <bdi>{update.working}</bdi>
                          </>
                        ) : null}
                        {update.notWorking ? (
                          <>
                            {' · Not working: '}
                            <bdi>{update.notWorking}</bdi>
                          </>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {open === goal.id ? (
                  <ProgressForm
                    plan={data}
                    goal={goal}
                    noteId={noteId}
                    fixedDate={serviceDate}
                    title={title}
                    onDone={() => setOpen(null)}
                  />
                ) : null}
              </li>
            );
          })}
        </ol>
      ) : null}
    </section>
  );
}
