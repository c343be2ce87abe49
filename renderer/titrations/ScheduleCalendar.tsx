import { formatDose, formatTablets, scheduleWeeks, type DoseUnit, type TitrationStepInput } from '../../shared/titration';
import { formatDayMonth } from '../format/dates';

type StepLike = Pick<TitrationStepInput, 'doseAmount' | 'frequency' | 'startDate' | 'durationDays' | 'tabletStrength'>;

/** The schedule as weeks of days: each day its dose, and its tablets when the strength is given. */
export function ScheduleCalendar({ steps, unit }: { steps: readonly StepLike[]; unit: DoseUnit }) {
  const weeks = scheduleWeeks(steps);
  if (weeks.length === 0) return null;
  return (
    <div className="table-frame titration-calendar">
      <table className="table">
        <caption className="visually-hidden">The schedule by week, one cell a day</caption>
        <thead>
          <tr>
            <th scope="col">Week</th>
            {Array.from({ length: 7 }, (_, index) => (
              <th scope="col" key={index}>
                Day {index + 1}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, index) => (
            <tr key={week.from}>
              <th scope="row">{index + 1}</th>
              {week.days.map((day) => {
                const changes = steps.some((step) => step.startDate === day.date);
                return (
                  <td key={day.date} className={changes ? 'titration-calendar__change' : undefined}>
                    <span className="titration-calendar__date">{formatDayMonth(day.date)}</span>
                    <span className="titration-calendar__dose">{formatDose(day.doseAmount, unit)}</span>
                    {day.tabletsPerDay !== null && day.doseAmount > 0 ? (
                      <span className="titration-calendar__tablets">{formatTablets(day.tabletsPerDay)} tab.</span>
                    ) : null}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
