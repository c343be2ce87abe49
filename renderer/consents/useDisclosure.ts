import { useState } from 'react';
import {
  disclosureBasisSchema,
  type DisclosedItem,
  type DisclosureBasis,
  type DisclosureException,
  type RecordPart,
} from '../../shared/consents';
import type { AppError } from '../../shared/errors';
import { asAppError, call } from '../bridge/client';
import { useChannelMutation } from '../bridge/queries';
import { explain } from '../errors/explain';

/** Whom an outgoing copy is for, as the person fills in the disclosure step. */
export type DisclosureRecipientKind = 'patient' | 'consent' | 'exception';
export type DisclosureForm = {
  kind: DisclosureRecipientKind;
  consentId: string;
  exception: DisclosureException;
  reason: string;
  name: string;
  role: string;
  contact: string;
};

const PATIENT_FORM: DisclosureForm = {
  kind: 'patient',
  consentId: '',
  exception: 'emergency',
  reason: '',
  name: '',
  role: '',
  contact: '',
};

/** The refusal in the person's words: the worker's own sentence about the basis, or the code's. */
export function refusalOf(error: AppError): string {
  return error.issues?.find((issue) => issue.path === 'basis' || issue.path.startsWith('basis.'))?.message ?? explain(error);
}

/** The basis the form says, or the first thing missing from it. */
function basisOf(form: DisclosureForm): { basis: DisclosureBasis } | { missing: string } {
  if (form.kind === 'patient') return { basis: { kind: 'patient' } };
  if (form.kind === 'consent') {
    return form.consentId === ''
      ? { missing: 'Choose the consent this copy is shared under.' }
      : { basis: { kind: 'consent', consentId: form.consentId } };
  }
  const parsed = disclosureBasisSchema.safeParse({
    kind: 'exception',
    exception: form.exception,
    reason: form.reason,
    recipient: { name: form.name, role: form.role, contact: form.contact },
  });
  return parsed.success ? { basis: parsed.data } : { missing: parsed.error.issues[0]?.message ?? 'Complete the exception.' };
}

/**
 * The disclosure step of an outgoing copy (record export, printed note, printed plan, letter): whom it
 * is for, and on what basis. `guard` asks the worker before the copy is written or printed and refuses
 * with the reason; `record` writes the disclosure once the copy has gone (nothing for the patient's
 * own copy, which stays one click).
 */
export function useDisclosure({
  patientId,
  parts,
  itemId = null,
}: {
  patientId: string;
  parts: readonly RecordPart[];
  itemId?: string | null;
}) {
  const [form, setFormState] = useState<DisclosureForm>(PATIENT_FORM);
  const [refusal, setRefusal] = useState<string | null>(null);
  const recordDisclosure = useChannelMutation('disclosures:record');

  function setForm(change: Partial<DisclosureForm>) {
    setRefusal(null);
    setFormState((current) => ({ ...current, ...change }));
  }

  /** Runs `send` (which writes, saves or prints the copy) only when the basis holds now. */
  async function guard<T>(item: DisclosedItem, send: () => Promise<T>): Promise<T | undefined> {
    setRefusal(null);
    const chosen = basisOf(form);
    if ('missing' in chosen) {
      setRefusal(chosen.missing);
      return undefined;
    }
    if (chosen.basis.kind !== 'patient') {
      try {
        await call('disclosures:check', { patientId, item, itemId, parts: [...parts], basis: chosen.basis });
      } catch (caught) {
        setRefusal(refusalOf(asAppError(caught)));
        return undefined;
      }
    }
    return send();
  }

  /** Records the disclosure of a copy that has gone; the patient's own copy needs none. */
  async function record(item: DisclosedItem): Promise<void> {
    const chosen = basisOf(form);
    if ('missing' in chosen || chosen.basis.kind === 'patient') return;
    await recordDisclosure.mutateAsync({ patientId, item, itemId, parts: [...parts], basis: chosen.basis });
  }

  /** Back to the patient's own copy, as the step opens. */
  function reset() {
    setRefusal(null);
    setFormState(PATIENT_FORM);
  }

  const chosen = basisOf(form);
  return {
    patientId,
    parts,
    form,
    setForm,
    refusal,
    guard,
    record,
    reset,
    forPatient: form.kind === 'patient',
    /**
     * The basis as filled in, or null while incomplete: for a caller whose own channel records the
     * disclosure in the worker (a letter marked sent calls recordDisclosure in its transaction).
     */
    basis: 'basis' in chosen ? chosen.basis : null,
  };
}

export type Disclosure = ReturnType<typeof useDisclosure>;
