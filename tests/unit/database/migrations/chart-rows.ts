/** Rows for the chart's migration tests, written with plain SQL as any SQLCipher client would. */
import type { Database } from '@signalapp/sqlcipher';

export const STAMP = '2024-01-01T00:00:00.000Z';

export function addPatient(db: Database, id: string, chart: number, names: { given?: string; family?: string } = {}): void {
  db.prepare(
    `INSERT INTO patients (id, chart_number, given_name, family_name, date_of_birth, phone, created_at, updated_at)
     VALUES ($id, $chart, $given, $family, '1980-02-03', '+1 555 123 4567', $stamp, $stamp)`,
  ).run({ id, chart, given: names.given ?? 'Ida', family: names.family ?? 'Brennan', stamp: STAMP });
}

export function addNote(
  db: Database,
  id: string,
  patient: string,
  serviceDate: string,
  status: 'draft' | 'signed' = 'draft',
  appointment: string | null = null,
): void {
  db.prepare(
    `INSERT INTO notes (id, patient_id, appointment_id, template, service_date, status, created_at, updated_at, signed_at, signed_by, content_hash)
     VALUES ($id, $patient, $appointment, 'free-text', $serviceDate, 'draft', $stamp, $stamp, NULL, NULL, NULL)`,
  ).run({ id, patient, appointment, serviceDate, stamp: STAMP });
  if (status === 'signed') {
    db.prepare(`UPDATE notes SET status = 'signed', signed_at = $stamp, signed_by = 'Dr R', content_hash = 'h' WHERE id = $id`).run({
      id,
      stamp: STAMP,
    });
  }
}

export function plan(db: Database, sql: string, params: Record<string, string | number>): string {
  return db
    .prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .all(params)
    .map((row) => String(row['detail']))
    .join('\n');
}
