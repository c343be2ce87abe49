import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { INSTRUMENT_DEFINITIONS } from '../../shared/measures';
import {
  FLAG_ACKNOWLEDGEMENT_LIMITS,
  OUTCOME_FLAG_LABELS,
  flagAcknowledgementFormSchema,
  type FlagAcknowledgement,
  type FlagAcknowledgementForm,
  type OutcomeFlag,
} from '../../shared/outcomes';
import type { Rupture } from '../../shared/outcomes-ruptures';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { Notice } from '../components/Notice';
import { TextAreaField } from '../components/TextAreaField';
import { explain } from '../errors/explain';
import { formatCalendarDate, formatLongCalendarDate } from '../format/dates';
import { formatLongSessionDate, formatScore } from './labels';

/** What is acknowledged: a measure flag (the score that raised it) or a rupture (the session rating that showed it). */
export type FlagToAcknowledge = { kind: 'measure'; flag: OutcomeFlag } | { kind: 'rupture'; rupture: Rupture };

function describeFlag(subject: FlagToAcknowledge): { label: string; subtitle: string } {
  if (subject.kind === 'rupture') {
    const { rupture } = subject;
    return {
      label: OUTCOME_FLAG_LABELS.rupture,
      subtitle: `Session of ${formatLongSessionDate(rupture.sessionStart)} rated ${formatScore(rupture.score)} (usual ${formatScore(rupture.median)})`,
    };
  }
  const { flag } = subject;
  return {
    label: OUTCOME_FLAG_LABELS[flag.kind],
    subtitle: `${INSTRUMENT_DEFINITIONS[flag.instrument].name} ${flag.score} on ${formatLongCalendarDate(flag.date)} (baseline ${flag.baseline})`,
  };
}

type Values = z.input<typeof flagAcknowledgementFormSchema>;

/**
 * The flag raised with the patient: what was discussed and agreed, and, where the psychiatrist
 * chooses, the plan version it led to. Kept as written and audited.
 */
export function AcknowledgeFlagDialog({
  patientId,
  flag,
  onDone,
  onClose,
}: {
  patientId: string;
  flag: FlagToAcknowledge;
  onDone: (acknowledgement: FlagAcknowledgement) => void;
  onClose: () => void;
}) {
  const acknowledge = useChannelMutation('outcomes:acknowledge');
  const plan = useChannelQuery('plans:forPatient', { patientId });
  const [failure, setFailure] = useState<string | null>(null);
  const selectId = useId();
  const {
    register,
    handleSubmit,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, FlagAcknowledgementForm>({
    resolver: zodResolver(flagAcknowledgementFormSchema),
    defaultValues: { note: '', planVersionId: null },
  });
  const versions = plan.data?.versions ?? [];

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    try {
      const target =
        flag.kind === 'rupture'
          ? ({ kind: 'rupture', feedbackId: flag.rupture.feedbackId } as const)
          : { kind: flag.flag.kind, measureId: flag.flag.measureId };
      onDone(await acknowledge.mutateAsync({ patientId, ...target, ...values }));
    } catch (caught) {
      setFailure(explain(asAppError(caught)));
    }
  });

  const { label, subtitle } = describeFlag(flag);
  return (
    <Modal open title={`Acknowledge: ${label.toLowerCase()}`} subtitle={subtitle} onClose={onClose}>
      <form className="stack" onSubmit={(event) => void submit(event)} noValidate aria-label="Acknowledge the flag">
        <TextAreaField
          label="What was discussed and agreed"
          hint="For example: “Discussed on 3 March; agreed to add behavioural activation.”"
          rows={3}
          maxLength={FLAG_ACKNOWLEDGEMENT_LIMITS.note}
          autoFocus
          error={errors.note?.message}
          {...register('note')}
        />
        <div className="field">
          <label className="field__label" htmlFor={selectId}>
            Plan version it led to <span className="field__optional">(optional)</span>
          </label>
          <select
            id={selectId}
            className="input input--select"
            {...register('planVersionId', { setValueAs: (value: string | null) => (value === '' || value === null ? null : value) })}
          >
            <option value="">None</option>
            {versions.map((version) => (
              <option key={version.id} value={version.id}>
                Version {version.number}
                {version.reason ? ` — ${version.reason}` : ''} ({formatCalendarDate(version.createdAt.slice(0, 10))})
              </option>
            ))}
          </select>
        </div>
        {failure ? <Notice tone="error">{failure}</Notice> : null}
        <div className="dialog__actions">
          <button type="button" className="button button--secondary" onClick={onClose} disabled={isSubmitting}>
            Cancel
          </button>
          <button type="submit" className="button button--primary" disabled={isSubmitting}>
            {isSubmitting ? 'Recording…' : 'Record and acknowledge'}
          </button>
        </div>
      </form>
    </Modal>
  );
}
