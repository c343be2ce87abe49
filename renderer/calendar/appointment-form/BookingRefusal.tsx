import { useId } from 'react';

/**
 * The main process would not book without a second look (a double booking, outside working hours):
 * it says why in place of the dialog's buttons, and the person goes back or books anyway.
 */
export function BookingRefusal({
  reasons,
  busy,
  onBack,
  onBookAnyway,
}: {
  reasons: readonly string[];
  busy: boolean;
  onBack: () => void;
  onBookAnyway: () => void;
}) {
  const id = useId();
  return (
    <div className="refusal" role="alertdialog" aria-labelledby={`${id}-refusal`}>
      <p className="refusal__title" id={`${id}-refusal`}>
        Before you book
      </p>
      <ul className="refusal__reasons">
        {reasons.map((reason) => (
          <li key={reason}>{reason}</li>
        ))}
      </ul>
      <div className="refusal__actions">
        <button type="button" className="button button--secondary" onClick={onBack} disabled={busy}>
          Go back
        </button>
        <button type="button" className="button button--primary" onClick={onBookAnyway} disabled={busy}>
          Book anyway
        </button>
      </div>
    </div>
  );
}
