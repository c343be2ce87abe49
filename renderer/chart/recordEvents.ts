/**
 * How a change to a diagnosis or a medication reads in the chart. Apart from format.ts, which the
 * calendar's session dialog also loads: the diagnosis labels bring the ICD-10-CM table with them.
 */
import { DIAGNOSIS_STATUS_LABELS, type DiagnosisEvent } from '../../shared/diagnosis';
import type { MedicationEvent } from '../../shared/medication';
import { MEDICATION_EVENT_LABELS } from '../../shared/medication';

/** One medication entry as a sentence: "Dose changed: Sertraline 100 mg, oral, once daily". */
export function describeMedicationEvent(event: MedicationEvent): string {
  if (event.kind === 'stop') return `${MEDICATION_EVENT_LABELS.stop}: ${event.name}`;
  return `${MEDICATION_EVENT_LABELS[event.kind]}: ${event.name} ${event.dose}, ${event.route}, ${event.frequency}`;
}

/** What a diagnosis change did: "Added as primary, active", "Status: Active → In remission". */
export function describeDiagnosisEvent(event: DiagnosisEvent): string {
  const parts: string[] = [];
  for (const change of event.changes) {
    switch (change) {
      case 'added':
        parts.push(`Added${event.isPrimary ? ' as primary' : ''}, ${DIAGNOSIS_STATUS_LABELS[event.status].toLocaleLowerCase()}`);
        break;
      case 'status':
        parts.push(
          event.previousStatus
            ? `Status: ${DIAGNOSIS_STATUS_LABELS[event.previousStatus]} → ${DIAGNOSIS_STATUS_LABELS[event.status]}`
            : `Status: ${DIAGNOSIS_STATUS_LABELS[event.status]}`,
        );
        break;
      case 'primary':
        parts.push(event.isPrimary ? 'Made primary' : 'No longer primary');
        break;
      case 'onset':
        parts.push('Onset date changed');
        break;
      case 'note':
        parts.push('Comment changed');
        break;
      case 'entered-in-error':
        parts.push('Marked entered in error');
        break;
    }
  }
  return parts.join(' · ');
}
