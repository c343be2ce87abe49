import type { AppError } from '../../shared/errors';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';

/**
 * Why an import or its preview was refused. The worker's refusals of a file are written for the
 * person (shared/import.ts), so they are shown as they come, with the rows they name; any other
 * error is explained by its code, as everywhere.
 */
export function ImportProblem({ error }: { error: AppError }) {
  if (error.code !== 'INVALID_INPUT') return <Notice tone="error">{explain(error)}</Notice>;
  const rows = (error.issues ?? []).filter((issue) => issue.path.startsWith('row '));
  if (rows.length === 0) return <Notice tone="error">{error.issues?.[0]?.message ?? error.message}</Notice>;
  return (
    <Notice tone="error" title={error.message}>
      <ul className="import__list">
        {rows.map((issue) => (
          <li key={issue.path}>
            Row {issue.path.slice(4)}: {issue.message}
          </li>
        ))}
      </ul>
    </Notice>
  );
}
