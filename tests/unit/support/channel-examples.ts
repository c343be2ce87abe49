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
const PLAN_ID = '5b4a3c2d-1e0f-4a9b-8c7d-6e5f4a3b2c1d';
const PLAN_VERSION_ID = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const GOAL_ID = '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a';
const OBJECTIVE_ID = '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b';

const FEEDBACK_ANSWERS = {
  heard: 8,
  focus: 7,
  approach: 9,
  overall: 8,
  helpful: 'The sleep plan',
  notHelpful: 'Ran out of time',
  unproductiveTopic: '',
};

const PLAN_CONTENT: ChannelInput<'plans:saveDraft'>['content'] = {
  diagnoses: [{ diagnosisId: DIAGNOSIS_ID, code: 'F33.1', label: 'Major depressive disorder, recurrent, moderate' }],
  presentingProblems: 'Low mood and poor sleep since the winter',
  dailyLifeEffect: 'Missing work two days a week',
  strengths: 'Close friends; keeps a routine',
  goals: [
    {
      id: GOAL_ID,
      patientWords: 'I want to sleep through the night again',
      formulation: 'Insomnia maintaining low mood',
      objectives: [
        {
          id: OBJECTIVE_ID,
          description: 'Sleeps 7 hours on 5 nights a week',
          measure: 'Sleep diary',
          targetDate: '2026-06-01',
          status: 'in-progress',
        },
      ],
    },
  ],
  interventions: {
    psychotherapy: [
      {
        id: '4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c',
        modality: 'CBT for insomnia',
        frequency: 'Weekly',
        sessionMinutes: 50,
        description: 'Sleep restriction and stimulus control',
      },
    ],
    medications: [
      {
        id: '5a6b7c8d-9e0f-4a1b-8c3d-4e5f6a7b8c9d',
        medicationId: null,
        name: 'Sertraline',
        dose: '100 mg',
        frequency: 'Once daily',
        monitoring: 'Side effects at each visit',
      },
    ],
    referrals: [{ id: '6b7c8d9e-0f1a-4b2c-9d4e-5f6a7b8c9d0e', to: 'Sleep clinic', reason: 'Possible sleep apnoea' }],
  },
  safetyPlan: {
    warningSigns: 'Staying in bed all day',
    copingStrategies: 'Walk the dog',
    peopleAndPlaces: 'Sister; the library',
    peopleToAsk: 'Sister, 555 0101',
    professionals: 'Dr Reyes; crisis line 988',
    meansSafety: 'Pills kept by partner',
  },
  reviewDate: '2026-06-08',
  dischargeCriteria: 'Two months in remission',
};
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
  'restore:chooseBackup': {},
  'restore:openBackup': { ticket: '0123456789abcdef0123456789abcdef', secret: { kind: 'passphrase', passphrase: PASSPHRASE } },
  'restore:closeBackup': { ticket: '0123456789abcdef0123456789abcdef' },
  'restore:restore': { ticket: '0123456789abcdef0123456789abcdef' },
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
    changes: {
      patientId: PATIENT_ID,
      start: '2026-03-11T10:00:00.000Z',
      durationMinutes: 45,
      kind: 'follow-up',
      location: 'Room 1',
      isVideo: true,
      note: 'Video link by post',
    },
    acknowledgeWarnings: true,
  },
  'appointments:cancel': { ref: { type: 'single', id: APPOINTMENT_ID }, scope: 'this', by: 'patient' },
  'appointments:setAttendance': { ref: OCCURRENCE, attendance: 'late', lateMinutes: 10 },
  'sessions:start': { ref: OCCURRENCE },
  'sessions:end': { ref: { type: 'single', id: APPOINTMENT_ID } },
  'sessions:running': {},
  'appointments:proposeNext': { patientId: PATIENT_ID },
  'appointments:upcoming': { patientId: PATIENT_ID },
  'reports:lateSessions': WEEK,
  'patients:attendance': { patientId: PATIENT_ID },
  'reports:onTime': { ...WEEK, groupBy: 'month' },
  'calendar:exportIcs': { ...WEEK, names: 'initials', includeCancelled: false },
  'files:save': {
    suggestedFileName: 'alliance-sessions-2026-03-09-to-2026-03-15.ics',
    content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
    mimeType: 'text/calendar',
  },
  'print:window': { target: 'pdf', suggestedFileName: 'Alliance recovery sheet' },
  'chart:summary': { patientId: PATIENT_ID },
  'chart:timeline': { patientId: PATIENT_ID },
  'diagnoses:list': { patientId: PATIENT_ID },
  'diagnoses:add': {
    patientId: PATIENT_ID,
    diagnosis: { code: 'F33.1', status: 'active', isPrimary: true, onsetDate: '2019-05-01', note: 'Seasonal pattern' },
  },
  'diagnoses:update': {
    id: DIAGNOSIS_ID,
    version: 1,
    changes: { status: 'in-remission', isPrimary: false, onsetDate: '', note: 'Since spring' },
  },
  'diagnoses:markEnteredInError': { id: DIAGNOSIS_ID, version: 1, reason: 'Recorded for the wrong patient' },
  'medications:list': { patientId: PATIENT_ID },
  'medications:record': {
    patientId: PATIENT_ID,
    entry: {
      kind: 'start',
      name: 'Sertraline',
      dose: '50 mg',
      route: 'oral',
      frequency: 'once daily',
      date: '2026-03-10',
      reason: 'Low mood',
    },
  },
  'medications:markEnteredInError': { eventId: NOTE_ID, reason: 'Wrong dose typed' },
  'medications:planDifferences': { patientId: PATIENT_ID },
  'allergies:get': { patientId: PATIENT_ID },
  'allergies:add': {
    patientId: PATIENT_ID,
    allergy: { substance: 'Penicillin', kind: 'allergy', reaction: 'Hives', severity: 'moderate', notedOn: '2001-01-01' },
  },
  'allergies:markEnteredInError': { id: NOTE_ID, reason: 'Another patient’s allergy' },
  'allergies:noneKnown': { patientId: PATIENT_ID },
  'notes:list': { patientId: PATIENT_ID, limit: 20, after: { serviceDate: '2026-03-10', id: NOTE_ID } },
  'notes:get': { id: NOTE_ID },
  'notes:forSession': { ref: OCCURRENCE },
  'notes:create': { patientId: PATIENT_ID, template: 'psychiatric-follow-up', session: OCCURRENCE, serviceDate: '2026-03-10' },
  'notes:saveDraft': {
    id: NOTE_ID,
    version: 1,
    fields: { intervalHistory: 'Sleeping better', 'risk.level': 'Low' },
    serviceDate: '2026-03-10',
  },
  'notes:discardDraft': { id: NOTE_ID, version: 1 },
  'notes:sign': { id: NOTE_ID, version: 2, signedBy: 'Dr Ana Reyes, MD' },
  'notes:addAddendum': { noteId: NOTE_ID, text: 'Lab results reviewed', signedBy: 'Dr Ana Reyes, MD' },
  'notes:printed': { id: NOTE_ID },
  'notes:lastSigned': { patientId: PATIENT_ID },
  'notes:templates': {},
  'notes:saveTemplate': {
    id: 'soap',
    baseVersion: 1,
    label: 'SOAP',
    description: 'Subjective, objective, assessment, plan.',
    sections: [{ heading: 'Subjective', fields: [{ key: 'subjective', label: 'Subjective', kind: 'text' }] }],
  },
  'notes:archiveTemplate': { id: 'dap', archived: true },
  'search:query': { text: 'holloway', limit: 10 },
  'audit:forPatient': { patientId: PATIENT_ID, limit: 50 },
  'audit:verify': {},
  'plans:forPatient': { patientId: PATIENT_ID },
  'plans:create': { patientId: PATIENT_ID },
  'plans:version': { versionId: PLAN_VERSION_ID },
  'plans:saveDraft': { versionId: PLAN_VERSION_ID, version: 1, content: PLAN_CONTENT },
  'plans:agree': {
    versionId: PLAN_VERSION_ID,
    version: 2,
    agreement: { date: '2026-03-10', method: 'verbal', declineReason: '', recordedBy: 'Dr Ana Reyes, MD' },
  },
  'plans:revise': { planId: PLAN_ID, reason: 'Sleep goal met; new goal on work' },
  'plans:diff': { fromVersionId: PLAN_VERSION_ID, toVersionId: NOTE_ID },
  'plans:setObjectiveStatus': { planId: PLAN_ID, objectiveId: OBJECTIVE_ID, status: 'met', note: 'Seven nights out of seven' },
  'plans:addProgress': {
    planId: PLAN_ID,
    update: { goalId: GOAL_ID, date: '2026-03-10', rating: 6, working: 'Wind-down routine', notWorking: 'Late shifts', noteId: NOTE_ID },
  },
  'plans:printed': { versionId: PLAN_VERSION_ID },
  'patientMode:enter': { ref: OCCURRENCE, forms: ['feedback', 'phq9'] },
  'patientMode:status': {},
  'patientMode:support': {},
  'patientMode:submitFeedback': { answers: FEEDBACK_ANSWERS },
  'patientMode:submitMeasure': { measure: { instrument: 'gad7', answers: [0, 1, 2, 3, 0, 1, 2], difficulty: 1 } },
  'patientMode:leave': { passphrase: PASSPHRASE },
  'feedback:record': { ref: OCCURRENCE, answers: FEEDBACK_ANSWERS },
  'measures:record': {
    patientId: PATIENT_ID,
    ref: null,
    measure: { instrument: 'phq9', answers: [0, 1, 2, 3, 0, 1, 2, 3, 0], difficulty: null },
  },
  'feedback:forSession': { ref: OCCURRENCE },
  'feedback:trends': { patientId: PATIENT_ID },
  'feedback:practice': { from: '2026-01-01T00:00:00.000Z', to: '2026-04-01T00:00:00.000Z' },
  'measures:acknowledge': { measureId: NOTE_ID, acknowledgement: { actions: ['discussed-in-session'], note: '' } },
  'today:get': {},
  'import:previewPatients': { content: 'First name,Last name,Date of birth\nMaren,Holloway,1984-06-12\n', mapping: null, dateFormat: null },
  'import:patients': {
    content: 'First name,Last name,Date of birth\nMaren,Holloway,1984-06-12\n',
    mapping: ['givenName', 'familyName', 'dateOfBirth'],
    dateFormat: 'ymd',
    leaveOut: [],
    importDuplicates: [],
  },
  'import:previewSessions': { content: 'BEGIN:VCALENDAR\nEND:VCALENDAR\n', from: '2026-01-01', to: '2026-12-31' },
  'import:sessions': {
    content: 'BEGIN:VCALENDAR\nEND:VCALENDAR\n',
    from: '2026-01-01',
    to: '2026-12-31',
    kind: 'follow-up',
    choices: [{ event: 'event-1@example.org', patientId: PATIENT_ID }],
  },
  'exports:patientRecord': { patientId: PATIENT_ID },
  'exports:patientBundle': { patientId: PATIENT_ID },
  'exports:patientExported': { patientId: PATIENT_ID, format: 'fhir' },
  'exports:practice': {},
  'exports:practiceProgress': {},
  'backups:status': {},
  'backups:chooseFolder': {},
  'backups:backUpNow': {},
};
