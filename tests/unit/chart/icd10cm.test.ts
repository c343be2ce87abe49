import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ICD10CM_MODULE_PATH, ICD10CM_TSV_PATH, icd10cmModule } from '../../../build/generate-icd10cm';
import { icdCodeCount, lookupIcdCode, searchIcdCodes } from '../../../shared/icd10cm';

describe('the ICD-10-CM list', () => {
  it('is the shipped TSV, unchanged, with its 1,418 codes', () => {
    expect(readFileSync(ICD10CM_MODULE_PATH, 'utf8')).toBe(icd10cmModule(readFileSync(ICD10CM_TSV_PATH, 'utf8')));
    expect(icdCodeCount()).toBe(1418);
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

  it('finds codes by their beginning, the most general first', () => {
    expect(searchIcdCodes('F41').map((c) => c.code)).toEqual(['F41.0', 'F41.1', 'F41.3', 'F41.8', 'F41.9']);
    expect(searchIcdCodes('f43.1').map((c) => c.code)).toEqual(['F43.10', 'F43.11', 'F43.12']);
  });

  it('finds codes by the beginnings of words in the description', () => {
    const recurrent = searchIcdCodes('major depr recurrent moder');
    expect(recurrent[0]?.code).toBe('F33.1');
    expect(searchIcdCodes('generalized anxiety')[0]?.code).toBe('F41.1');
  });

  it('understands the abbreviations clinicians type', () => {
    expect(searchIcdCodes('ptsd').map((c) => c.code)).toContain('F43.10');
    expect(searchIcdCodes('adhd combined').map((c) => c.code)).toEqual(['F90.2']);
    expect(searchIcdCodes('gad')[0]?.code).toBe('F41.1');
  });

  it('offers headers only when asked, since a diagnosis needs a billable code', () => {
    expect(searchIcdCodes('F33').every((c) => c.billable)).toBe(true);
    expect(searchIcdCodes('F33', { includeHeaders: true })[0]).toEqual({
      code: 'F33',
      description: 'Major depressive disorder, recurrent',
      billable: false,
    });
  });

  it('answers nothing for nothing, and at most the limit', () => {
    expect(searchIcdCodes('   ')).toEqual([]);
    expect(searchIcdCodes('disorder', { limit: 5 })).toHaveLength(5);
  });
});
