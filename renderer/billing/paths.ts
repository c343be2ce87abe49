export type BillingPrint = { kind: 'superbill' | 'statement'; from: string; to: string; session?: string };

/** The printable superbill (a period, or one session) or statement of account. */
export function printBillingPath(patientId: string, print: BillingPrint): string {
  const params = new URLSearchParams({ kind: print.kind, from: print.from, to: print.to });
  if (print.session) params.set('session', print.session);
  return `/print/billing/${patientId}?${params.toString()}`;
}

export function billingTabPath(patientId: string): string {
  return `/patients/${patientId}/billing`;
}
