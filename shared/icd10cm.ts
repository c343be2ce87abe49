/**
 * The ICD-10-CM codes a psychiatrist uses (chapter 5, F01–F99, and the Z and R codes of
 * shared/data/README.md): look one up, or list them all. Both sides use it: the main process to
 * refuse a code that is not one, the window to check a form. Finding codes by the words a clinician
 * types is icd10cm-search.ts, which only the diagnosis type-ahead loads.
 */
import { ICD10CM_TSV } from './icd10cm-data';

export type IcdCode = {
  /** With its dot: F33.1. */
  code: string;
  /** The official long description, unchanged. */
  description: string;
  /** Valid for a diagnosis; a header (F33) needs more characters. */
  billable: boolean;
};

/** "F33.1" → "F331": how codes are compared, whatever way they are typed. */
export function compactIcdCode(code: string): string {
  return code.replace('.', '').toUpperCase();
}

let codes: readonly IcdCode[] | undefined;
let byCode: Map<string, IcdCode> | undefined;

/** Every code of the list, in its order (by code, byte order: F68.8 before F68.A). */
export function icdCodeList(): readonly IcdCode[] {
  if (codes) return codes;
  codes = ICD10CM_TSV.split('\n')
    .slice(1)
    .filter((line) => line.length > 0)
    .map((line) => {
      const [code = '', description = '', billable = '0'] = line.split('\t');
      return { code, description, billable: billable === '1' };
    });
  byCode = new Map(codes.map((entry) => [compactIcdCode(entry.code), entry]));
  return codes;
}

/** The code as listed ("f33.1", "F331" and "F33.1" all find F33.1), or undefined. */
export function lookupIcdCode(code: string): IcdCode | undefined {
  icdCodeList();
  const entry = byCode?.get(compactIcdCode(code.trim()));
  return entry ? { ...entry } : undefined;
}

/** How many codes the list holds (1,418 in the FY2025 file). */
export function icdCodeCount(): number {
  return icdCodeList().length;
}
