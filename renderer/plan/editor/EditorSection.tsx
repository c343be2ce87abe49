import { useId, type ReactNode } from 'react';

/** One part of the plan, headed for the screen reader's list of regions. */
export function EditorSection({ title, lead, children }: { title: string; lead?: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="plan-editor__section" aria-labelledby={id}>
      <h4 className="plan-editor__heading" id={id}>
        {title}
      </h4>
      {lead ? <p className="plan-editor__section-lead">{lead}</p> : null}
      <div className="plan-editor__fields">{children}</div>
    </section>
  );
}
