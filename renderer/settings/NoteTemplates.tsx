import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useMemo, useState } from 'react';
import { useFieldArray, useForm, useWatch, type Control, type UseFormRegister } from 'react-hook-form';
import { z } from 'zod';
import {
  noteFieldSchema,
  noteSectionSchema,
  sameNamedTemplate,
  TEMPLATE_LIMITS,
  TEMPLATE_MESSAGES,
  templateDescriptionSchema,
  templateNameSchema,
  type NoteSection,
  type NoteTemplateRecord,
} from '../../shared/note-templates';
import { asAppError } from '../bridge/client';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';

/*
 * Settings › Note templates: the practice's templates, each edited (name, sections, their titles,
 * prompts and order) and saved as a new version; notes already begun keep the version they had. A
 * new template is made the same way and saved as version 1 of its own; archiving one takes it out
 * of New note and leaves the notes written with it as they are.
 */

/** A section as the form edits it: its prompt is its one field's hint, or the section's own for several fields. */
const sectionFormSchema = z.object({
  heading: noteSectionSchema.shape.heading,
  prompt: z.string().max(TEMPLATE_LIMITS.prompt, `At most ${TEMPLATE_LIMITS.prompt} characters`),
  fields: z.array(noteFieldSchema).min(1),
});

const templateFormSchema = z.object({
  label: templateNameSchema,
  description: templateDescriptionSchema,
  sections: z.array(sectionFormSchema).min(1, TEMPLATE_MESSAGES.sections).max(TEMPLATE_LIMITS.sections, TEMPLATE_MESSAGES.tooManySections),
});
type TemplateForm = z.infer<typeof templateFormSchema>;
type SectionForm = TemplateForm['sections'][number];

/** The form's schema, with the name refused when a template in use other than `exceptId` has it. */
function templateFormSchemaAmong(templates: readonly NoteTemplateRecord[], exceptId: string | null) {
  return templateFormSchema.superRefine((values, context) => {
    const taken = sameNamedTemplate(values.label, templates, exceptId);
    if (taken) context.addIssue({ code: 'custom', path: ['label'], message: TEMPLATE_MESSAGES.duplicateName(taken.label) });
  });
}

/** A new section: one paragraph under a key of its own, never one an older version used for something else. */
function newSection(): SectionForm {
  return { heading: '', prompt: '', fields: [{ key: `custom.${crypto.randomUUID().slice(0, 8)}`, label: 'New section', kind: 'text' }] };
}

const NEW_TEMPLATE = 'new';

function isSingle(section: Pick<NoteSection, 'fields'>): boolean {
  return section.fields.length === 1;
}

function toForm(template: NoteTemplateRecord): TemplateForm {
  return {
    label: template.label,
    description: template.description,
    sections: template.sections.map((section) => ({
      heading: section.heading,
      prompt: (isSingle(section) ? section.fields[0]?.hint : section.prompt) ?? '',
      fields: section.fields,
    })),
  };
}

/** Back to sections: a one-field section's field follows its title when it was named after it. */
function fromForm(sections: readonly SectionForm[], before: readonly NoteSection[]): NoteSection[] {
  return sections.map((section) => {
    const prompt = section.prompt.trim();
    if (!isSingle(section))
      return prompt === ''
        ? { heading: section.heading, fields: section.fields }
        : { heading: section.heading, prompt, fields: section.fields };
    const [field] = section.fields;
    if (!field) return { heading: section.heading, fields: section.fields };
    const previousHeading = before.find((old) => old.fields.some((f) => f.key === field.key))?.heading;
    const label = field.label === previousHeading || previousHeading === undefined ? section.heading : field.label;
    const { hint: _hint, ...withoutHint } = field;
    return { heading: section.heading, fields: [prompt === '' ? { ...withoutHint, label } : { ...withoutHint, label, hint: prompt }] };
  });
}

export function NoteTemplates() {
  const templates = useChannelQuery('notes:templates', {});
  /** The template being edited, NEW_TEMPLATE while one is being made, or null. */
  const [editing, setEditing] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const all = templates.data ?? [];
  const done = (message: string) => {
    setEditing(null);
    setSaved(message);
  };
  return (
    <section className="card" aria-labelledby="note-templates-title">
      <h2 className="card__title" id="note-templates-title">
        Note templates
      </h2>
      <p className="card__text">
        The sections a new note starts with. Saving a change makes a new version of the template; notes already begun keep the version they
        were written with. An archived template is no longer offered for new notes, and the notes written with it keep it.
      </p>
      {templates.error ? <Notice tone="error">{explain(templates.error)}</Notice> : null}
      {saved ? <Notice tone="success">{saved}</Notice> : null}
      <ul className="note-templates">
        {all.map((template) =>
          editing === template.id ? (
            <li key={template.id} className="note-templates__item note-templates__item--editing">
              <TemplateEditor template={template} templates={all} onDone={done} />
            </li>
          ) : (
            <TemplateRow
              key={template.id}
              template={template}
              onEdit={() => {
                setSaved(null);
                setEditing(template.id);
              }}
            />
          ),
        )}
      </ul>
      {editing === NEW_TEMPLATE ? (
        <div className="note-templates__new">
          <TemplateEditor template={null} templates={all} onDone={done} />
        </div>
      ) : (
        <div className="note-templates__new">
          <button
            type="button"
            className="button button--secondary"
            disabled={!templates.data}
            onClick={() => {
              setSaved(null);
              setEditing(NEW_TEMPLATE);
            }}
          >
            New template
          </button>
        </div>
      )}
    </section>
  );
}

function TemplateRow({ template, onEdit }: { template: NoteTemplateRecord; onEdit: () => void }) {
  const archive = useChannelMutation('notes:archiveTemplate');
  return (
    <li className={`note-templates__item${template.archived ? ' note-templates__item--archived' : ''}`}>
      <div className="note-templates__summary">
        <p className="note-templates__name">
          <bdi>{template.label}</bdi>
          <span className="note-templates__version">
            {' '}
            · version {template.version}
            {template.archived ? ' · archived' : ''}
          </span>
        </p>
        <p className="note-templates__sections">
          {template.sections.map((section, index) => (
            <span key={`${index}-${section.heading}`}>
              {index > 0 ? ' · ' : ''}
              <bdi>{section.heading}</bdi>
            </span>
          ))}
        </p>
        {archive.error ? <p className="field__error">{explain(archive.error)}</p> : null}
      </div>
      <div className="note-templates__actions">
        {template.archived ? null : (
          <button type="button" className="button button--secondary button--small" onClick={onEdit}>
            Edit<span className="visually-hidden"> {template.label}</span>
          </button>
        )}
        <button
          type="button"
          className="button button--link"
          disabled={archive.isPending}
          onClick={() => archive.mutate({ id: template.id, archived: !template.archived })}
        >
          {template.archived ? 'Restore' : 'Archive'}
          <span className="visually-hidden"> {template.label}</span>
        </button>
      </div>
    </li>
  );
}

/** Edits `template` into its next version, or makes a new template when it is null. */
function TemplateEditor({
  template,
  templates,
  onDone,
}: {
  template: NoteTemplateRecord | null;
  templates: readonly NoteTemplateRecord[];
  onDone: (message: string) => void;
}) {
  const ids = useId();
  const save = useChannelMutation('notes:saveTemplate');
  const create = useChannelMutation('notes:createTemplate');
  const pending = save.isPending || create.isPending;
  const [failure, setFailure] = useState<string | null>(null);
  const schema = useMemo(() => templateFormSchemaAmong(templates, template?.id ?? null), [templates, template]);
  const form = useForm<TemplateForm>({
    resolver: zodResolver(schema),
    defaultValues: template ? toForm(template) : { label: '', description: '', sections: [newSection()] },
  });
  const { control, register, handleSubmit, formState, setError } = form;
  const sections = useFieldArray({ control, name: 'sections', keyName: 'uid' });

  const submit = handleSubmit(async (values) => {
    setFailure(null);
    const definition = {
      label: values.label,
      description: values.description,
      sections: fromForm(values.sections, template?.sections ?? []),
    };
    try {
      if (template) {
        const next = await save.mutateAsync({ id: template.id, baseVersion: template.version, ...definition });
        onDone(`Saved ${next.label} as version ${next.version}. New notes use it; notes already begun keep their version.`);
      } else {
        const made = await create.mutateAsync(definition);
        onDone(`Created ${made.label}. New note offers it from now on.`);
      }
    } catch (caught) {
      const error = asAppError(caught);
      const named = error.code === 'INVALID_INPUT' ? error.issues?.find((issue) => issue.path === 'label') : undefined;
      if (named) setError('label', { message: named.message }, { shouldFocus: true });
      else setFailure(explain(error));
    }
  });

  const sectionsError = formState.errors.sections?.root?.message ?? formState.errors.sections?.message;
  return (
    <form
      className="template-editor"
      onSubmit={(event) => void submit(event)}
      noValidate
      aria-label={template ? `Edit ${template.label}` : 'New template'}
    >
      {template ? null : <h3 className="template-editor__title">New template</h3>}
      <div className="field">
        <label className="field__label" htmlFor={`${ids}-name`}>
          Name
        </label>
        <input
          id={`${ids}-name`}
          className="input"
          autoComplete="off"
          maxLength={TEMPLATE_LIMITS.name}
          placeholder={template ? undefined : 'Medication management visit, Family meeting…'}
          {...register('label')}
          aria-invalid={!!formState.errors.label}
          aria-describedby={formState.errors.label ? `${ids}-name-error` : undefined}
        />
        {formState.errors.label ? (
          <p className="field__error" id={`${ids}-name-error`}>
            {formState.errors.label.message}
          </p>
        ) : null}
      </div>
      <div className="field">
        <label className="field__label" htmlFor={`${ids}-description`}>
          Description
        </label>
        <input id={`${ids}-description`} className="input" autoComplete="off" {...register('description')} />
        {formState.errors.description ? <p className="field__error">{formState.errors.description.message}</p> : null}
      </div>
      <h3 className="template-editor__title">Sections</h3>
      <ol className="template-editor__sections">
        {sections.fields.map((section, index) => (
          <SectionEditor
            key={section.uid}
            index={index}
            count={sections.fields.length}
            control={control}
            register={register}
            error={formState.errors.sections?.[index]?.heading?.message ?? formState.errors.sections?.[index]?.prompt?.message}
            onMove={(to) => sections.move(index, to)}
            onRemove={() => sections.remove(index)}
          />
        ))}
      </ol>
      {sectionsError ? <p className="field__error">{sectionsError}</p> : null}
      <div>
        <button
          type="button"
          className="button button--secondary button--small"
          disabled={sections.fields.length >= TEMPLATE_LIMITS.sections}
          onClick={() => sections.append(newSection(), { focusName: `sections.${sections.fields.length}.heading` })}
        >
          Add a section
        </button>
      </div>
      {failure ? <Notice tone="error">{failure}</Notice> : null}
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={pending}>
          {pending ? 'Saving…' : template ? `Save as version ${template.version + 1}` : 'Create template'}
        </button>
        <button type="button" className="button button--secondary" onClick={() => onDone('')} disabled={pending}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function SectionEditor({
  index,
  count,
  control,
  register,
  error,
  onMove,
  onRemove,
}: {
  index: number;
  count: number;
  control: Control<TemplateForm>;
  register: UseFormRegister<TemplateForm>;
  error: string | undefined;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const ids = useId();
  const heading = useWatch({ control, name: `sections.${index}.heading` });
  const fields = useWatch({ control, name: `sections.${index}.fields` });
  const name = heading.trim() === '' ? `Section ${index + 1}` : heading;
  return (
    <li className="template-editor__section">
      <div className="template-editor__row">
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-heading`}>
            Title of section {index + 1}
          </label>
          <input
            id={`${ids}-heading`}
            className="input"
            autoComplete="off"
            {...register(`sections.${index}.heading`)}
            aria-invalid={error !== undefined}
          />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={`${ids}-prompt`}>
            Prompt
          </label>
          <input
            id={`${ids}-prompt`}
            className="input"
            autoComplete="off"
            placeholder="What to write here (optional)"
            {...register(`sections.${index}.prompt`)}
          />
        </div>
      </div>
      {fields.length > 1 ? (
        <p className="field__hint">
          Fields:{' '}
          {fields.map((field, at) => (
            <span key={field.key}>
              {at > 0 ? ', ' : ''}
              <bdi>{field.label}</bdi>
            </span>
          ))}
        </p>
      ) : null}
      {error ? <p className="field__error">{error}</p> : null}
      <div className="template-editor__section-actions">
        <button type="button" className="button button--link" disabled={index === 0} onClick={() => onMove(index - 1)}>
          Move up<span className="visually-hidden"> {name}</span>
        </button>
        <button type="button" className="button button--link" disabled={index === count - 1} onClick={() => onMove(index + 1)}>
          Move down<span className="visually-hidden"> {name}</span>
        </button>
        <button type="button" className="button button--link" disabled={count === 1} onClick={onRemove}>
          Remove<span className="visually-hidden"> {name}</span>
        </button>
      </div>
    </li>
  );
}
