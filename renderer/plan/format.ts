/** How the treatment plan's states, dates and versions read, on screen and on paper. */
import { AGREEMENT_LABELS, type Agreement, type Plan, type PlanVersion, type PlanVersionSummary } from '../../shared/plan';
import { formatCalendarDate, formatInstantDate as instantDate, formatLongCalendarDate } from '../format/dates';

/** The file name the save dialog suggests: never the patient's name or anything clinical. */
export const PLAN_PDF_FILE_NAME = 'Alliance treatment plan';

export type VersionTone = 'draft' | 'agreed' | 'declined';

export function versionTone(version: Pick<PlanVersionSummary, 'status' | 'agreement'>): VersionTone {
  if (version.status === 'draft' || version.agreement === null) return 'draft';
  return version.agreement.method === 'declined' ? 'declined' : 'agreed';
}

/** "Draft", "Agreed, signed", "Agreed verbally", "Declined": the state in a word or two, for badges. */
export function versionStatusLabel(version: Pick<PlanVersionSummary, 'status' | 'agreement'>): string {
  const agreement = version.agreement;
  if (version.status === 'draft' || agreement === null) return 'Draft';
  switch (agreement.method) {
    case 'signed':
      return 'Agreed, signed';
    case 'verbal':
      return 'Agreed verbally';
    case 'declined':
      return 'Declined';
  }
}

/** "Signed by the patient on 10 March 2026", "Declined by the patient on 10 March 2026". */
export function agreementSentence(agreement: Agreement, long = false): string {
  const date = long ? formatLongCalendarDate(agreement.date) : formatCalendarDate(agreement.date);
  return `${AGREEMENT_LABELS[agreement.method]} on ${date}`;
}

/** The day an instant fell on, in this computer's zone, as "10 Mar 2026". */
export function formatInstantDate(timestamp: string, long = false): string {
  return instantDate(timestamp, long);
}

/** The plan is in force once the patient has agreed to a version of it (declining is no agreement). */
export function planInForce(plan: Pick<Plan, 'versions'>): boolean {
  return plan.versions.some(
    (version) => version.status === 'final' && version.agreement !== null && version.agreement.method !== 'declined',
  );
}

/** "Version 2": versions are numbered from 1 for the person; ids never show. */
export function versionName(version: Pick<PlanVersion, 'number'>): string {
  return `Version ${version.number}`;
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A value of a compared field: a YYYY-MM-DD becomes a readable date, the rest stays as written. */
export function readableValue(value: string): string {
  return ISO_DAY.test(value) ? formatCalendarDate(value) : value;
}

/** 0 to 10, as the patient rated the goal. */
export function ratingText(rating: number): string {
  return `${rating}/10`;
}
