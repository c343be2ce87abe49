import { useId, useMemo } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import type { Plan, PlanChange, PlanDiff, PlanVersionSummary } from '../../shared/plan';
import { useChannelQuery } from '../bridge/queries';
import { BackLink } from '../components/BackLink';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { agreementSentence, formatInstantDate, readableValue, versionName, versionStatusLabel, versionTone } from './format';
import { PlanDocument } from './PlanDocument';

/** The order sections are read in, as the plan itself reads. */
const SECTION_ORDER = ['The plan', 'Diagnoses', 'Goals', 'Objectives', 'Psychotherapy', 'Medications', 'Referrals', 'Safety plan'];
const KIND_LABELS: Record<PlanChange['kind'], string> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

/**
 * Every version of the plan, newest first, and what changed between any two: the reasons given
 * for each revision between them, then the changes section by section, before and after.
 */
export function PlanVersions({ plan }: { plan: Plan }) {
  const ids = useId();
  const [params, setParams] = useSearchParams();
  const newest = plan.versions[0];
  const oldest = plan.versions[plan.versions.length - 1];
  const defaultFrom = plan.versions[1] ?? oldest;
  const from = plan.versions.find((v) => v.id === params.get('from')) ?? defaultFrom;
  const to = plan.versions.find((v) => v.id === params.get('to')) ?? newest;

  const choose = (which: 'from' | 'to', id: string) => {
    const next = new URLSearchParams(params);
    next.set('from', which === 'from' ? id : (from?.id ?? ''));
    next.set('to', which === 'to' ? id : (to?.id ?? ''));
    setParams(next, { replace: true });
  };

  return (
    <div className="plan-versions">
      <div className="table-frame">
        <table className="table plan-versions__table">
          <caption className="visually-hidden">Versions of the plan, newest first</caption>
          <colgroup>
            <col className="plan-versions__col-number" />
            <col className="plan-versions__col-status" />
            <col className="plan-versions__col-dates" />
            <col className="plan-versions__col-reason" />
            <col className="plan-versions__col-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col">Written · agreed</th>
              <th scope="col">Reason for the revision</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {plan.versions.map((version) => (
              <tr key={version.id}>
                <th scope="row" className="table__name">
                  {version.number}
                </th>
                <td>
                  <span className={`plan-badge plan-badge--${versionTone(version)}`}>{versionStatusLabel(version)}</span>
                  {version.id === plan.current.id ? <span className="plan-versions__latest">latest</span> : null}
                </td>
                <td>
                  Written {formatInstantDate(version.createdAt)}
                  {version.agreement ? <span className="plan-versions__agreed">{agreementSentence(version.agreement)}</span> : null}
                </td>
                <td>{version.reason !== null ? <bdi>{version.reason}</bdi> : <span className="muted">First version</span>}</td>
                <td className="table__num">
                  <Link
                    to={`/patients/${plan.patientId}/plan/versions/${version.id}`}
                    aria-label={`Read ${versionName(version).toLocaleLowerCase()}`}
                  >
                    Read
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <section className="plan-compare" aria-labelledby={`${ids}-compare`}>
        <h3 className="chart-subsection__title" id={`${ids}-compare`}>
          Compare two versions
        </h3>
        {plan.versions.length < 2 ? (
          <p className="muted">There is one version so far. Once the plan is revised, what changed and why shows here.</p>
        ) : (
          <>
            <div className="plan-compare__choice">
              <VersionSelect label="From" versions={plan.versions} value={from?.id ?? ''} onChange={(id) => choose('from', id)} />
              <span aria-hidden="true" className="plan-compare__arrow">
                →
              </span>
              <VersionSelect label="To" versions={plan.versions} value={to?.id ?? ''} onChange={(id) => choose('to', id)} />
            </div>
            {from && to && from.id !== to.id ? (
              <Comparison fromId={from.id} toId={to.id} />
            ) : (
              <p className="muted">Choose two different versions.</p>
            )}
          </>
        )}
      </section>
    </div>
  );
}

function VersionSelect({
  label,
  versions,
  value,
  onChange,
}: {
  label: string;
  versions: PlanVersionSummary[];
  value: string;
  onChange: (id: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="input input--select" value={value} onChange={(e) => onChange(e.target.value)}>
        {versions.map((version) => (
          <option key={version.id} value={version.id}>
            {versionName(version)} · {versionStatusLabel(version).toLocaleLowerCase()} · {formatInstantDate(version.createdAt)}
          </option>
        ))}
      </select>
    </div>
  );
}

function Comparison({ fromId, toId }: { fromId: string; toId: string }) {
  const diff = useChannelQuery('plans:diff', { fromVersionId: fromId, toVersionId: toId }, { keepPrevious: true });
  if (diff.error) return <Notice tone="error">{explain(diff.error)}</Notice>;
  if (!diff.data) {
    return (
      <p className="muted" role="status">
        Comparing…
      </p>
    );
  }
  return <DiffView diff={diff.data} />;
}

/** The changes grouped by section in the plan's own order; within a section, as the plan lists them. */
function groupBySection(changes: readonly PlanChange[]): [string, PlanChange[]][] {
  const groups = new Map<string, PlanChange[]>();
  for (const change of changes) {
    const list = groups.get(change.section) ?? [];
    list.push(change);
    groups.set(change.section, list);
  }
  const rank = (section: string) => {
    const index = SECTION_ORDER.indexOf(section);
    return index === -1 ? SECTION_ORDER.length : index;
  };
  return [...groups.entries()].sort((a, b) => rank(a[0]) - rank(b[0]));
}

function DiffView({ diff }: { diff: PlanDiff }) {
  const [older, newer] = diff.from.number <= diff.to.number ? [diff.from, diff.to] : [diff.to, diff.from];
  const groups = useMemo(() => groupBySection(diff.changes), [diff.changes]);
  const counts = { added: 0, removed: 0, changed: 0 };
  for (const change of diff.changes) counts[change.kind] += 1;
  return (
    <div className="plan-diff" aria-label={`Changes from version ${older.number} to version ${newer.number}`} role="region">
      <p className="plan-diff__summary">
        From {versionName(older).toLocaleLowerCase()} ({formatInstantDate(older.createdAt)}) to {versionName(newer).toLocaleLowerCase()} (
        {formatInstantDate(newer.createdAt)}):{' '}
        {diff.changes.length === 0
          ? 'nothing in the plan changed.'
          : [
              counts.added ? `${counts.added} added` : null,
              counts.removed ? `${counts.removed} removed` : null,
              counts.changed ? `${counts.changed} changed` : null,
            ]
              .filter(Boolean)
              .join(', ') + '.'}
      </p>
      {diff.reasons.length > 0 ? (
        <div className="plan-diff__reasons">
          <h4 className="plan-diff__heading">Why it was revised</h4>
          <ol className="plan-diff__reason-list">
            {diff.reasons.map((reason) => (
              <li key={reason.number}>
                <span className="plan-diff__reason-version">Version {reason.number}:</span> <bdi>{reason.reason}</bdi>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {groups.map(([section, changes]) => (
        <div key={section} className="plan-diff__section">
          <h4 className="plan-diff__heading">{section}</h4>
          <table className="table plan-diff__table">
            <caption className="visually-hidden">Changes to {section.toLocaleLowerCase()}</caption>
            <colgroup>
              <col className="plan-diff__col-what" />
              <col className="plan-diff__col-kind" />
              <col className="plan-diff__col-value" />
              <col className="plan-diff__col-value" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">What</th>
                <th scope="col">Change</th>
                <th scope="col">Before (version {older.number})</th>
                <th scope="col">After (version {newer.number})</th>
              </tr>
            </thead>
            <tbody>
              {changes.map((change, index) => (
                <tr key={index} className={`plan-diff__row plan-diff__row--${change.kind}`}>
                  <td>
                    {change.item ? (
                      <span className="plan-diff__item">
                        <bdi>{change.item}</bdi>
                      </span>
                    ) : null}
                    {change.field ? <span className="plan-diff__field">{change.field}</span> : null}
                  </td>
                  <td>
                    <span className={`plan-diff__kind plan-diff__kind--${change.kind}`}>{KIND_LABELS[change.kind]}</span>
                  </td>
                  <td className="plan-diff__before">
                    {change.before === null ? (
                      <span className="muted">—</span>
                    ) : change.before === '' ? (
                      <span className="muted">(empty)</span>
                    ) : (
                      <bdi>{readableValue(change.before)}</bdi>
                    )}
                  </td>
                  <td className="plan-diff__after">
                    {change.after === null ? (
                      <span className="muted">—</span>
                    ) : change.after === '' ? (
                      <span className="muted">(empty)</span>
                    ) : (
                      <bdi>{readableValue(change.after)}</bdi>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </div>
  );
}

/** One version as it was written, at #/patients/:id/plan/versions/:versionId. */
export function PlanVersionPage({ plan }: { plan: Plan }) {
  const { versionId = '' } = useParams();
  const summary = plan.versions.find((v) => v.id === versionId);
  const version = useChannelQuery('plans:version', { versionId }, { enabled: summary !== undefined });
  const back = <BackLink to={`/patients/${plan.patientId}/plan/versions`}>All versions</BackLink>;
  if (!summary) {
    return (
      <div>
        {back}
        <Notice tone="error">This version is not one of this patient’s plan.</Notice>
      </div>
    );
  }
  return (
    <div className="plan-version-page">
      {back}
      <div className={`plan-status plan-status--${versionTone(summary)}`}>
        <p className="plan-status__eyebrow">
          <span className={`plan-badge plan-badge--${versionTone(summary)}`}>{versionStatusLabel(summary)}</span>
        </p>
        <h3 className="plan-status__title">{versionName(summary)}</h3>
        <p className="plan-status__note">
          Written {formatInstantDate(summary.createdAt)}
          {summary.agreement ? ` · ${agreementSentence(summary.agreement)}` : ''}
          {summary.reason ? (
            <>
              {' · Revised because: '}
              <bdi>{summary.reason}</bdi>
            </>
          ) : null}
        </p>
        <div className="plan-status__actions">
          <Link className="button button--secondary" to={`/print/plan/${summary.id}`}>
            Print or save as PDF
          </Link>
        </div>
      </div>
      {version.error ? <Notice tone="error">{explain(version.error)}</Notice> : null}
      {version.data ? <PlanDocument plan={plan} version={version.data} live={false} /> : null}
    </div>
  );
}
