/**
 * One valid input for every channel of the contract. Typed against the contract, so a new channel
 * without an example fails the build. The contract test derives its malformed cases from these; the
 * lock test sends them to a locked vault.
 */
import type { Channel, ChannelInput } from '../../../shared/contract';
import { NEW_PASSPHRASE, PASSPHRASE, patientInput } from './temp-vault';

const PATIENT_ID = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
const SERIES_ID = '0b4e7a0e-5a3c-4d1b-9c1e-2f6a8b9d0c11';
const APPOINTMENT_ID = '3d2c1b0a-9f8e-4d7c-8b6a-5f4e3d2c1b0a';
const DIAGNOSIS_ID = '7a1c2e3f-4b5d-4e6f-8a9b-0c1d2e3f4a5b';
const NOTE_ID = '9e8d7c6b-5a4f-4e3d-9c2b-1a0f9e8d7c6b';
const WEEK = { from: '2026-03-09T00:00:00.000Z', to: '2026-03-16T00:00:00.000Z' };
const OCCURRENCE = { type: 'occurrence', seriesId: SERIES_ID, originalStart: '2026-03-10T09:00:00' } as const;

export const VALID_EXAMPLES: { [C in Channel]: ChannelInput<C> } = {
  'vault:status': {},
  'vault:prepareSetup': { passphrase: PASSPHRASE },
  'vault:cancelSetup': {},
  'vault:confirmSetup': {},
  'vault:unlock': { passphrase: PASSPHRASE },
  'vault:recover': { recoveryCode: '0000-0000-0000-0000-0000-0000-0000-0000', newPassphrase: NEW_PASSPHRASE },
  'vault:lock': {},
  'vault:changePassphrase': { currentPassphrase: PASSPHRASE, newPassphrase: NEW_PASSPHRASE },
  'session:activity': {},
  'preferences:get': {},
  'preferences:update': { autoLockMinutes: 5, theme: 'dark', lastView: 'settings' },
  'patients:list': { includeArchived: true },
  'patients:get': { id: PATIENT_ID },
  'patients:create': { patient: patientInput() },
  'patients:update': { id: PATIENT_ID, version: 1, patient: patientInput() },
  'patients:archive': { id: PATIENT_ID, version: 1 },
  'patients:restore': { id: PATIENT_ID, version: 1 },
  'calendar:range': { ...WEEK, includeCancelled: true },
  'appointments:get': { ref: OCCURRENCE },
  'appointments:warnings': { start: '2026-03-10T09:00:00+01:00', durationMinutes: 50, ignore: { type: 'single', id: APPOINTMENT_ID } },
  'appointments:create': {
    appointment: {
      patientId: PATIENT_ID,
      start: '2026-03-10T09:00:00.000Z',
      durationMinutes: 50,
      kind: 'therapy',
      location: 'Room 2',
      isVideo: false,
      note: 'Bring the insurance card',
      recurrence: { frequency: 'monthly', interval: 1, monthlyOrdinal: 2, end: { type: 'count', count: 10 } },
    },
    acknowledgeWarnings: false,
  },
  'appointments:update': {
    ref: OCCURRENCE,
    scope: 'following',
    version: 0,
    changes: { patientId: PATIENT_ID, start: '2026-03-11T10:00:00.000Z', durationMinutes: 45, kind: 'follow-up', location: 'Room 1', isVideo: true, note: 'Video link by post' },
    acknowledgeWarnings: true,
  },
  'appointments:cancel': { ref: { type: 'single', id: APPOINTMENT_ID }, scope: 'this', by: 'patient' },
  'appointments:setAttendance': { ref: OCCURRENCE, attendance: 'late', lateMinutes: 10 },
  'sessions:start': { ref: OCCURRENCE },
  'sessions:end': { ref: { type: 'single', id: APPOINTMENT_ID } },
  'sessions:running': {},
  'patients:attendance': { patientId: PATIENT_ID },
  'reports:onTime': { ...WEEK, groupBy: 'month' },
  'calendar:exportIcs': { ...WEEK, names: 'initials', includeCancelled: false },
  'files:save': { suggestedFileName: 'alliance-sessions-2026-03-09-to-2026-03-15.ics', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', mimeType: 'text/calendar' },
  'print:window': { target: 'pdf', suggestedFileName: 'Alliance recovery sheet' },
  'chart:summary': { patientId: PATIENT_ID },
  'chart:timeline': { patientId: PATIENT_ID },
  'diagnoses:list': { patientId: PATIENT_ID },
  'diagnoses:add': { patientId: PATIENT_ID, diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '2019-05-01', note: 'Seasonal pattern' } },
  'diagnoses:update': { id: DIAGNOSIS_ID, version: 1, changes: { status: 'in-remission', isPrimary: false, onsetDate: '', note: 'Since spring' } },
  'diagnoses:markEnteredInError': { id: DIAGNOSIS_ID, version: 1, reason: 'Recorded for the wrong patient' },
  'medications:list': { patientId: PATIENT_ID },
  'medications:record': {
    patientId: PATIENT_ID,
    entry: { kind: 'start', name: 'Sertraline', dose: '50 mg', route: 'oral', frequency: 'once daily', date: '2026-03-10', reason: 'Low mood' },
  },
  'medications:markEnteredInError': { eventId: NOTE_ID, reason: 'Wrong dose typed' },
  'allergies:get': { patientId: PATIENT_ID },
  'allergies:add': { patientId: PATIENT_ID, allergy: { substance: 'Penicillin', kind: 'allergy', reaction: 'Hives', severity: 'moderate', notedOn: '2001-01-01' } },
  'allergies:markEnteredInError': { id: NOTE_ID, reason: 'Another patient’s allergy' },
  'allergies:noneKnown': { patientId: PATIENT_ID },
  'notes:list': { patientId: PATIENT_ID, limit: 20, after: { serviceDate: '2026-03-10', id: NOTE_ID } },
  'notes:get': { id: NOTE_ID },
  'notes:forSession': { ref: OCCURRENCE },
  'notes:create': { patientId: PATIENT_ID, template: 'psychiatric-follow-up', session: OCCURRENCE, serviceDate: '2026-03-10' },
  'notes:saveDraft': { id: NOTE_ID, version: 1, fields: { intervalHistory: 'Sleeping better', 'risk.level': 'Low' }, serviceDate: '2026-03-10' },
  'notes:discardDraft': { id: NOTE_ID, version: 1 },
  'notes:sign': { id: NOTE_ID, version: 2, signedBy: 'Dr Ana Reyes, MD' },
  'notes:addAddendum': { noteId: NOTE_ID, text: 'Lab results reviewed', signedBy: 'Dr Ana Reyes, MD' },
  'notes:printed': { id: NOTE_ID },
  'search:query': { text: 'holloway', limit: 10 },
  'audit:forPatient': { patientId: PATIENT_ID, limit: 50 },
  'audit:verify': {},
};
