/** Where a medication's titration or taper is planned, inside the chart. */
export function titrationBuilderPath(patientId: string, medicationId: string): string {
  return `/patients/${patientId}/titrations/new/${medicationId}`;
}

export function titrationPath(patientId: string, scheduleId: string): string {
  return `/patients/${patientId}/titrations/${scheduleId}`;
}
