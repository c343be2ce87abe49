import { useId, useMemo, useState, type FormEvent } from 'react';
import { localToday } from '../../shared/dates';
import { deriveMedications, type Medication } from '../../shared/medication';
import {
  ANALYTE_CODES,
  ANALYTES,
  BMI,
  bandFor,
  bmiSeries,
  canonicalUnit,
  flagAgainst,
  formatValue,
  RANGE_FLAG_LABELS,
  rangeFlag,
  resultInputSchema,
  series,
  WEIGHT_CHANGE_THRESHOLD,
  weightChanges,
  type Analyte,
  type AnalyteCode,
  type AnalyteGroup,
  type Band,
  type PracticeBands,
  type Result,
} from '../../shared/results';
import { practiceBands } from '../../shared/monitoring';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { EnteredInErrorDialog, useChart } from '../chart';
import { DateField } from '../components/DateField';
import { PatientMonitoring } from '../monitoring';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { ResultChart, type ChartPoint } from './ResultChart';

type Field = 'analyte' | 'value' | 'unit' | 'takenOn' | 'rangeLow' | 'rangeHigh' | 'note' | 'form';
type Problems = Partial<Record<Field, string>>;
const FIELDS: readonly Field[] = ['analyte', 'value', 'unit', 'takenOn', 'rangeLow', 'rangeHigh', 'note'];

function problemsFrom(issues: readonly { path: string; message: string }[]): Problems {
  const found: Problems = {};
  for (const issue of issues) {
    const key = issue.path.split('.').pop() as Field | undefined;
    if (key && FIELDS.includes(key)) found[key] ??= issue.message;
    else found.form ??= issue.message;
  }
  return found;
}

const GROUPS: AnalyteGroup[] = [...new Set(ANALYTE_CODES.map((code) => ANALYTES[code].group))];

/** The band a measure is drawn and judged against: the practice's own target where it set one, else the analyte's. */
function bandOf(
  a: Analyte,
  code: AnalyteCode,
  bands: PracticeBands,
): (Band & { kind: 'target' | 'reference'; practice?: true }) | undefined {
  const practice = bands[code];
  return practice ? { ...practice, kind: 'target', practice: true } : a.band;
}

function bandText(band: (Band & { kind: 'target' | 'reference'; practice?: true }) | undefined, unit: string): string {
  if (!band) return '';
  const kind = band.practice ? 'The practice’s target' : band.kind === 'target' ? 'Target' : 'Reference';
  if (band.low !== null && band.high !== null) return `${kind} ${band.low}–${band.high} ${unit}`;
  if (band.low !== null) return `${kind} ≥ ${band.low} ${unit}`;
  return `${kind} ≤ ${band.high ?? ''} ${unit}`;
}

/** A number typed with a point or a comma; empty is NaN, which the schema names. */
function typedNumber(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text.trim().replace(',', '.'));
}

/** Results and vitals: record one, see every measure over time with its band and the medications beneath. */
export function ResultsTab() {
  const { patient } = useChart();
  const results = useChannelQuery('results:list', { patientId: patient.id });
  const medications = useChannelQuery('medications:list', { patientId: patient.id });
  // The practice's own target bands (a lithium range of its own) draw and judge the results.
  const protocols = useChannelQuery('monitoring:protocols', {});
  const bands = useMemo(() => practiceBands(protocols.data?.changes ?? []), [protocols.data]);
  const [recording, setRecording] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  const all = results.data?.results ?? [];
  const courses = useMemo(() => {
    const derived = deriveMedications(medications.data?.entries ?? []);
    return [...derived.past, ...derived.current];
  }, [medications.data]);
  const recorded = ANALYTE_CODES.filter((code) => all.some((r) => r.analyte === code));

  return (
    <div className="results">
      <section aria-labelledby="results-title">
        <div className="chart-section__head">
          <h2 className="chart-section__title" id="results-title">
            Results and vitals
          </h2>
          {!recording ? (
            <button type="button" className="button button--primary" onClick={() => (setRecording(true), setMessage(null))}>
              Record a result
            </button>
          ) : null}
        </div>
        {message ? <Notice tone="success">{message}</Notice> : null}
        <PatientMonitoring patientId={patient.id} />
        {recording ? (
          <ResultForm
            patientId={patient.id}
            bands={bands}
            onDone={(text) => {
              setRecording(false);
              setMessage(text);
            }}
            onCancel={() => setRecording(false)}
          />
        ) : null}
        {results.error ? <Notice tone="error">{explain(results.error)}</Notice> : null}
        {results.isPending ? (
          <p className="muted" role="status">
            Loading results…
          </p>
        ) : null}
        {results.data && all.length === 0 ? <p className="muted">No results or vitals recorded.</p> : null}
        {recorded.map((code) => (
          <AnalyteSection key={code} code={code} results={all} medications={courses} bands={bands} />
        ))}
        {recorded.includes('weight') && recorded.includes('height') ? <BmiSection results={all} medications={courses} /> : null}
      </section>
    </div>
  );
}

function AnalyteSection({
  code,
  results,
  medications,
  bands,
}: {
  code: AnalyteCode;
  results: readonly Result[];
  medications: readonly Medication[];
  bands: PracticeBands;
}) {
  const a = ANALYTES[code];
  const band = bandOf(a, code, bands);
  const unit = canonicalUnit(code);
  const counted = series(results, code);
  const entries = results.filter((r) => r.analyte === code).toReversed();
  const changes = code === 'weight' ? new Map(weightChanges(results).map((w) => [w.id, w.percent])) : null;
  const points: ChartPoint[] = counted.map((r) => ({ id: r.id, date: r.takenOn, value: r.canonicalValue, flag: rangeFlag(r, bands) }));
  const firstWeight = counted[0];
  const headingId = `result-${code}`;
  return (
    <section className="chart-subsection result-section" aria-labelledby={headingId}>
      <h3 className="chart-subsection__title" id={headingId}>
        {a.label} <span className="muted">({unit})</span>
      </h3>
      {band ? <p className="result-section__band">{bandText(band, unit)}, unless the lab gives its own range.</p> : null}
      <ResultChart
        label={a.label}
        unit={unit}
        decimals={a.decimals}
        points={points}
        band={band ?? null}
        bandLabel={bandText(band, unit)}
        threshold={
          code === 'weight' && firstWeight
            ? {
                value: firstWeight.canonicalValue * (1 + WEIGHT_CHANGE_THRESHOLD / 100),
                label: `+${WEIGHT_CHANGE_THRESHOLD} % from the first weight`,
              }
            : undefined
        }
        medications={medications}
      />
      <div className="table-frame">
        <table className="table result-table">
          <caption className="visually-hidden">{a.label}, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Taken on</th>
              <th scope="col">Value</th>
              <th scope="col">{changes ? 'From the first weight' : 'Range'}</th>
              <th scope="col">Note</th>
              <th scope="col">
                <span className="visually-hidden">Correction</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((r) => (
              <ResultRow key={r.id} result={r} change={changes?.get(r.id)} bands={bands} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function ResultRow({ result, change, bands }: { result: Result; change: number | undefined; bands: PracticeBands }) {
  const [marking, setMarking] = useState(false);
  const mark = useChannelMutation('results:markEnteredInError');
  const a = ANALYTES[result.analyte];
  const inError = result.enteredInError !== null;
  const flag = inError ? null : rangeFlag(result, bands);
  const band = bandFor(result, bands);
  const unit = canonicalUnit(result.analyte);
  const shown = (
    <>
      {result.value} {result.unit}
      {result.unit !== unit ? ` (${formatValue(result.canonicalValue, a.decimals)} ${unit})` : ''}
    </>
  );
  const words = `${a.label} ${result.value} ${result.unit} of ${formatCalendarDate(result.takenOn)}`;
  return (
    <tr className={inError ? 'history-table__row--in-error' : flag ? 'result-table__row--out' : undefined}>
      <td>{formatCalendarDate(result.takenOn)}</td>
      <td>
        {inError ? <s>{shown}</s> : <strong>{shown}</strong>}
        {flag ? <span className="result-flag">{RANGE_FLAG_LABELS[flag]}</span> : null}
        {inError ? (
          <span className="history-table__error">
            Entered in error: <bdi>{result.enteredInError?.reason}</bdi>
          </span>
        ) : null}
      </td>
      <td>
        {change !== undefined ? (
          <>
            {change > 0 ? '+' : ''}
            {change.toFixed(1)} %{change >= WEIGHT_CHANGE_THRESHOLD ? <span className="result-flag">5 % or more</span> : null}
          </>
        ) : band?.source === 'lab' ? (
          `Lab: ${result.rangeLow ?? '…'}–${result.rangeHigh ?? '…'} ${result.unit}`
        ) : (
          <span className="muted">{band?.source === 'practice' ? 'Practice target' : a.band ? 'Default' : '—'}</span>
        )}
      </td>
      <td>
        <bdi>{result.note}</bdi>
      </td>
      <td className="table__num">
        {!inError ? (
          <button
            type="button"
            className="button button--link"
            onClick={() => setMarking(true)}
            aria-label={`Mark ${words} entered in error`}
          >
            Entered in error…
          </button>
        ) : null}
        {marking ? (
          <EnteredInErrorDialog
            title="Mark this result as entered in error?"
            confirmLabel="Mark entered in error"
            onConfirm={(reason) => mark.mutateAsync({ id: result.id, reason })}
            onClose={() => setMarking(false)}
          >
            <p>
              <strong>{words}</strong> is struck through and no longer drawn on the chart.
            </p>
          </EnteredInErrorDialog>
        ) : null}
      </td>
    </tr>
  );
}

function BmiSection({ results, medications }: { results: readonly Result[]; medications: readonly Medication[] }) {
  const points = bmiSeries(results);
  if (points.length === 0) return null;
  return (
    <section className="chart-subsection result-section" aria-labelledby="result-bmi">
      <h3 className="chart-subsection__title" id="result-bmi">
        BMI <span className="muted">({BMI.unit}, from each weight and the height in force on its day)</span>
      </h3>
      <p className="result-section__band">
        Reference {BMI.band.low}–{BMI.band.high} {BMI.unit}.
      </p>
      <ResultChart
        label={BMI.label}
        unit={BMI.unit}
        decimals={BMI.decimals}
        points={points.map((p) => ({ id: p.weightId, date: p.takenOn, value: p.value, flag: flagAgainst(p.value, BMI.band) }))}
        band={BMI.band}
        bandLabel={`Reference ${BMI.band.low}–${BMI.band.high} ${BMI.unit}`}
        medications={medications}
      />
      <p className="result-section__band">
        Latest: {formatValue(points.at(-1)?.value ?? 0, BMI.decimals)} {BMI.unit} on {formatCalendarDate(points.at(-1)?.takenOn ?? '')}
      </p>
    </section>
  );
}

function ResultForm({
  patientId,
  bands,
  onDone,
  onCancel,
}: {
  patientId: string;
  bands: PracticeBands;
  onDone: (message: string) => void;
  onCancel: () => void;
}) {
  const ids = useId();
  const record = useChannelMutation('results:record');
  const [analyte, setAnalyte] = useState<AnalyteCode | ''>('');
  const [value, setValue] = useState('');
  const [unit, setUnit] = useState('');
  const [takenOn, setTakenOn] = useState(localToday());
  const [rangeLow, setRangeLow] = useState('');
  const [rangeHigh, setRangeHigh] = useState('');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const clear = (field: Field) => setProblems(({ [field]: _cleared, ...rest }) => rest);
  const chosen = analyte === '' ? null : ANALYTES[analyte];

  async function submit(event: FormEvent) {
    event.preventDefault();
    const parsed = resultInputSchema.safeParse({
      analyte,
      value: typedNumber(value),
      unit,
      takenOn,
      rangeLow: rangeLow.trim() === '' ? null : typedNumber(rangeLow),
      rangeHigh: rangeHigh.trim() === '' ? null : typedNumber(rangeHigh),
      note,
    });
    if (!parsed.success) {
      setProblems(problemsFrom(parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))));
      return;
    }
    setProblems({});
    try {
      const saved = await record.mutateAsync({ patientId, result: parsed.data });
      const mine = saved.results.filter((r) => r.analyte === parsed.data.analyte).at(-1);
      const flag = mine ? rangeFlag(mine, bands) : null;
      onDone(
        `Recorded ${ANALYTES[parsed.data.analyte].label.toLocaleLowerCase()} ${parsed.data.value} ${parsed.data.unit} of ${formatCalendarDate(parsed.data.takenOn)}${flag ? ` (${RANGE_FLAG_LABELS[flag].toLocaleLowerCase()})` : ''}.`,
      );
    } catch (caught) {
      const error = asAppError(caught);
      setProblems(error.code === 'INVALID_INPUT' && error.issues?.length ? problemsFrom(error.issues) : { form: explain(error) });
    }
  }

  return (
    <form className="record-form" onSubmit={submit} noValidate aria-labelledby={`${ids}-title`}>
      <h3 className="record-form__title" id={`${ids}-title`}>
        Record a result
      </h3>
      <div className="record-form__row">
        <div className={`field${problems.analyte ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={`${ids}-analyte`}>
            Measure
          </label>
          <select
            id={`${ids}-analyte`}
            className="input input--select"
            value={analyte}
            autoFocus
            aria-invalid={problems.analyte ? true : undefined}
            aria-describedby={problems.analyte ? `${ids}-analyte-error` : undefined}
            onChange={(e) => {
              const code = e.target.value as AnalyteCode | '';
              setAnalyte(code);
              setUnit(code === '' ? '' : canonicalUnit(code));
              clear('analyte');
              clear('unit');
            }}
          >
            <option value="">Choose…</option>
            {GROUPS.map((group) => (
              <optgroup key={group} label={group}>
                {ANALYTE_CODES.filter((code) => ANALYTES[code].group === group).map((code) => (
                  <option key={code} value={code}>
                    {ANALYTES[code].label}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          {problems.analyte ? (
            <p className="field__error" id={`${ids}-analyte-error`}>
              {problems.analyte}
            </p>
          ) : null}
        </div>
        <TextField
          label="Value"
          inputMode="decimal"
          autoComplete="off"
          value={value}
          onChange={(e) => (setValue(e.target.value), clear('value'))}
          error={problems.value}
        />
        <div className={`field${problems.unit ? ' field--invalid' : ''}`}>
          <label className="field__label" htmlFor={`${ids}-unit`}>
            Unit
          </label>
          <select
            id={`${ids}-unit`}
            className="input input--select"
            value={unit}
            disabled={chosen === null}
            aria-invalid={problems.unit ? true : undefined}
            aria-describedby={problems.unit ? `${ids}-unit-error` : undefined}
            onChange={(e) => (setUnit(e.target.value), clear('unit'))}
          >
            {chosen === null ? <option value="">Choose the measure first</option> : null}
            {chosen?.units.map((u) => (
              <option key={u.unit} value={u.unit}>
                {u.unit}
              </option>
            ))}
          </select>
          {problems.unit ? (
            <p className="field__error" id={`${ids}-unit-error`}>
              {problems.unit}
            </p>
          ) : null}
        </div>
        <DateField
          label="Taken on"
          value={takenOn}
          onChange={(v) => (setTakenOn(v), clear('takenOn'))}
          error={problems.takenOn}
          whenEmpty="Choose the date it was taken."
        />
      </div>
      {chosen && analyte !== '' && bandOf(chosen, analyte, bands) ? (
        <p className="field__hint">
          {bandText(bandOf(chosen, analyte, bands), chosen.units[0].unit)}, unless the lab gives its own range below.
        </p>
      ) : null}
      <div className="record-form__row">
        <TextField
          label="Lab range, low"
          optional
          hint="In the unit above."
          inputMode="decimal"
          autoComplete="off"
          value={rangeLow}
          onChange={(e) => (setRangeLow(e.target.value), clear('rangeLow'))}
          error={problems.rangeLow}
        />
        <TextField
          label="Lab range, high"
          optional
          hint="In the unit above."
          inputMode="decimal"
          autoComplete="off"
          value={rangeHigh}
          onChange={(e) => (setRangeHigh(e.target.value), clear('rangeHigh'))}
          error={problems.rangeHigh}
        />
      </div>
      <TextField
        label="Note"
        optional
        hint="For example “12 hours after the evening dose”."
        autoComplete="off"
        value={note}
        onChange={(e) => (setNote(e.target.value), clear('note'))}
        error={problems.note}
      />
      {problems.form ? <Notice tone="error">{problems.form}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={record.isPending}>
          Record
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
