import type { MedicationDifference } from '../../shared/plan';

/**
 * One way the plan in force and the medication list differ, in plain words (describeMedicationDifference
 * says the same for tests and print), with the names and doses the clinician typed bidi-isolated.
 */
export function MedicationDifferenceText({ difference }: { difference: MedicationDifference }) {
  const { name, plan, list } = difference;
  if (difference.kind === 'not-on-list' && plan)
    return (
      <>
        The plan says{' '}
        <strong>
          <bdi>{name}</bdi> <bdi>{plan.dose}</bdi>
        </strong>
        , <bdi>{plan.frequency}</bdi>; it is not on the medication list.
      </>
    );
  if (difference.kind === 'not-in-plan' && list)
    return (
      <>
        The medication list has{' '}
        <strong>
          <bdi>{name}</bdi> <bdi>{list.dose}</bdi>
        </strong>
        , <bdi>{list.frequency}</bdi>; the plan does not include it.
      </>
    );
  return (
    <>
      The plan says{' '}
      <strong>
        <bdi>{name}</bdi> <bdi>{plan?.dose}</bdi>
      </strong>
      , <bdi>{plan?.frequency}</bdi>; the list says{' '}
      <strong>
        <bdi>{list?.dose}</bdi>
      </strong>
      , <bdi>{list?.frequency}</bdi>.
    </>
  );
}
