import { useId, useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import {
  addDays,
  DEFAULT_MISSED_DOSE_ADVICE,
  DOSE_UNITS,
  formatTablets,
  generateSteps,
  PatternError,
  tabletsPerDose,
  tabletTotals,
  TITRATION_FREQUENCIES,
  titrationInputSchema,
  titrationPatternSchema,
  type DoseUnit,
  type TitrationDirection,
  type TitrationFrequency,
  type TitrationSchedule,
  type TitrationStepInput,
} from '../../shared/titration';
import type { Medication } from '../../shared/medication';
import type { Preferences } from '../../shared/preferences';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { Notice } from '../components/Notice';
import { useChart } from '../chart';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { titrationPath } from './paths';
import { ScheduleCalendar } from './ScheduleCalendar';

/** "100 mg" → 100 and mg, when the history's dose reads so. */
function parseDose(dose: string): { amount: number; unit: DoseUnit } | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(mg|mcg|g|mL)\b/i.exec(dose);
  if (!match) return null;
  const unit = DOSE_UNITS.find((u) => u.toLowerCase() === match[2]!.toLowerCase());
  return unit ? { amount: Number(match[1]), unit } : null;
}

function whoToCallDefault(preferences: Preferences | undefined): string {
  if (!preferences) return '';
  return [preferences.practiceName, preferences.practicePhone].filter((part) => part.trim() !== '').join(', ');
}

/**
 * "Plan a titration/taper…" from a current medication: the chart's route titrations/new/:medicationId.
 * With ?replaces=<schedule>, it changes that schedule: its steps not yet confirmed are the start, and
 * saving makes a new schedule and stops the old one, which stays as it was printed.
 */
export function TitrationBuilderPage() {
  const { patient } = useChart();
  const { medicationId = '' } = useParams();
  const [params] = useSearchParams();
  const replacesId = params.get('replaces');
  const medications = useChannelQuery('medications:list', { patientId: patient.id });
  const preferences = useChannelQuery('preferences:get', {});
  // Today in the practice's zone, as the worker reckons it.
  const schedules = useChannelQuery('titrations:list', { patientId: patient.id });
  const error = medications.error ?? preferences.error ?? schedules.error;
  if (error) return <Notice tone="error">{explain(error)}</Notice>;
  if (!medications.data || !preferences.data || !schedules.data)
    return (
      <p className="muted" role="status">
        Loading the medication…
      </p>
    );
  const medication = medications.data.current.find((m) => m.medicationId === medicationId);
  if (!medication) return <Notice tone="error">This medication is not on the patient’s current list.</Notice>;
  const replacing =
    replacesId === null ? null : (schedules.data.schedules.find((s) => s.id === replacesId && s.status === 'active') ?? null);
  if (replacesId !== null && replacing === null)
    return <Notice tone="error">The schedule to change has ended or could not be found.</Notice>;
  return (
    <Builder
      patientId={patient.id}
      medication={medication}
      preferences={preferences.data}
      today={schedules.data.today}
      replacing={replacing}
    />
  );
}

type PatternState = {
  kind: 'reduce-percent' | 'increase';
  startDose: string;
  percent: string;
  endDose: string;
  increment: string;
  target: string;
  every: string;
  everyUnit: 'days' | 'weeks';
};

function Builder({
  patientId,
  medication,
  preferences,
  today,
  replacing,
}: {
  patientId: string;
  medication: Medication;
  preferences: Preferences;
  today: string;
  replacing: TitrationSchedule | null;
}) {
  // A change starts from the steps not yet confirmed: those confirmed are history already.
  const remaining = replacing?.steps.filter((step) => step.confirmedAt === null) ?? [];
  const first = remaining[0];
  const ids = useId();
  const navigate = useNavigate();
  const create = useChannelMutation('titrations:create');
  const current = parseDose(medication.dose);
  const [direction, setDirection] = useState<TitrationDirection>(replacing?.direction ?? 'taper');
  const [unit, setUnit] = useState<DoseUnit>(first?.doseUnit ?? current?.unit ?? 'mg');
  const [frequency, setFrequency] = useState<TitrationFrequency>(
    first?.frequency ?? (medication.frequency in TITRATION_FREQUENCIES ? (medication.frequency as TitrationFrequency) : 'once daily'),
  );
  const [firstDate, setFirstDate] = useState(first?.startDate ?? today);
  const [strength, setStrength] = useState(first?.tabletStrength != null ? String(first.tabletStrength) : '');
  const [split, setSplit] = useState<1 | 2 | 4>(2);
  const [pattern, setPattern] = useState<PatternState>({
    kind: 'reduce-percent',
    startDose: current ? String(current.amount) : '',
    percent: '10',
    endDose: '0',
    increment: '',
    target: '',
    every: '2',
    everyUnit: 'weeks',
  });
  const [steps, setSteps] = useState<{ dose: string; days: string }[]>(() =>
    remaining.map((step) => ({ dose: String(step.doseAmount), days: String(step.durationDays) })),
  );
  const [missed, setMissed] = useState(replacing?.missedDoseAdvice ?? DEFAULT_MISSED_DOSE_ADVICE);
  const [whoToCall, setWhoToCall] = useState(replacing?.whoToCall ?? whoToCallDefault(preferences));
  const [problem, setProblem] = useState<string | null>(null);

  const strengthValue = strength.trim() === '' ? null : Number(strength);
  // Start dates follow from the first date and each step's length, so the steps never overlap or leave a gap.
  const built: TitrationStepInput[] = [];
  let date = firstDate;
  for (const step of steps) {
    const durationDays = Number(step.days);
    built.push({ doseAmount: Number(step.dose), doseUnit: unit, frequency, startDate: date, durationDays, tabletStrength: strengthValue });
    date = Number.isInteger(durationDays) && durationDays > 0 ? addDays(date, durationDays) : date;
  }
  const valid = titrationInputSchema.safeParse({
    patientId,
    medicationId: medication.medicationId,
    direction,
    missedDoseAdvice: missed,
    whoToCall,
    steps: built,
    replacesId: replacing?.id ?? null,
  });
  const calendarSteps = built.filter((s) => Number.isInteger(s.durationDays) && s.durationDays > 0 && s.durationDays <= 365);
  const totals = tabletTotals(
    calendarSteps.map((s) => ({
      ...s,
      tabletStrength: Number.isNaN(tabletsPerDose(s.doseAmount, s.tabletStrength)) ? null : s.tabletStrength,
    })),
  );

  function makeSteps() {
    setProblem(null);
    const parsed = titrationPatternSchema.safeParse({
      kind: pattern.kind,
      doseUnit: unit,
      frequency,
      startDate: firstDate,
      startDose: Number(pattern.startDose),
      every: Number(pattern.every),
      everyUnit: pattern.everyUnit,
      tabletStrength: strengthValue,
      split,
      roundTo: 1,
      ...(pattern.kind === 'reduce-percent'
        ? { percent: Number(pattern.percent), endDose: Number(pattern.endDose) }
        : { increment: Number(pattern.increment), target: Number(pattern.target) }),
    });
    if (!parsed.success) {
      setProblem(parsed.error.issues.map((issue) => issue.message).join('. '));
      return;
    }
    try {
      setSteps(generateSteps(parsed.data).map((step) => ({ dose: String(step.doseAmount), days: String(step.durationDays) })));
      setDirection(pattern.kind === 'increase' ? 'titrate' : 'taper');
    } catch (error) {
      if (error instanceof PatternError) setProblem(error.message);
      else throw error;
    }
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    if (!valid.success) {
      setProblem(
        valid.error.issues
          .map((issue) => `${issue.path[0] === 'steps' ? `Step ${Number(issue.path[1]) + 1}: ` : ''}${issue.message}`)
          .join('. '),
      );
      return;
    }
    try {
      const schedule = await create.mutateAsync(valid.data);
      await navigate(titrationPath(patientId, schedule.id));
    } catch {
      // The mutation's error is shown below.
    }
  }

  const setField = (field: keyof PatternState) => (value: string) => setPattern((p) => ({ ...p, [field]: value }));

  return (
    <form className="titration-builder" onSubmit={(event) => void save(event)} aria-labelledby={`${ids}-title`}>
      <BackLink to={`/patients/${patientId}/medications`}>Back to medications</BackLink>
      <h2 className="chart-section__title" id={`${ids}-title`}>
        {replacing ? 'Change the schedule' : 'Plan a titration or taper'}: <bdi>{medication.name}</bdi>
      </h2>
      <p className="muted">
        Now <bdi>{medication.dose}</bdi>, <bdi>{medication.frequency}</bdi>. Each step becomes a planned change you confirm at the session.
      </p>

      <fieldset className="titration-builder__group">
        <legend>Tablets and timing</legend>
        <div className="titration-builder__row">
          <label>
            Unit
            <select value={unit} onChange={(e) => setUnit(e.target.value as DoseUnit)}>
              {DOSE_UNITS.map((u) => (
                <option key={u}>{u}</option>
              ))}
            </select>
          </label>
          <label>
            How often
            <select value={frequency} onChange={(e) => setFrequency(e.target.value as TitrationFrequency)}>
              {Object.keys(TITRATION_FREQUENCIES).map((f) => (
                <option key={f}>{f}</option>
              ))}
            </select>
          </label>
          <label>
            Tablet strength ({unit}, optional)
            <input inputMode="decimal" value={strength} onChange={(e) => setStrength(e.target.value)} />
          </label>
          <label>
            Tablets can be
            <select value={split} onChange={(e) => setSplit(Number(e.target.value) as 1 | 2 | 4)}>
              <option value={1}>taken whole only</option>
              <option value={2}>halved</option>
              <option value={4}>quartered</option>
            </select>
          </label>
          <label>
            First step on
            <input type="date" value={firstDate} onChange={(e) => setFirstDate(e.target.value)} />
          </label>
        </div>
      </fieldset>

      <fieldset className="titration-builder__group">
        <legend>Make the steps from a pattern</legend>
        <div className="titration-builder__row">
          <label>
            Pattern
            <select value={pattern.kind} onChange={(e) => setField('kind')(e.target.value)}>
              <option value="reduce-percent">Reduce by a percentage</option>
              <option value="increase">Increase by an amount</option>
            </select>
          </label>
          <label>
            From ({unit})
            <input inputMode="decimal" value={pattern.startDose} onChange={(e) => setField('startDose')(e.target.value)} />
          </label>
          {pattern.kind === 'reduce-percent' ? (
            <>
              <label>
                Reduce by (%)
                <input inputMode="decimal" value={pattern.percent} onChange={(e) => setField('percent')(e.target.value)} />
              </label>
              <label>
                Down to ({unit}, 0 to stop)
                <input inputMode="decimal" value={pattern.endDose} onChange={(e) => setField('endDose')(e.target.value)} />
              </label>
            </>
          ) : (
            <>
              <label>
                Increase by ({unit})
                <input inputMode="decimal" value={pattern.increment} onChange={(e) => setField('increment')(e.target.value)} />
              </label>
              <label>
                Up to ({unit})
                <input inputMode="decimal" value={pattern.target} onChange={(e) => setField('target')(e.target.value)} />
              </label>
            </>
          )}
          <label>
            Every
            <input inputMode="numeric" value={pattern.every} onChange={(e) => setField('every')(e.target.value)} />
          </label>
          <label>
            <span className="visually-hidden">Interval unit</span>
            <select value={pattern.everyUnit} onChange={(e) => setField('everyUnit')(e.target.value)}>
              <option value="days">days</option>
              <option value="weeks">weeks</option>
            </select>
          </label>
          <button type="button" className="button button--secondary" onClick={makeSteps}>
            Make the steps
          </button>
        </div>
      </fieldset>

      <fieldset className="titration-builder__group">
        <legend>Steps</legend>
        <div className="titration-builder__row">
          <label>
            Direction
            <select value={direction} onChange={(e) => setDirection(e.target.value as TitrationDirection)}>
              <option value="taper">Taper (reduce)</option>
              <option value="titrate">Titrate (increase)</option>
            </select>
          </label>
        </div>
        {steps.length > 0 ? (
          <div className="table-frame">
            <table className="table" aria-label="Steps">
              <thead>
                <tr>
                  <th scope="col">Step</th>
                  <th scope="col">From</th>
                  <th scope="col">Dose ({unit})</th>
                  <th scope="col">Days</th>
                  <th scope="col">Tablets a day</th>
                  <th scope="col">
                    <span className="visually-hidden">Remove</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {steps.map((step, index) => {
                  const b = built[index]!;
                  const perDose = tabletsPerDose(b.doseAmount, b.tabletStrength);
                  return (
                    <tr key={index}>
                      <td>{index + 1}</td>
                      <td>{formatCalendarDate(b.startDate)}</td>
                      <td>
                        <input
                          aria-label={`Dose of step ${index + 1}`}
                          inputMode="decimal"
                          value={step.dose}
                          onChange={(e) => setSteps((all) => all.map((s, i) => (i === index ? { ...s, dose: e.target.value } : s)))}
                        />
                      </td>
                      <td>
                        <input
                          aria-label={`Days of step ${index + 1}`}
                          inputMode="numeric"
                          value={step.days}
                          onChange={(e) => setSteps((all) => all.map((s, i) => (i === index ? { ...s, days: e.target.value } : s)))}
                        />
                      </td>
                      <td>
                        {perDose === null
                          ? '—'
                          : Number.isNaN(perDose)
                            ? 'not whole, ½ or ¼ tablets'
                            : formatTablets(perDose * TITRATION_FREQUENCIES[frequency])}
                      </td>
                      <td>
                        <button
                          type="button"
                          className="button button--link"
                          onClick={() => setSteps((all) => all.filter((_, i) => i !== index))}
                        >
                          Remove<span className="visually-hidden"> step {index + 1}</span>
                        </button>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p className="muted">No steps yet: make them from the pattern above, or add them one by one.</p>
        )}
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() => setSteps((all) => [...all, { dose: all.at(-1)?.dose ?? pattern.startDose, days: '14' }])}
        >
          Add a step
        </button>
        {totals.total !== null && calendarSteps.length > 0 ? <p>Tablets needed in all: {formatTablets(totals.total)}</p> : null}
      </fieldset>

      {calendarSteps.length > 0 ? (
        <section aria-label="Calendar">
          <h3 className="chart-subsection__title">Calendar</h3>
          <ScheduleCalendar steps={calendarSteps} unit={unit} />
        </section>
      ) : null}

      <fieldset className="titration-builder__group">
        <legend>For the patient’s copy</legend>
        <label className="titration-builder__wide">
          If a dose is missed
          <textarea rows={3} value={missed} onChange={(e) => setMissed(e.target.value)} />
        </label>
        <label className="titration-builder__wide">
          Who to call with questions
          <input value={whoToCall} onChange={(e) => setWhoToCall(e.target.value)} />
        </label>
      </fieldset>

      {problem ? <Notice tone="error">{problem}</Notice> : null}
      {create.error ? <Notice tone="error">{explain(create.error)}</Notice> : null}
      <div className="titration-builder__actions">
        <button type="submit" className="button button--primary" disabled={create.isPending}>
          {replacing ? 'Save as a new schedule' : 'Save the schedule'}
        </button>
      </div>
    </form>
  );
}
