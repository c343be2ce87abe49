import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useFieldArray, useForm } from 'react-hook-form';
import { z } from 'zod';
import { RECORD_PART_LABELS } from '../../shared/consents';
import {
  LETTER_KIND_LABELS,
  LETTER_LIMITS,
  LETTER_PLACEHOLDERS,
  letterTemplateSaveInputSchema,
  type LetterTemplate,
} from '../../shared/letters';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import './letters.css';

/*
 * Settings › Letter templates: the four kinds of letter Alliance writes, each edited (its name, its
 * sections' titles, words and order, free paragraphs added or removed) and saved as a new version;
 * letters already begun keep the version they had. A section that carries a part of the record keeps
 * it: its words come before what the chart fills in.
 */

const templateFormSchema = letterTemplateSaveInputSchema.pick({ label: true, sections: true });
type TemplateForm = z.infer<typeof templateFormSchema>;

export function LetterTemplates() {
  const templates = useChannelQuery('letters:templates', {});
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="card" aria-labelledby="letter-templates-title">
      <h2 className="card__title" id="letter-templates-title">
        Letter templates
      </h2>
      <p className="muted">
        The letters to a physician, a referrer and the patient begin from these. A section marked with a part of the record is pre-filled
        from the chart, when the recipient’s consent covers it. Placeholders:{' '}
        {Object.entries(LETTER_PLACEHOLDERS)
          .map(([placeholder, what]) => `${placeholder} (${what.toLowerCase()})`)
          .join(', ')}
        .
      </p>
      {templates.error ? <Notice tone="error">{explain(templates.error)}</Notice> : null}
      <ul className="letter-templates">
        {templates.data?.map((template) => (
          <li key={template.id} className="letter-templates__item">
            <div className="letter-list__line">
              <strong>{template.label}</strong>
              <span className="muted">
                {LETTER_KIND_LABELS[template.kind]} · version {template.version}
              </span>
              {editing === template.id ? null : (
                <button type="button" className="button button--secondary button--small" onClick={() => setEditing(template.id)}>
                  Edit
                </button>
              )}
            </div>
            {editing === template.id ? <TemplateEditor template={template} onDone={() => setEditing(null)} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function TemplateEditor({ template, onDone }: { template: LetterTemplate; onDone: () => void }) {
  const ids = useId();
  const save = useChannelMutation('letters:saveTemplate');
  const [problem, setProblem] = useState<string | null>(null);
  const { register, control, handleSubmit, formState } = useForm<TemplateForm>({
    resolver: zodResolver(templateFormSchema),
    defaultValues: { label: template.label, sections: template.sections },
  });
  const sections = useFieldArray({ control, name: 'sections' });

  const submit = handleSubmit(async (values) => {
    setProblem(null);
    try {
      await save.mutateAsync({ id: template.id, baseVersion: template.version, label: values.label, sections: values.sections });
      onDone();
    } catch (error) {
      setProblem(explain(asAppError(error)));
    }
  });

  return (
    <form className="letter-template-editor" onSubmit={(event) => void submit(event)} aria-label={`Edit ${template.label}`}>
      <div className="field">
        <label className="field__label" htmlFor={`${ids}-label`}>
          Name
        </label>
        <input id={`${ids}-label`} className="input" maxLength={LETTER_LIMITS.label} {...register('label')} />
        {formState.errors.label ? <p className="field__error">{formState.errors.label.message}</p> : null}
      </div>
      {sections.fields.map((section, index) => (
        <fieldset key={section.id} className="letter-template-editor__section">
          <legend>
            {section.part ? `${RECORD_PART_LABELS[section.part]}, from the chart` : 'Paragraph'} ({index + 1} of {sections.fields.length})
          </legend>
          <div className="field">
            <label className="field__label" htmlFor={`${ids}-${section.id}-heading`}>
              Title
            </label>
            <input id={`${ids}-${section.id}-heading`} className="input" {...register(`sections.${index}.heading`)} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor={`${ids}-${section.id}-text`}>
              {section.part ? 'Words before what the chart fills in' : 'Text'}
            </label>
            <textarea id={`${ids}-${section.id}-text`} className="input" rows={3} {...register(`sections.${index}.text`)} />
          </div>
          <div className="letter__actions">
            <button type="button" className="button button--link" disabled={index === 0} onClick={() => sections.move(index, index - 1)}>
              Move up
            </button>
            <button
              type="button"
              className="button button--link"
              disabled={index === sections.fields.length - 1}
              onClick={() => sections.move(index, index + 1)}
            >
              Move down
            </button>
            <button
              type="button"
              className="button button--link"
              disabled={sections.fields.length === 1}
              onClick={() => sections.remove(index)}
            >
              Remove
            </button>
          </div>
        </fieldset>
      ))}
      {formState.errors.sections?.root?.message || formState.errors.sections?.message ? (
        <p className="field__error">{formState.errors.sections.root?.message ?? formState.errors.sections.message}</p>
      ) : null}
      <div className="letter__actions">
        <button
          type="button"
          className="button button--secondary"
          disabled={sections.fields.length >= LETTER_LIMITS.sections}
          onClick={() => sections.append({ key: `p-${crypto.randomUUID().slice(0, 8)}`, heading: '', part: null, text: '' })}
        >
          Add a paragraph
        </button>
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          Save as version {template.version + 1}
        </button>
        <button type="button" className="button button--link" onClick={onDone}>
          Cancel
        </button>
      </div>
      {problem ? <Notice tone="error">{problem}</Notice> : null}
    </form>
  );
}
