import { useChannelQuery } from '../bridge/queries';
import { Notice } from '../components/Notice';
import { explain } from '../errors/explain';
import { FeedbackCharts } from './FeedbackCharts';

/**
 * The patient's session ratings and PHQ-9 / GAD-7 totals for the printed plan summary: the same
 * charts as the chart's Feedback section, at a fixed size, without animation, black on white.
 */
export function PrintFeedback({ patientId }: { patientId: string }) {
  const trends = useChannelQuery('feedback:trends', { patientId });
  const preferences = useChannelQuery('preferences:get', {});
  const error = trends.error ?? preferences.error;
  if (error) return <Notice tone="error">{explain(error)}</Notice>;
  if (!trends.data || !preferences.data) {
    return (
      <p className="muted" role="status">
        Drawing the feedback and measure charts…
      </p>
    );
  }
  if (trends.data.feedback.length === 0 && trends.data.measures.length === 0) {
    return <p className="print-feedback__none">No session feedback or measures recorded yet.</p>;
  }
  return (
    <div className="print-feedback">
      <p className="print-feedback__lead">
        How the patient rated each session (0 to 10, the mean of four ratings), and their measure totals by date.
      </p>
      <FeedbackCharts trends={trends.data} alertBelow={preferences.data.feedbackAlertBelow} print />
    </div>
  );
}
