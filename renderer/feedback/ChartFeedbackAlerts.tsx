import { useState } from 'react';
import { Link } from 'react-router';
import type { ChartSummary } from '../../shared/chart';
import type { SelfHarmAlert } from '../../shared/feedback';
import { useChannelQuery } from '../bridge/queries';
import { Modal } from '../components/Modal';
import { safetyPlanPath } from '../components/safetyPlan';
import { AcknowledgeForm } from './AcknowledgeForm';
import { dropReason } from './labels';
import { SelfHarmAnswer } from './SelfHarmAlertDialog';

/**
 * PHQ-9 item-9 answers the clinician has not acknowledged, in the chart's header: on every section
 * of the chart until acknowledged, with the way to the safety plan.
 */
export function SelfHarmBanner({ summary }: { summary: ChartSummary }) {
  return <SelfHarmAlerts alerts={summary.selfHarmAlerts} withName={false} />;
}

/**
 * Item-9 answers not yet acknowledged, each with the way to the patient's safety plan (and, across
 * the practice, to their chart) and the button that acknowledges it, asking what was done. Nothing when there are none.
 */
export function SelfHarmAlerts({ alerts, withName }: { alerts: SelfHarmAlert[]; withName: boolean }) {
  const [acknowledging, setAcknowledging] = useState<SelfHarmAlert | null>(null);
  if (alerts.length === 0) return null;

  return (
    <>
      <div className="self-harm-banner" role="alert">
        <span className="self-harm-banner__mark" aria-hidden="true">
          !
        </span>
        <div className="self-harm-banner__body">
          <p className="self-harm-banner__title">Thoughts of death or self-harm reported on the PHQ-9, not yet acknowledged</p>
          {alerts.map((alert) => (
            <div key={alert.measureId} className="self-harm-banner__item">
              <p>
                <SelfHarmAnswer alert={alert} withName={withName} />
              </p>
              <div className="self-harm-banner__actions">
                {withName ? (
                  <Link
                    className="button button--secondary button--small"
                    to={`/patients/${alert.patientId}`}
                    aria-label={`Open ${alert.patientName}’s chart`}
                  >
                    Chart
                  </Link>
                ) : null}
                <Link className="button button--secondary button--small" to={safetyPlanPath(alert.patientId)}>
                  Safety plan
                </Link>
                <button
                  type="button"
                  className="button button--primary button--small"
                  onClick={() => setAcknowledging(alert)}
                  aria-haspopup="dialog"
                >
                  Acknowledge…
                </button>
              </div>
            </div>
          ))}
        </div>
      </div>
      {acknowledging ? (
        <Modal open title="Acknowledge the item-9 answer" onClose={() => setAcknowledging(null)}>
          <p className="acknowledge-form__answer">
            <SelfHarmAnswer alert={acknowledging} withName={withName} />
          </p>
          <AcknowledgeForm alert={acknowledging} onDone={() => setAcknowledging(null)} onCancel={() => setAcknowledging(null)} />
        </Modal>
      ) : null}
    </>
  );
}

/** The side panel's small note that the last session's ratings fell and are to be raised. */
export function FeedbackDropPanel({ summary }: { summary: ChartSummary }) {
  const preferences = useChannelQuery('preferences:get', {});
  const drop = summary.feedbackDrop;
  if (!drop) return null;
  return (
    <section className="chart-panel__section" aria-labelledby="panel-feedback">
      <div className="chart-panel__head">
        <h2 className="chart-panel__title" id="panel-feedback">
          Session feedback
        </h2>
        <Link className="chart-panel__more" to={`/patients/${summary.patient.id}/feedback`}>
          See
        </Link>
      </div>
      <p className="chart-panel__feedback-drop">
        The last ratings fell ({dropReason(drop, preferences.data?.feedbackAlertBelow ?? null)}). Raise it at the next session.
      </p>
    </section>
  );
}
