import { useId, type ReactNode } from 'react';

/** One part of the plan, headed for the screen reader's list of regions; one with an `id` can be linked to and focused. */
export function EditorSection({ title, lead, children, id: anchor }: { title: string; lead?: string; children: ReactNode; id?: string }) {
  const id = useId();
  return (
    <section className="plan-editor__section" aria-labelledby={id} id={anchor} tabIndex={anchor === undefined ? undefined : -1}>
      <h4 className="plan-editor__heading" id={id}>
        {title}
      </h4>
      {lead ? <p className="plan-editor__section-lead">{lead}</p> : null}
      <div className="plan-editor__fields">{children}</div>
    </section>
  );
}
