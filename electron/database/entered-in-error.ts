/** A clinical row's "entered in error" columns as the chart reads them: null while the row counts. */
export function enteredInError(at: string | null, reason: string | null): { at: string; reason: string } | null {
  return at === null ? null : { at, reason: reason ?? '' };
}
