import { useState } from 'react';
import { AIMS_FLAG_EXPLANATION, AIMS_FLAG_LABEL, AIMS_GLOBAL_ANCHORS, AIMS_LIMITS, type AimsExamination } from '../../shared/aims';
import { useChannelMutation, useChannelQuery } from '../bridge/queries';
import { EnteredInErrorDialog, useChart } from '../chart';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { formatCalendarDate } from '../format/dates';
import { AimsChart } from './AimsChart';
import { AimsForm } from './AimsForm';

function describeResult(examination: AimsExamination): string {
  return `AIMS of ${formatCalendarDate(examination.examinedOn)} recorded: total ${examination.total} of ${AIMS_LIMITS.maxTotal}${
    examination.flag === 'possible-td' ? ` · ${AIMS_FLAG_LABEL}` : ''
  }.`;
}

/**
 * The chart's AIMS section: a new examination on the form, and every examination so far as a table
 * (date, total, screening flag) and a chart of the totals over time.
 */
export function AimsTab() {
  const { patient } = useChart();
  const examinations = useChannelQuery('aims:list', { patientId: patient.id });
  const [examining, setExamining] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const list = examinations.data ?? [];

  return (
    <section className="aims" aria-labelledby="aims-title">
      <div className="chart-section__head">
        <h2 className="chart-section__title" id="aims-title">
          AIMS
        </h2>
        {!examining ? (
          <button type="button" className="button button--primary" onClick={() => (setExamining(true), setMessage(null))}>
            New examination
          </button>
        ) : null}
      </div>
      <p className="chart-section__lead">Abnormal Involuntary Movement Scale: a structured examination for tardive dyskinesia.</p>
      {message ? <Notice tone="success">{message}</Notice> : null}
      {examining ? (
        <AimsForm
          patientId={patient.id}
          onSaved={(examination) => {
            setExamining(false);
            setMessage(describeResult(examination));
          }}
          onCancel={() => setExamining(false)}
        />
      ) : null}
      {examinations.error ? <Notice tone="error">{explain(examinations.error)}</Notice> : null}
      {examinations.isPending ? (
        <p className="muted" role="status">
          Loading examinations…
        </p>
      ) : null}

      <section className="chart-subsection" aria-labelledby="aims-history-title">
        <h3 className="chart-subsection__title" id="aims-history-title">
          History
        </h3>
        {examinations.data && list.length === 0 ? <p className="muted">No AIMS examination recorded yet.</p> : null}
        <AimsChart examinations={list} />
        {list.length > 0 ? (
          <div className="table-frame">
            <table className="table history-table aims-history">
              <caption className="visually-hidden">Every AIMS examination, newest first</caption>
              <colgroup>
                <col className="aims-history__date" />
                <col className="aims-history__total" />
                <col className="aims-history__flag" />
                <col className="aims-history__severity" />
                <col className="aims-history__by" />
                <col className="aims-history__action" />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">Date</th>
                  <th scope="col" className="table__num">
                    Total
                  </th>
                  <th scope="col">Screening</th>
                  <th scope="col">Ratings</th>
                  <th scope="col">Examined by, note</th>
                  <th scope="col">
                    <span className="visually-hidden">Correction</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((examination) => (
                  <HistoryRow key={examination.id} examination={examination} />
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
    </section>
  );
}

function HistoryRow({ examination }: { examination: AimsExamination }) {
  const [marking, setMarking] = useState(false);
  const mark = useChannelMutation('aims:markEnteredInError');
  const inError = examination.enteredInError !== null;
  const date = formatCalendarDate(examination.examinedOn);
  const total = (
    <>
      {examination.total}
      <span className="muted"> / {AIMS_LIMITS.maxTotal}</span>
    </>
  );
  return (
    <tr className={inError ? 'history-table__row--in-error' : undefined}>
      <td>
        <span className="aims-history__nowrap">{inError ? <s>{date}</s> : date}</span>
        {inError ? (
          <span className="history-table__error">
            Entered in error: <bdi>{examination.enteredInError?.reason}</bdi>
          </span>
        ) : null}
      </td>
      <td className="table__num aims-history__nowrap">{inError ? <s>{total}</s> : total}</td>
      <td>
        {examination.flag === 'possible-td' ? (
          <span className="aims-flag" title={AIMS_FLAG_EXPLANATION}>
            {AIMS_FLAG_LABEL}
          </span>
        ) : (
          <span className="muted">Below threshold</span>
        )}
      </td>
      <td>
        <span className="aims-history__ratings">Items 1–7: {examination.movements.join(' ')}</span>
        <span className="aims-history__ratings">
          Overall: {examination.severity} · {AIMS_GLOBAL_ANCHORS[examination.severity]}
        </span>
        <span className="aims-history__ratings">Awareness: {examination.awareness}</span>
      </td>
      <td>
        <bdi>{examination.examinedBy}</bdi>
        {examination.note !== '' ? (
          <span className="aims-history__note">
            <bdi>{examination.note}</bdi>
          </span>
        ) : null}
      </td>
      <td className="table__num">
        {!inError ? (
          <button
            type="button"
            className="button button--link"
            onClick={() => setMarking(true)}
            aria-label={`Mark the AIMS of ${date} entered in error`}
          >
            Entered in error…
          </button>
        ) : null}
        {marking ? (
          <EnteredInErrorDialog
            title="Mark this examination as entered in error?"
            confirmLabel="Mark entered in error"
            onConfirm={(reason) => mark.mutateAsync({ id: examination.id, reason })}
            onClose={() => setMarking(false)}
          >
            <p>
              The AIMS of {date} (total {examination.total}) is struck through and left out of the chart of totals. It stays in the history.
            </p>
          </EnteredInErrorDialog>
        ) : null}
      </td>
    </tr>
  );
}
