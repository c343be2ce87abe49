import type { Consent, Disclosure } from '../../shared/consents';
import { formatInstantDate } from '../format/dates';
import { basisText, itemText, partsText } from './describe';

/** Date, recipient, what, and under which consent or exception: on screen and on the printed accounting. */
export function AccountingTable({ disclosures, consents }: { disclosures: Disclosure[]; consents: readonly Consent[] }) {
  return (
    <div className="table-frame">
      <table className="table accounting-table">
        <caption className="visually-hidden">Every disclosure, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Date</th>
            <th scope="col">Recipient</th>
            <th scope="col">What</th>
            <th scope="col">Basis</th>
          </tr>
        </thead>
        <tbody>
          {disclosures.map((disclosure) => (
            <tr key={disclosure.id}>
              <td className="accounting-table__date">{formatInstantDate(disclosure.disclosedAt)}</td>
              <td>
                {disclosure.recipient ? (
                  <>
                    <bdi>{disclosure.recipient.name}</bdi>
                    {disclosure.recipient.role ? (
                      <span className="accounting-table__detail">
                        <bdi>{disclosure.recipient.role}</bdi>
                      </span>
                    ) : null}
                  </>
                ) : (
                  'The patient'
                )}
              </td>
              <td>
                {itemText(disclosure)}
                <span className="accounting-table__detail">{partsText(disclosure.parts)}</span>
              </td>
              <td>
                {basisText(disclosure, consents)}
                {disclosure.exceptionReason ? (
                  <span className="accounting-table__detail">
                    Reason: <bdi>{disclosure.exceptionReason}</bdi>
                  </span>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
