import { useEffect, useState, type FormEvent } from 'react';
import { SERVICE_CODES, moneyInputText, parseMoney, type ServiceCodeValue } from '../../shared/billing';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import './billing.css';

/**
 * The practice's fee for each service code, typed as "150.00" in the practice's currency and kept in
 * the vault. A session coded later is charged the fee of that day; a charge already made keeps its own.
 */
export function FeeSchedule({ currency }: { currency: string }) {
  const fees = useChannelQuery('billing:fees', {});
  const save = useChannelMutation('billing:setFees');
  const [draft, setDraft] = useState<Partial<Record<ServiceCodeValue, string>>>({});
  const [problems, setProblems] = useState<Partial<Record<ServiceCodeValue, string>>>({});
  const [saved, setSaved] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(() => {
    if (!fees.data) return;
    const next: Partial<Record<ServiceCodeValue, string>> = {};
    for (const fee of fees.data) next[fee.code] = fee.currency === currency ? moneyInputText(fee.amount, fee.currency) : '';
    setDraft(next);
  }, [fees.data, currency]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(false);
    setFailure(null);
    const found: Partial<Record<ServiceCodeValue, string>> = {};
    const out: { code: ServiceCodeValue; amount: number }[] = [];
    for (const { code } of SERVICE_CODES) {
      const text = (draft[code] ?? '').trim();
      if (text === '') continue;
      const parsed = parseMoney(text, currency);
      if (parsed.ok) out.push({ code, amount: parsed.amount });
      else found[code] = parsed.message;
    }
    setProblems(found);
    if (Object.keys(found).length > 0) return;
    try {
      await save.mutateAsync({ fees: out });
      setSaved(true);
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <section className="card" aria-labelledby="fee-schedule-title">
      <h2 className="card__title" id="fee-schedule-title">
        Fee schedule
      </h2>
      <p className="card__text">
        Your fee for each service code, in {currency}. A session is charged the fee of the day it is coded. Code numbers are CPT® (American
        Medical Association); the descriptions are Alliance’s own.
      </p>
      {fees.error ? <Notice tone="error">{explain(fees.error)}</Notice> : null}
      <form className="stack" onSubmit={submit} noValidate>
        <div className="fee-schedule">
          {SERVICE_CODES.map(({ code, description }) => (
            <div className="fee-schedule__row" key={code}>
              <label className="fee-schedule__label" htmlFor={`fee-${code}`}>
                <strong>{code}</strong> {description}
              </label>
              <input
                id={`fee-${code}`}
                className="input input--short"
                inputMode="decimal"
                autoComplete="off"
                placeholder="0.00"
                aria-invalid={problems[code] ? true : undefined}
                aria-describedby={problems[code] ? `fee-${code}-error` : undefined}
                value={draft[code] ?? ''}
                onChange={(e) => {
                  setDraft((d) => ({ ...d, [code]: e.target.value }));
                  setProblems(({ [code]: _cleared, ...rest }) => rest);
                  setSaved(false);
                }}
              />
              {problems[code] ? (
                <span className="field__error" id={`fee-${code}-error`}>
                  {problems[code]}
                </span>
              ) : null}
            </div>
          ))}
        </div>
        <div className="form-actions">
          <button type="submit" className="button button--secondary" disabled={save.isPending}>
            Save fees
          </button>
        </div>
        {saved ? <Notice tone="success">Fees saved. Sessions coded from now on are charged these fees.</Notice> : null}
        {failure ? <Notice tone="error">{failure}</Notice> : null}
      </form>
    </section>
  );
}
