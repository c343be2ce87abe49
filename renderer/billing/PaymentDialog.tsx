import { useState, type FormEvent } from 'react';
import {
  PAYMENT_METHOD_LABELS,
  PAYMENT_METHODS,
  formatMoney,
  parseMoney,
  paymentInputSchema,
  type PaymentKind,
  type PaymentMethod,
} from '../../shared/billing';
import { localToday } from '../../shared/dates';
import { asAppError } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { DateField } from '../components/DateField';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextField } from '../components/TextField';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';

type Problems = Partial<Record<'date' | 'amount' | 'note', string>>;

/** A payment or a refund: date, amount as typed ("150.00", read without floats), method and a note. */
export function PaymentDialog({
  patientId,
  currency,
  onClose,
  onSaved,
}: {
  patientId: string;
  currency: string;
  onClose: () => void;
  onSaved: (message: string) => void;
}) {
  const record = useChannelMutation('billing:recordPayment');
  const [kind, setKind] = useState<PaymentKind>('payment');
  const [date, setDate] = useState(() => localToday());
  const [amount, setAmount] = useState('');
  const [method, setMethod] = useState<PaymentMethod>('card');
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Problems>({});
  const [failure, setFailure] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    const money = parseMoney(amount, currency);
    const parsed = paymentInputSchema.safeParse({ patientId, kind, date, amount: money.ok ? money.amount : 0, method, note });
    const found: Problems = {};
    if (!money.ok) found.amount = money.message;
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const key = issue.path[0];
        if ((key === 'date' || key === 'note' || key === 'amount') && found[key] === undefined) found[key] = issue.message;
      }
    setProblems(found);
    if (!parsed.success || !money.ok) return;
    try {
      const saved = await record.mutateAsync(parsed.data);
      onSaved(
        `${saved.kind === 'refund' ? 'Refund' : 'Payment'} of ${formatMoney(saved.amount, saved.currency)} on ${formatCalendarDate(saved.date)} recorded.`,
      );
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  }

  return (
    <Modal open title={kind === 'refund' ? 'Record a refund' : 'Record a payment'} onClose={record.isPending ? () => undefined : onClose}>
      <form className="stack" onSubmit={submit} noValidate>
        <fieldset className="billing__choice">
          <legend className="field__label">Entry</legend>
          {(['payment', 'refund'] as const).map((value) => (
            <label key={value} className="checkbox">
              <input type="radio" name="payment-kind" checked={kind === value} onChange={() => setKind(value)} />
              <span>{value === 'payment' ? 'Payment from the patient' : 'Refund to the patient'}</span>
            </label>
          ))}
        </fieldset>
        <div className="form__row">
          <DateField label="Date" value={date} onChange={setDate} error={problems.date} />
          <TextField
            label={`Amount (${currency})`}
            hint="For example 150.00"
            inputMode="decimal"
            autoComplete="off"
            autoFocus
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            error={problems.amount}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="payment-method">
            Method
          </label>
          <select
            id="payment-method"
            className="input input--select"
            value={method}
            onChange={(e) => setMethod(e.target.value as PaymentMethod)}
          >
            {PAYMENT_METHODS.map((value) => (
              <option key={value} value={value}>
                {PAYMENT_METHOD_LABELS[value]}
              </option>
            ))}
          </select>
        </div>
        <TextField label="Note" optional autoComplete="off" value={note} onChange={(e) => setNote(e.target.value)} error={problems.note} />
        {failure ? <Notice tone="error">{failure}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={record.isPending}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={record.isPending}>
            {kind === 'refund' ? 'Record refund' : 'Record payment'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
