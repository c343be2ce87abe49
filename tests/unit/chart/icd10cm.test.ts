import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ICD10CM_ABBREVIATIONS_TSV_PATH,
  ICD10CM_MODULE_PATH,
  ICD10CM_TERMS_MODULE_PATH,
  ICD10CM_TERMS_TSV_PATH,
  ICD10CM_TSV_PATH,
  icd10cmModule,
  icd10cmTermsModule,
} from '../../../build/generate-icd10cm';
import { icdCodeCount, lookupIcdCode } from '../../../shared/icd10cm';
import { searchIcdCodes, stemOf } from '../../../shared/icd10cm-search';

const codes = (query: string, limit = 20) => searchIcdCodes(query, { limit }).map((c) => c.code);
const categories = (query: string, limit = 20) => [...new Set(codes(query, limit).map((code) => code.slice(0, 3)))];

describe('the ICD-10-CM list', () => {
  it('is the shipped TSV, unchanged, with its 1,418 codes', () => {
    expect(readFileSync(ICD10CM_MODULE_PATH, 'utf8')).toBe(icd10cmModule(readFileSync(ICD10CM_TSV_PATH, 'utf8')));
    expect(icdCodeCount()).toBe(1418);
  });

  it('ships the inclusion terms and the abbreviations unchanged, beside the codes', () => {
    const terms = readFileSync(ICD10CM_TERMS_TSV_PATH, 'utf8');
    const abbreviations = readFileSync(ICD10CM_ABBREVIATIONS_TSV_PATH, 'utf8');
    expect(readFileSync(ICD10CM_TERMS_MODULE_PATH, 'utf8')).toBe(icd10cmTermsModule(terms, abbreviations));
    expect(terms.trim().split('\n')).toHaveLength(1 + 1138);
    expect(abbreviations.trim().split('\n')).toHaveLength(1 + 60);
    // Every code either file names is on the list.
    const named = [
      ...terms
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split('\t')[0]!),
      ...abbreviations
        .trim()
        .split('\n')
        .slice(1)
        .flatMap((line) => line.split('\t')[2]!.split(', ')),
    ];
    expect(named.filter((code) => lookupIcdCode(code) === undefined)).toEqual([]);
  });

  it('looks a code up with or without its dot, in any case', () => {
    expect(lookupIcdCode('F33.1')).toEqual({
      code: 'F33.1',
      description: 'Major depressive disorder, recurrent, moderate',
      billable: true,
    });
    expect(lookupIcdCode('f331')?.code).toBe('F33.1');
    expect(lookupIcdCode('F33')?.billable).toBe(false);
    expect(lookupIcdCode('J45.909')).toBeUndefined();
  });
});

describe('finding a code by what a clinician types', () => {
  it('finds codes by their beginning, the most general first', () => {
    expect(codes('F41')).toEqual(['F41.0', 'F41.1', 'F41.3', 'F41.8', 'F41.9']);
    expect(codes('f43.1')).toEqual(['F43.10', 'F43.11', 'F43.12']);
  });

  it('finds recurrent depression, the field’s own example, as the billable codes of F33 first', () => {
    const found = searchIcdCodes('recurrent depression');
    expect(found.length).toBeGreaterThanOrEqual(9);
    expect(found.slice(0, 9).every((c) => c.code.startsWith('F33.') && c.billable)).toBe(true);
    expect(codes('recurrent depression')).toEqual(expect.arrayContaining(['F33.0', 'F33.1', 'F33.2', 'F33.3', 'F33.9']));
  });

  it('finds the same codes whatever the order of the words and the form of each', () => {
    const expected = codes('recurrent depression');
    expect(codes('depression recurrent')).toEqual(expected);
    expect(codes('Recurrent  DEPRESSIVE')).toEqual(expected);
    expect(codes('depressions, recurring')).toEqual(expected);
    expect(stemOf('depression')).toBe(stemOf('depressive'));
    expect(stemOf('episodes')).toBe(stemOf('episode'));
    expect(stemOf('attacks')).toBe('attack');
    expect(stemOf('stress')).toBe('stress');
  });

  it('keeps finding them at every keystroke', () => {
    const phrase = 'recurrent depression';
    for (let typed = 3; typed <= phrase.length; typed += 1) {
      const text = phrase.slice(0, typed);
      if (text.endsWith(' ')) continue;
      expect(codes(text, 5)[0]?.startsWith('F33.'), text).toBe(true);
    }
  });

  it('offers the depressive disorders for "depression", not just two codes', () => {
    const found = codes('depression', 20);
    expect(found[0]).toBe('F32.A');
    expect(categories('depression', 20).slice(0, 2)).toEqual(['F32', 'F33']);
    expect(found.length).toBe(20);
    expect(found).toEqual(expect.arrayContaining(['F32.0', 'F32.1', 'F32.9', 'F33.0', 'F33.1']));
  });

  it('understands the abbreviations clinicians type, and says which one found the code', () => {
    const mdd = searchIcdCodes('MDD', { limit: 30 });
    expect([...new Set(mdd.map((c) => c.code.slice(0, 3)))]).toEqual(['F32', 'F33']);
    expect(mdd.every((c) => c.billable)).toBe(true);
    expect(mdd[0]?.matched).toBe('MDD (major depressive disorder)');
    expect(codes('gad')[0]).toBe('F41.1');
    expect(codes('PTSD')).toEqual(['F43.10', 'F43.11', 'F43.12']);
    expect(codes('ocd')).toEqual(['F42.2', 'F42.3', 'F42.4', 'F42.8', 'F42.9']);
    expect(codes('ADHD')).toEqual(['F90.0', 'F90.1', 'F90.2', 'F90.8', 'F90.9']);
    expect(codes('adhd combined')).toEqual(['F90.2']);
  });

  it('finds bipolar disorder by the everyday word, and type II by its numeral', () => {
    // All 28 billable codes of F31 first, then the categories whose terms mention bipolar disorder.
    const bipolar = codes('bipolar', 40);
    expect(bipolar.slice(0, 28).every((code) => code.startsWith('F31.'))).toBe(true);
    expect(bipolar[28]).toBe('F25.0');
    expect(codes('bipolar ii')[0]).toBe('F31.81');
  });

  it('finds a code through an inclusion term, and shows the term', () => {
    expect(searchIcdCodes('panic attacks')[0]).toEqual({
      code: 'F41.0',
      description: 'Panic disorder [episodic paroxysmal anxiety]',
      billable: true,
      matched: 'Panic attack',
    });
    expect(searchIcdCodes('recurrent brief')[0]).toMatchObject({ code: 'F33.8', matched: 'Recurrent brief depressive episodes' });
    expect(searchIcdCodes('complicated grief')[0]).toMatchObject({ code: 'F43.81', matched: 'Complicated grief' });
  });

  it('finds a lay word written the everyday way, and a code its own name found says nothing more', () => {
    expect(searchIcdCodes('burnout')[0]).toEqual({ code: 'Z73.0', description: 'Burn-out', billable: true, matched: null });
    expect(searchIcdCodes('insomnia')[0]?.code).toBe('F51.01');
    expect(searchIcdCodes('insomnia')[0]?.code.startsWith('F51.0')).toBe(true);
  });

  it('offers headers only when asked, since a diagnosis needs a billable code', () => {
    expect(searchIcdCodes('F33').every((c) => c.billable)).toBe(true);
    expect(searchIcdCodes('F33', { includeHeaders: true })[0]).toEqual({
      code: 'F33',
      description: 'Major depressive disorder, recurrent',
      billable: false,
      matched: null,
    });
    expect(searchIcdCodes('recurrent depression').some((c) => !c.billable)).toBe(false);
  });

  it('answers nothing for nothing, and at most the limit', () => {
    expect(searchIcdCodes('   ')).toEqual([]);
    expect(searchIcdCodes('zzqx')).toEqual([]);
    expect(searchIcdCodes('disorder', { limit: 5 })).toHaveLength(5);
    // Text pasted in at length is searched by its first dozen words.
    expect(searchIcdCodes('recurrent depression '.repeat(40))[0]?.code.startsWith('F33.')).toBe(true);
  });
});
