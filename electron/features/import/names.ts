/**
 * Names compared as a person would: case, accents, punctuation and spacing do not make two people
 * ("José O'Neil" is "jose o neil"). Used to find a patient already in the vault or twice in a file,
 * and to find which patient a calendar event is about.
 */
import type { PatientSummary } from '../../../shared/patient';

/** The words of a name or a text, lower case, without accents or punctuation. */
export function nameWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== '');
}

/** One key per person: family and given name and date of birth. */
export function duplicateKey(givenName: string, familyName: string, dateOfBirth: string): string {
  return `${nameWords(familyName).join(' ')}|${nameWords(givenName).join(' ')}|${dateOfBirth}`;
}

function containsRun(words: readonly string[], run: readonly string[]): boolean {
  if (run.length === 0) return false;
  for (let start = 0; start + run.length <= words.length; start += 1) {
    if (run.every((word, offset) => words[start + offset] === word)) return true;
  }
  return false;
}

type Candidate = { id: string; family: string[]; firstNames: string[][] };

/**
 * Finds the patients a text names: a patient is named when both their family name and their given
 * (or preferred) name appear in it as whole words, in any order ("Session – Maren Holloway",
 * "Holloway, Maren", "Mo Holloway follow-up"). Initials and first names alone name no one.
 */
export class PatientNames {
  readonly #candidates: Candidate[];

  constructor(patients: readonly Pick<PatientSummary, 'id' | 'givenName' | 'familyName' | 'preferredName'>[]) {
    this.#candidates = patients.map((patient) => ({
      id: patient.id,
      family: nameWords(patient.familyName),
      firstNames: [nameWords(patient.givenName), nameWords(patient.preferredName ?? '')].filter((words) => words.length > 0),
    }));
  }

  /** The ids of the patients the text names, in the vault's order. */
  named(text: string): string[] {
    const words = nameWords(text);
    if (words.length < 2) return [];
    const present = new Set(words);
    return this.#candidates
      .filter(
        (candidate) =>
          candidate.family.every((word) => present.has(word)) &&
          containsRun(words, candidate.family) &&
          candidate.firstNames.some((first) => containsRun(words, first)),
      )
      .map((candidate) => candidate.id);
  }
}
