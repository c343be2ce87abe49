import type { SchedulingWarning } from '../../shared/appointment';
import type { AppError } from '../../shared/errors';
import { schedulingWarningText } from '../format/sessions';

/**
 * The reasons a SCHEDULING_WARNING carries, or, if it carries none, the ones the dialog already showed.
 * The same reason the dialog showed is written as it was there, in the person’s locale.
 */
export function warningReasons(error: AppError, known: readonly SchedulingWarning[] | undefined): string[] {
  const fromServer = (error.issues ?? [])
    .filter((issue) => issue.message)
    .map((issue) => {
      const shown = known?.find((warning) => warning.kind === issue.path && warning.message === issue.message);
      return shown ? schedulingWarningText(shown) : issue.message;
    });
  if (fromServer.length > 0) return fromServer;
  const shown = (known ?? []).map((warning) => schedulingWarningText(warning));
  return shown.length > 0 ? shown : [error.message || 'This time double-books or falls outside your working hours.'];
}

/** Calm, not alarming: a double booking or an evening session may be exactly what is meant. */
export function SchedulingWarnings({ warnings }: { warnings: readonly SchedulingWarning[] }) {
  if (warnings.length === 0) return null;
  return (
    <div className="scheduling-warnings" role="status">
      <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
        <circle cx="8" cy="8" r="6.5" fill="none" stroke="currentColor" strokeWidth="1.4" />
        <path d="M8 4.5v4.2M8 10.8v.2" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
      </svg>
      <ul>
        {warnings.map((warning) => (
          <li key={`${warning.kind}:${warning.message}`}>{schedulingWarningText(warning)}</li>
        ))}
      </ul>
    </div>
  );
}
