import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { preferencesUpdateSchema } from '../../shared/preferences';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';

/** The settings that are one whole number on a card of their own. */
type NumberSetting = 'autoLockMinutes' | 'planReviewDays';

type NumberPreferenceProps = {
  setting: NumberSetting;
  value: number;
  title: string;
  text: ReactNode;
  label: string;
  /** The range, as the field's hint says it; the limits and messages are the schema's (shared/preferences.ts). */
  hint: string;
  min: number;
  max: number;
  /** What an empty field is told. */
  empty: string;
  /** The notice once saved, with the value saved. */
  saved: (value: number) => string;
};

/** A card that sets one whole-number setting (auto-lock minutes, the plan review interval), checked against its schema before it is sent. */
export function NumberPreference({
  setting,
  value: current,
  title,
  text,
  label,
  hint,
  min,
  max,
  empty,
  saved: savedText,
}: NumberPreferenceProps) {
  const ids = useId();
  const update = useChannelMutation('preferences:update');
  const [value, setValue] = useState(String(current));
  const [error, setError] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<number | null>(null);

  useEffect(() => setValue(String(current)), [current]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    const parsed = preferencesUpdateSchema.shape[setting].safeParse(value.trim() === '' ? Number.NaN : Number(value));
    if (!parsed.success || parsed.data === undefined) {
      setError(value.trim() === '' ? empty : (parsed.error?.issues[0]?.message ?? empty));
      return;
    }
    setError(undefined);
    try {
      await update.mutateAsync({ [setting]: parsed.data });
      setSaved(parsed.data);
    } catch (caught) {
      setError(explain(asAppError(caught)));
    }
  }

  return (
    <section className="card" aria-labelledby={`${ids}-title`}>
      <h2 className="card__title" id={`${ids}-title`}>
        {title}
      </h2>
      <p className="card__text">{text}</p>
      <form onSubmit={submit} noValidate aria-label={title}>
        <TextField
          label={label}
          hint={hint}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          step={1}
          className="input--short"
          value={value}
          onChange={(event) => {
            setValue(event.target.value);
            setSaved(null);
          }}
          error={error}
          after={
            <button type="submit" className="button button--secondary" disabled={update.isPending}>
              Save
            </button>
          }
        />
      </form>
      {saved !== null ? <Notice tone="success">{savedText(saved)}</Notice> : null}
    </section>
  );
}
