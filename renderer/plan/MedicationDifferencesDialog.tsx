import { useId, useState } from 'react';
import { MEDICATION_ROUTES, type MedicationEventInput, type MedicationRoute } from '../../shared/medication';
import { planMedicationReason, type MedicationDifference, type PlanMedicationCheck } from '../../shared/plan';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { MedicationDifferenceText } from '../components/MedicationDifferenceText';
import { Modal } from '../components/Modal';
import { explain } from '../errors/explain';
import { formatLongCalendarDate } from '../format/dates';

type Outcome = { kind: 'recorded' | 'left' } | { kind: 'failed'; message: string };

const keyOf = (difference: MedicationDifference) => `${difference.interventionId ?? ''}:${difference.medicationId ?? ''}`;

/**
 * Right after the patient agrees to a version: each way the plan now differs from the medication list,
 * with a button to record the change in the medication history (dated the agreement, the revision as
 * its reason) or to leave the list as it is, the difference then said on the Medications tab.
 * Opens only when there is a difference; what was shown stays listed with its outcome until closed.
 */
export function MedicationDifferencesDialog({ patientId, onClose }: { patientId: string; onClose: () => void }) {
  const check = useChannelQuery('medications:planDifferences', { patientId });
  // The first answer is what the agreement left; recording one refetches, and what was recorded stays shown.
  const [shown, setShown] = useState<PlanMedicationCheck | null>(null);
  const [outcomes, setOutcomes] = useState<Record<string, Outcome>>({});
  if (shown === null && check.data && check.data.differences.length > 0) setShown(check.data);
  if (!shown) return null;
  const agreedOn = formatLongCalendarDate(shown.agreedOn);
  const settle = (difference: MedicationDifference, outcome: Outcome) => setOutcomes((all) => ({ ...all, [keyOf(difference)]: outcome }));

  return (
    <Modal
      open
      title="The plan and the medication list differ"
      subtitle={`Revision ${shown.number} of the plan, agreed on ${agreedOn}`}
      onClose={onClose}
      size="wide"
    >
      <div className="plan-dialog">
        <ul className="plan-differences plan-differences--actions" aria-label="Differences from the medication list">
          {shown.differences.map((difference) => (
            <DifferenceRow
              key={keyOf(difference)}
              difference={difference}
              patientId={patientId}
              date={shown.agreedOn}
              reason={planMedicationReason(shown.number, agreedOn)}
              outcome={outcomes[keyOf(difference)]}
              onSettled={(outcome) => settle(difference, outcome)}
            />
          ))}
        </ul>
        <div className="dialog__actions">
          <button type="button" className="button button--primary" onClick={onClose}>
            Done
          </button>
        </div>
      </div>
    </Modal>
  );
}

function entryFor(difference: MedicationDifference, date: string, reason: string, route: MedicationRoute): MedicationEventInput | null {
  if (difference.kind === 'dose' && difference.medicationId && difference.plan)
    return { kind: 'change', medicationId: difference.medicationId, ...difference.plan, date, reason };
  if (difference.kind === 'not-on-list' && difference.plan)
    return { kind: 'start', name: difference.name, ...difference.plan, route, date, reason };
  if (difference.kind === 'not-in-plan' && difference.medicationId)
    return { kind: 'stop', medicationId: difference.medicationId, date, reason };
  return null;
}

const RECORD_LABEL: Record<MedicationDifference['kind'], string> = {
  dose: 'Record the change in the medication history',
  'not-on-list': 'Record that it was started',
  'not-in-plan': 'Record that it was stopped',
};

function DifferenceRow({
  difference,
  patientId,
  date,
  reason,
  outcome,
  onSettled,
}: {
  difference: MedicationDifference;
  patientId: string;
  date: string;
  reason: string;
  outcome: Outcome | undefined;
  onSettled: (outcome: Outcome) => void;
}) {
  const ids = useId();
  const record = useChannelMutation('medications:record');
  const [route, setRoute] = useState<MedicationRoute>('oral');
  const entry = entryFor(difference, date, reason, route);

  async function save() {
    if (!entry) return;
    try {
      await record.mutateAsync({ patientId, entry });
      onSettled({ kind: 'recorded' });
    } catch (caught) {
      onSettled({ kind: 'failed', message: explain(asAppError(caught)) });
    }
  }

  return (
    <li className="plan-difference">
      <p className="plan-difference__text">
        <MedicationDifferenceText difference={difference} />
      </p>
      {outcome?.kind === 'recorded' ? (
        <p className="plan-difference__outcome" role="status">
          Recorded in the medication history, dated {formatLongCalendarDate(date)}: “{reason}”.
        </p>
      ) : outcome?.kind === 'left' ? (
        <p className="plan-difference__outcome" role="status">
          Left as it is: the plan and the list differ, and the Medications tab says so.
        </p>
      ) : (
        <div className="plan-difference__actions">
          {difference.kind === 'not-on-list' ? (
            <span className="plan-difference__route">
              <label htmlFor={`${ids}-route`}>Route</label>
              <select
                id={`${ids}-route`}
                className="input input--select input--small"
                value={route}
                onChange={(event) => setRoute(event.target.value as MedicationRoute)}
              >
                {MEDICATION_ROUTES.map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </select>
            </span>
          ) : null}
          <button type="button" className="button button--primary button--small" onClick={() => void save()} disabled={record.isPending}>
            {record.isPending ? 'Recording…' : RECORD_LABEL[difference.kind]}
          </button>
          <button type="button" className="button button--secondary button--small" onClick={() => onSettled({ kind: 'left' })}>
            Leave the list as it is
          </button>
          {outcome?.kind === 'failed' ? (
            <p className="field__error" role="alert">
              {outcome.message}
            </p>
          ) : null}
        </div>
      )}
    </li>
  );
}
