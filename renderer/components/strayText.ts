/**
 * Elements that libraries add to the document outside React's tree, and that may hold clinical text
 * after their view is gone: recharts measures each axis label (a date, a score) in a hidden span it
 * leaves in <body>. A lock, and the hand-over to patient mode, remove them with the views.
 */
const STRAY_ELEMENT_IDS = ['recharts_measurement_span'] as const;

/** Removes every element a library left behind; each is made again when a chart is next drawn. */
export function removeStrayText(): void {
  for (const id of STRAY_ELEMENT_IDS) document.getElementById(id)?.remove();
}
