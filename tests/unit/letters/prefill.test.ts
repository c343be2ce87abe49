import { describe, expect, it } from 'vitest';
import type { Consent } from '../../../shared/consents';
import {
  LETTER_TEMPLATE_DEFINITIONS,
  letterFormats,
  letterParts,
  omissionReason,
  prefillLetter,
  type LetterChart,
} from '../../../shared/letters';
import type { MedicationEvent } from '../../../shared/medication';
import { deriveMedications } from '../../../shared/medication';

const TODAY = '2026-03-10';
const formats = letterFormats('en-GB', 'UTC');
const PATIENT = '6f9619ff-8b86-4011-b42d-00c04fc964ff';

let eventSeq = 0;
function entry(
  medicationId: string,
  kind: MedicationEvent['kind'],
  date: string,
  dose: string,
  extra: Partial<MedicationEvent> = {},
): MedicationEvent {
  eventSeq += 1;
  return {
    id: `00000000-0000-4000-8000-${String(eventSeq).padStart(12, '0')}`,
    medicationId,
    patientId: PATIENT,
    kind,
    date,
    name: medicationId.startsWith('1') ? 'Sertraline' : 'Quetiapine',
    route: 'oral',
    dose,
    frequency: 'once daily',
    reason: kind === 'start' ? 'Depression' : kind === 'change' ? 'Partial response' : 'Sedation',
    recordedAt: `${date}T10:00:00.000Z`,
    enteredInError: null,
    ...extra,
  };
}

const SERTRALINE = '10000000-0000-4000-8000-000000000001';
const QUETIAPINE = '20000000-0000-4000-8000-000000000002';
const events = [
  entry(SERTRALINE, 'start', '2025-06-01', '50 mg'),
  entry(SERTRALINE, 'change', '2026-02-01', '100 mg'),
  entry(QUETIAPINE, 'start', '2025-01-01', '25 mg'),
  entry(QUETIAPINE, 'stop', '2026-01-20', '25 mg'),
  // A change older than 90 days is no recent change; one entered in error never happened.
  entry(SERTRALINE, 'change', '2026-03-01', '150 mg', { enteredInError: { at: '2026-03-02T00:00:00.000Z', reason: 'Wrong chart' } }),
];

/** A scripted chart: what the worker reads from the vault, written out. */
const chart: LetterChart = {
  patient: { givenName: 'Maren', familyName: 'Olsen', dateOfBirth: '1988-04-12' },
  diagnoses: [
    {
      code: 'F41.1',
      label: 'Generalized anxiety disorder',
      status: 'active',
      isPrimary: false,
      createdAt: '2026-01-05T10:00:00.000Z',
      enteredInError: null,
    },
    {
      code: 'F33.1',
      label: 'Major depressive disorder, recurrent, moderate',
      status: 'active',
      isPrimary: true,
      createdAt: '2025-06-01T10:00:00.000Z',
      enteredInError: null,
    },
    {
      code: 'F10.10',
      label: 'Alcohol abuse, uncomplicated',
      status: 'in-remission',
      isPrimary: false,
      createdAt: '2025-01-01T10:00:00.000Z',
      enteredInError: null,
    },
    {
      code: 'F31.9',
      label: 'Bipolar disorder, unspecified',
      status: 'active',
      isPrimary: false,
      createdAt: '2025-02-01T10:00:00.000Z',
      enteredInError: { at: '2025-02-02T10:00:00.000Z', reason: 'Wrong patient' },
    },
  ],
  medicationEvents: events,
  medications: deriveMedications(events).current,
  measures: [
    { id: 'm3', instrument: 'phq9', date: '2026-03-03', score: 8, createdAt: '2026-03-03T10:00:00.000Z' },
    { id: 'm1', instrument: 'phq9', date: '2026-01-05', score: 18, createdAt: '2026-01-05T10:00:00.000Z' },
    { id: 'm2', instrument: 'gad7', date: '2026-03-03', score: 11, createdAt: '2026-03-03T10:00:00.000Z' },
    { id: 'm4', instrument: 'pcl5', date: '2026-03-03', score: 40, createdAt: '2026-03-03T10:00:00.000Z' },
  ],
  plan: {
    goals: [
      { patientWords: 'Sleep through the night', formulation: 'Insomnia secondary to depression' },
      { patientWords: 'Go back to work', formulation: '' },
    ],
    reviewDate: '2026-06-01',
  },
  nextAppointment: '2026-03-17T09:00:00.000Z',
  latestNote: { serviceDate: '2026-03-03', text: 'Assessment\nMood improving; no suicidal ideation.' },
};

const placeholders = {
  patient: 'Maren Olsen',
  dateOfBirth: formats.date('1988-04-12'),
  psychiatrist: 'Ana Reyes, MD',
  today: formats.date(TODAY),
  recipient: 'Dr Amira Haddad',
};

function letterTo(allowed: Consent['parts'], consent?: Consent) {
  return prefillLetter(LETTER_TEMPLATE_DEFINITIONS.pcp, chart, {
    today: TODAY,
    formats,
    placeholders,
    allowed,
    why: (part) => (consent ? omissionReason(part, consent, formats) : ''),
  });
}

const ALL = ['diagnoses', 'medications', 'notes', 'plan', 'measures'] as const;
const text = (key: string, allowed: Consent['parts'] = [...ALL]) => letterTo(allowed).sections.find((s) => s.key === key)?.text;

describe('a letter pre-filled from the chart', () => {
  it('lists the diagnoses with their ICD-10-CM codes, the primary first, leaving out resolved and entered-in-error ones', () => {
    expect(text('diagnoses')).toBe(
      [
        '- F33.1 Major depressive disorder, recurrent, moderate (primary)',
        '- F41.1 Generalized anxiety disorder',
        '- F10.10 Alcohol abuse, uncomplicated (in remission)',
      ].join('\n'),
    );
  });

  it('lists the current medications with doses, then the changes of the last 90 days, newest first', () => {
    expect(text('medications')).toBe(
      [
        '- Sertraline 100 mg, oral, once daily',
        '',
        'Changes in the last 90 days:',
        '- 1 February 2026: Sertraline changed to 100 mg, once daily (Partial response)',
        '- 20 January 2026: stopped Quetiapine (Sedation)',
      ].join('\n'),
    );
  });

  it('gives the latest PHQ-9 and GAD-7 with their severity in words and what the change from the first score means', () => {
    expect(text('measures')).toBe(
      [
        '- PHQ-9 8 on 3 March 2026: mild depressive symptoms, below the clinical threshold (10); down 10 points from 18 on 5 January 2026 (a reliable improvement, a response).',
        '- GAD-7 11 on 3 March 2026: moderate anxiety symptoms, at or above the clinical threshold (8).',
      ].join('\n'),
    );
  });

  it('gives the plan’s goals in the patient’s words, the next review and the next appointment', () => {
    expect(text('plan')).toBe(
      [
        'Goals:',
        '1. Sleep through the night — Insomnia secondary to depression',
        '2. Go back to work',
        'Next review of the plan: 1 June 2026.',
        'Next appointment: 17 March 2026 at 09:00.',
      ].join('\n'),
    );
  });

  it('gives the latest signed note, dated, and fills the placeholders of the free paragraphs', () => {
    expect(text('notes')).toBe('Session of 3 March 2026:\nAssessment\nMood improving; no suicidal ideation.');
    expect(text('greeting')).toBe('Dear Dr Amira Haddad,');
    expect(text('opening')).toContain('Maren Olsen (date of birth 12 April 1988)');
  });

  it('says so when a part of the chart is empty', () => {
    const empty = {
      ...chart,
      diagnoses: [],
      medications: [],
      medicationEvents: [],
      measures: [],
      plan: null,
      nextAppointment: null,
      latestNote: null,
    };
    const { sections } = prefillLetter(LETTER_TEMPLATE_DEFINITIONS.pcp, empty, {
      today: TODAY,
      formats,
      placeholders,
      allowed: [...ALL],
      why: () => '',
    });
    expect(Object.fromEntries(sections.filter((s) => s.part).map((s) => [s.key, s.text]))).toEqual({
      diagnoses: 'No current diagnoses recorded.',
      medications: 'No current medications.',
      measures: 'No PHQ-9 or GAD-7 recorded.',
      plan: 'No treatment plan yet.',
      notes: 'No signed session note yet.',
    });
  });
});

describe('a letter under a consent', () => {
  const consent: Consent = {
    id: '30000000-0000-4000-8000-000000000003',
    patientId: PATIENT,
    recipient: { name: 'Dr Haddad', role: 'Primary care physician', contact: '' },
    parts: ['diagnoses'],
    purpose: 'Coordination of care',
    validFrom: '2026-03-03',
    validUntil: null,
    givenAs: 'signed-form',
    recordedAt: '2026-03-03T10:00:00.000Z',
    revokedOn: null,
    revocationReason: null,
    enteredInError: false,
  };

  it('that excludes notes carries no note text, and says why each part is missing', () => {
    const letter = letterTo(consent.parts, consent);
    const all = letter.sections.map((s) => s.text).join('\n');
    expect(all).not.toContain('Mood improving');
    expect(all).not.toContain('Sertraline');
    expect(all).toContain('F33.1');
    expect(letterParts(letter.sections)).toEqual(['diagnoses']);
    expect(letter.omitted.map((o) => o.reason)).toContain(
      'Medications are not included: \u2068Dr Haddad\u2069’s consent of 3 March 2026 covers diagnoses only.',
    );
    expect(letter.omitted.map((o) => o.part)).toEqual(['medications', 'measures', 'plan', 'notes']);
  });
});
