import type { ReactNode } from 'react';

type Tone = 'info' | 'success' | 'warning' | 'error';

/** A quiet message in the flow of the page. Errors are announced at once; the rest politely. */
export function Notice({ tone, title, children, actions }: { tone: Tone; title?: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <div className={`notice notice--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <div className="notice__body">
        {title ? <p className="notice__title">{title}</p> : null}
        <div className="notice__text">{children}</div>
      </div>
      {actions ? <div className="notice__actions">{actions}</div> : null}
    </div>
  );
}
