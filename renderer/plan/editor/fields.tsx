import type { ComponentProps } from 'react';
import { get, useController, useFormContext, useFormState, type FieldError, type FieldPath } from 'react-hook-form';
import type { PlanContent } from '../../../shared/plan';
import { DateField } from '../../components/DateField';
import { TextAreaField } from '../../components/TextAreaField';
import { TextField } from '../../components/TextField';
import { usePlanEditor } from './PlanEditorContext';

export type PlanPath = FieldPath<PlanContent>;

/** A field of the draft and the item (goal, objective, intervention) it belongs to; null for the plan's own fields. */
type Owned = { name: PlanPath; owner: string | null };

/**
 * The schema's message for a field, when it is time to show it: once the field was left, at once for
 * a field of the plan itself or of an item already saved (a new one is only kept aside while it is
 * being written), and everywhere once the person asks to record the agreement.
 */
export function useFieldProblem(name: PlanPath, owner: string | null, { immediate = false } = {}): string | undefined {
  const { saved, showAll } = usePlanEditor();
  const { errors, touchedFields } = useFormState<PlanContent>({ name, exact: true });
  const error = get<typeof errors, (FieldError & { root?: FieldError }) | undefined>(errors, name);
  const touched = get<typeof touchedFields, boolean | undefined>(touchedFields, name) === true;
  // A list's own problem (too many goals) is its root's.
  const message = error?.message ?? error?.root?.message;
  if (!message) return undefined;
  if (owner !== null && !saved.has(owner) && !touched && !showAll && !immediate) return undefined;
  return message;
}

type TextFieldProps = Omit<ComponentProps<typeof TextField>, 'name' | 'error' | 'ref' | 'value' | 'onChange' | 'onBlur'>;

export function PlanTextField({
  name,
  owner,
  number = false,
  ...field
}: Owned &
  TextFieldProps & {
    /** A number the form keeps as typed (NaN when it is not one) and says at once what is wrong with. */
    number?: boolean;
  }) {
  const { register } = useFormContext<PlanContent>();
  const error = useFieldProblem(name, owner, { immediate: number });
  return <TextField {...field} {...register(name, number ? { valueAsNumber: true } : {})} error={error} />;
}

type TextAreaProps = Omit<ComponentProps<typeof TextAreaField>, 'name' | 'error' | 'ref' | 'value' | 'onChange' | 'onBlur'>;

export function PlanTextArea({ name, owner, ...field }: Owned & TextAreaProps) {
  const { register } = useFormContext<PlanContent>();
  const error = useFieldProblem(name, owner);
  return <TextAreaField {...field} {...register(name)} error={error} />;
}

type DatePath = 'reviewDate' | `goals.${number}.objectives.${number}.targetDate`;

/** A date of the plan; an empty one says `whenEmpty`, the schema's own words for it. */
export function PlanDateField({
  name,
  owner,
  label,
  hint,
  whenEmpty,
}: {
  name: DatePath;
  owner: string | null;
  label: string;
  hint?: string;
  whenEmpty: string;
}) {
  const { field } = useController<PlanContent, DatePath>({ name });
  const error = useFieldProblem(name, owner);
  return (
    <DateField
      label={label}
      {...(hint ? { hint } : {})}
      value={field.value}
      onChange={field.onChange}
      error={error}
      whenEmpty={whenEmpty}
    />
  );
}
