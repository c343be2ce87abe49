import { Link } from 'react-router';
import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { UserText } from '../components/UserText';
import { explain } from '../errors/explain';
import { formatCalendarMonth } from '../format/dates';
import { formatAmounts } from './format';
import { billingTabPath } from './paths';
import './billing.css';

/** The practice's money at #/billing: billed and paid per month, and each patient who owes or is owed. */
export function PracticeMoneyPage() {
  const money = useChannelQuery('billing:practice', {});
  return (
    <div className="page">
      <header className="page__header">
        <h1 className="page__title">Billing</h1>
        <p className="page__lead">What the practice billed and was paid each month, and the balances still open.</p>
      </header>
      {money.error ? <Notice tone="error">{explain(money.error)}</Notice> : null}
      {money.isPending ? (
        <p className="muted" role="status">
          Adding up…
        </p>
      ) : null}
      {money.data ? (
        <div className="practice-money">
          <section className="card" aria-labelledby="money-months-title">
            <h2 className="card__title" id="money-months-title">
              By month
            </h2>
            {money.data.months.length === 0 ? <p className="muted">Nothing billed or paid yet.</p> : null}
            {money.data.months.length > 0 ? (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Month</th>
                    <th scope="col" className="table__num">
                      Billed
                    </th>
                    <th scope="col" className="table__num">
                      Paid (less refunds)
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {money.data.months.map((row) => (
                    <tr key={row.month}>
                      <td>{formatCalendarMonth(`${row.month}-01`)}</td>
                      <td className="table__num">{formatAmounts(row.billed, money.data.currency)}</td>
                      <td className="table__num">{formatAmounts(row.paid, money.data.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
          </section>
          <section className="card" aria-labelledby="money-open-title">
            <h2 className="card__title" id="money-open-title">
              Open balances
            </h2>
            {money.data.openBalances.length === 0 ? <p className="muted">Every account is settled.</p> : null}
            {money.data.openBalances.length > 0 ? (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">Patient</th>
                    <th scope="col" className="table__num">
                      Balance
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {money.data.openBalances.map((row) => (
                    <tr key={row.patientId}>
                      <td>
                        <Link to={billingTabPath(row.patientId)}>
                          <UserText>{row.patientName}</UserText>
                        </Link>
                      </td>
                      <td className="table__num">{formatAmounts(row.balance, money.data.currency)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            <p className="field__hint">A negative balance is money the practice owes the patient.</p>
          </section>
        </div>
      ) : null}
    </div>
  );
}
