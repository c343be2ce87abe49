import { useFieldArray, useFormContext, useWatch } from 'react-hook-form';
import type { PlanContent, Referral } from '../../../shared/plan';
import { PlanTextField } from './fields';
import { usePlanEditor } from './PlanEditorContext';
import { hasWords } from './removal';

/** Where the patient is referred, and why. */
export function ReferralList() {
  const { control, getValues } = useFormContext<PlanContent>();
  const { fields: referrals, append, remove } = useFieldArray({ control, name: 'interventions.referrals', keyName: 'key' });
  const { askRemoval } = usePlanEditor();

  const removeReferral = (index: number) => {
    const referral = getValues(`interventions.referrals.${index}`);
    askRemoval(!hasWords(referral.to, referral.reason), {
      title: 'Remove this referral?',
      confirm: 'Remove',
      body: (
        <p>
          The referral to <bdi>{referral.to}</bdi> leaves this draft.
        </p>
      ),
      remove: () => remove(getValues('interventions.referrals').findIndex((r) => r.id === referral.id)),
    });
  };

  return (
    <>
      <h5 className="plan-editor__subtitle">Referrals</h5>
      {referrals.length === 0 ? <p className="muted">None.</p> : null}
      {referrals.map((referral, index) => (
        <ReferralEditor key={referral.key} id={referral.id} index={index} onRemove={() => removeReferral(index)} />
      ))}
      <div>
        <button
          type="button"
          className="button button--secondary button--small"
          onClick={() =>
            append({ id: crypto.randomUUID(), to: '', reason: '' } satisfies Referral, {
              focusName: `interventions.referrals.${referrals.length}.to`,
            })
          }
        >
          Add a referral
        </button>
      </div>
    </>
  );
}

function ReferralEditor({ id, index, onRemove }: { id: string; index: number; onRemove: () => void }) {
  const path = `interventions.referrals.${index}` as const;
  const to = useWatch<PlanContent, `${typeof path}.to`>({ name: `${path}.to` });
  return (
    <fieldset className="plan-item-editor">
      <legend className="plan-item-editor__legend">Referral{to ? ` to ${to}` : ''}</legend>
      <div className="plan-item-editor__row">
        <PlanTextField name={`${path}.to`} owner={id} label="Referral to" placeholder="A service or a person" />
        <PlanTextField name={`${path}.reason`} owner={id} label="Reason" optional />
      </div>
      <button type="button" className="button button--link plan-item-editor__remove" onClick={onRemove}>
        Remove this referral…
      </button>
    </fieldset>
  );
}
