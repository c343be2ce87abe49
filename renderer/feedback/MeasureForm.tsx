import { useId, useRef, useState, type CSSProperties, type FormEvent, type ReactNode } from 'react';
import {
  DIFFICULTY_ANSWERS,
  INSTRUMENT_DEFINITIONS,
  LICENCE_STATUS_LABELS,
  measureAnswersSchema,
  type AnswerOption,
  type Instrument,
  type MeasureAnswers,
} from '../../shared/measures';
import { asAppError } from '../bridge/client';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';

/** Five answers or fewer fit one row; more take two. */
function answerColumns(count: number): number {
  return count <= 5 ? count : Math.ceil(count / 2);
}

const DIFFICULTY_OPTIONS: AnswerOption[] = DIFFICULTY_ANSWERS.map((label, points) => ({ label, points }));

type AnswerGroupProps = {
  legend: ReactNode;
  answers: readonly AnswerOption[];
  value: number | null;
  onChange: (value: number) => void;
  error?: string | undefined;
  optional?: boolean;
};

/** One question with its answers as large radio tiles, in the order the form prints them. */
function AnswerGroup({ legend, answers, value, onChange, error, optional = false }: AnswerGroupProps) {
  const id = useId();
  return (
    <fieldset className={`measure-item${error ? ' measure-item--invalid' : ''}`} aria-describedby={error ? `${id}-error` : undefined}>
      <legend className="measure-item__question">
        {legend}
        {optional ? <span className="field__optional"> (optional)</span> : null}
      </legend>
      <div className="measure-item__answers" style={{ '--answer-columns': answerColumns(answers.length) } as CSSProperties}>
        {answers.map((answer) => (
          <label key={answer.label} className="measure-answer">
            <input
              type="radio"
              className="measure-answer__input"
              name={id}
              value={answer.points}
              checked={value === answer.points}
              onChange={() => onChange(answer.points)}
            />
            <span className="measure-answer__label">{answer.label}</span>
          </label>
        ))}
      </div>
      {error ? (
        <p className="field__error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

type MeasureFormProps = {
  instrument: Instrument;
  size: 'large' | 'compact';
  submitLabel: string;
  busyLabel: string;
  onSubmit: (measure: MeasureAnswers) => Promise<void>;
  secondary?: ReactNode;
};

/**
 * A measure word for word from shared/measures: the stem, every item with its answers, the PHQ-9's
 * and GAD-7's optional difficulty question, and the authors' credit with the licence. It shows no
 * score: whoever fills it in (the patient in patient mode) sees only the questions.
 */
export function MeasureForm({ instrument, size, submitLabel, busyLabel, onSubmit, secondary }: MeasureFormProps) {
  const definition = INSTRUMENT_DEFINITIONS[instrument];
  const [answers, setAnswers] = useState<(number | null)[]>(() => definition.items.map(() => null));
  const [difficulty, setDifficulty] = useState<number | null>(null);
  const [showMissing, setShowMissing] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const missing = answers.map((a, i) => (a === null ? i : -1)).filter((i) => i >= 0);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (missing.length > 0) {
      setShowMissing(true);
      form.current?.querySelectorAll<HTMLElement>('.measure-item')[missing[0] ?? 0]?.querySelector<HTMLInputElement>('input')?.focus();
      return;
    }
    const parsed = measureAnswersSchema.safeParse({ instrument, answers, difficulty });
    if (!parsed.success) {
      setFailure(parsed.error.issues[0]?.message ?? 'Answer every question.');
      return;
    }
    setBusy(true);
    try {
      await onSubmit(parsed.data);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
      setBusy(false);
      return;
    }
    setBusy(false);
  }

  return (
    <form ref={form} className={`measure-form measure-form--${size}`} onSubmit={submit} noValidate aria-label={definition.title}>
      <p className="measure-form__stem">{definition.stem}</p>
      <ol className="measure-form__items">
        {definition.items.map((item, index) => (
          <li key={item} className="measure-form__item">
            <AnswerGroup
              legend={
                <>
                  <span className="measure-item__number">{index + 1}.</span> {item}
                </>
              }
              answers={definition.answers[index] ?? []}
              value={answers[index] ?? null}
              onChange={(value) => setAnswers((current) => current.map((a, i) => (i === index ? value : a)))}
              error={showMissing && answers[index] === null ? 'Choose one of the answers.' : undefined}
            />
          </li>
        ))}
      </ol>
      {definition.difficulty !== null ? (
        <div className="measure-form__difficulty">
          <AnswerGroup legend={definition.difficulty} answers={DIFFICULTY_OPTIONS} value={difficulty} onChange={setDifficulty} optional />
          {difficulty !== null ? (
            <button type="button" className="button button--link" onClick={() => setDifficulty(null)}>
              Clear this answer
            </button>
          ) : null}
        </div>
      ) : null}
      {showMissing && missing.length > 0 ? (
        <Notice tone="error">
          {missing.length === 1 ? 'One question still needs an answer.' : `${missing.length} questions still need an answer.`}
        </Notice>
      ) : null}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <div className="feedback-form__actions">
        {secondary}
        <button type="submit" className={`button button--primary${size === 'large' ? ' button--huge' : ''}`} disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
      </div>
      <p className="measure-form__credit">
        {definition.credit.startsWith(definition.name) ? definition.credit : `${definition.name}. ${definition.credit}`}
        <br />
        Licence: {LICENCE_STATUS_LABELS[definition.licence.status]}. {definition.licence.text}
      </p>
    </form>
  );
}
