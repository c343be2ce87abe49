import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanContent } from '../../../shared/plan';
import type { SearchResult } from '../../../shared/search';
import { snippetOf } from '../../../electron/features/search/repository';
import { openTempVault, patientInput, setUp, type TempVault } from '../support/temp-vault';

let vault: TempVault;
const ids: Record<string, string> = {};

async function addPatient(key: string, overrides: Parameters<typeof patientInput>[0]) {
  ids[key] = (await vault.call('patients:create', { patient: patientInput({ email: '', ...overrides }) })).id;
}

async function addNote(patient: string, text: string, serviceDate: string) {
  const note = await vault.call('notes:create', { patientId: ids[patient]!, template: 'free-text', session: null, serviceDate });
  await vault.call('notes:saveDraft', { id: note.id, version: 1, fields: { text }, serviceDate });
}

const find = (text: string, limit = 12) => vault.call('search:query', { text, limit });
const names = (results: SearchResult[]) => results.map((result) => result.name);

beforeAll(async () => {
  vault = await openTempVault({ now: () => Date.parse('2026-03-10T12:00:00.000Z') });
  await setUp(vault);
  await addPatient('maren', { givenName: 'Maren', familyName: 'Holloway', dateOfBirth: '1984-06-12', phone: '+1 555 010 2030' });
  await addPatient('ann', { givenName: 'Ann', familyName: 'Quist', dateOfBirth: '1990-01-02', phone: '' });
  await addPatient('anna', { givenName: 'Anna', familyName: 'Brightwater', dateOfBirth: '1971-11-30', phone: '020 7946 0018' });
  await addPatient('annabel', {
    givenName: 'Annabel',
    familyName: 'Annandale',
    preferredName: 'Bel',
    dateOfBirth: '2001-09-09',
    phone: '',
  });
  await addPatient('zoe', { givenName: 'Zoë', familyName: 'Lefèvre', dateOfBirth: '1988-03-04', phone: '' });
  await addPatient('tomas', { givenName: 'Tomas', familyName: 'Lindqvist', dateOfBirth: '1979-12-01', phone: '' });
  await addPatient('archived', { givenName: 'Annika', familyName: 'Old', dateOfBirth: '1950-05-05', phone: '' });
  const archived = await vault.call('patients:get', { id: ids.archived! });
  await vault.call('patients:archive', { id: archived.id, version: archived.version });

  await addNote('tomas', 'Discussed lithium levels and a fine tremor. Spoke about Holloway Road, where he works.', '2026-01-10');
  await addNote('zoe', 'Started lithium carbonate 400 mg at night for bipolar depression.', '2026-02-20');
  await addNote('ann', '<img src=x onerror=alert(1)> panic attacks on the underground; avoidance growing.', '2026-03-01');
});

afterAll(async () => {
  await vault.dispose();
});

describe('finding a patient from anywhere', () => {
  it('finds by family name, given name, preferred name, chart number, date of birth and phone, saying how', async () => {
    expect((await find('hollo'))[0]).toMatchObject({
      name: 'Holloway, Maren',
      matchedOn: 'name',
      chartNumber: 1,
      dateOfBirth: '1984-06-12',
    });
    expect((await find('maren'))[0]).toMatchObject({ name: 'Holloway, Maren', matchedOn: 'name' });
    expect(await find('bel')).toMatchObject([{ name: 'Annandale, Annabel (Bel)', matchedOn: 'preferred name' }]);
    expect(await find('1984-06-12')).toMatchObject([{ name: 'Holloway, Maren', matchedOn: 'date of birth' }]);
    expect(await find('12/06/1984')).toMatchObject([{ name: 'Holloway, Maren', matchedOn: 'date of birth' }]);
    expect(await find('6/12/1984')).toMatchObject([{ name: 'Holloway, Maren', matchedOn: 'date of birth' }]);
    expect(await find('555 0102')).toMatchObject([{ name: 'Holloway, Maren', matchedOn: 'phone' }]);
    expect(await find('2030')).toMatchObject([{ name: 'Holloway, Maren', matchedOn: 'phone' }]);
    expect(await find('7946')).toMatchObject([{ name: 'Brightwater, Anna', matchedOn: 'phone' }]);
    const chart = (await find(String((await vault.call('patients:get', { id: ids.tomas! })).chartNumber))).filter(
      (r) => r.matchedOn === 'chart number',
    );
    expect(names(chart)).toEqual(['Lindqvist, Tomas']);
  });

  it('finds a name typed without its accents, and two words of a name in either order', async () => {
    expect(names(await find('zoe lefevre'))).toEqual(['Lefèvre, Zoë']);
    expect(names(await find('lefèvre zoë'))).toEqual(['Lefèvre, Zoë']);
  });

  it('puts a whole name before the start of a longer one, and archived patients last', async () => {
    expect(names(await find('ann'))).toEqual(['Quist, Ann', 'Annandale, Annabel (Bel)', 'Brightwater, Anna', 'Old, Annika']);
    expect((await find('ann')).map((r) => r.archived)).toEqual([false, false, false, true]);
    expect(names(await find('anna'))).toEqual(['Brightwater, Anna', 'Annandale, Annabel (Bel)']);
  });

  it('finds patients through the words of their notes, after those found by name, newest note first, with the words around the match', async () => {
    const lithium = await find('lithium');
    expect(names(lithium)).toEqual(['Lefèvre, Zoë', 'Lindqvist, Tomas']);
    expect(lithium[0]).toMatchObject({ matchedOn: 'note', note: { serviceDate: '2026-02-20' } });
    expect(lithium[0]?.note?.snippet).toEqual([
      { text: 'Started ', match: false },
      { text: 'lithium', match: true },
      { text: ' carbonate 400 mg at night for bipolar depression.', match: false },
    ]);
    // "Holloway" is Maren's name and also words in Tomas's note: the name comes first.
    expect((await find('holloway')).map((r) => [r.name, r.matchedOn])).toEqual([
      ['Holloway, Maren', 'name'],
      ['Lindqvist, Tomas', 'note'],
    ]);
    // Two finished words and one being typed, anywhere in the note.
    expect(names(await find('tremor lithium lev'))).toEqual(['Lindqvist, Tomas']);
  });

  it('keeps finding a note at every keystroke of a word, and treats every word typed as a beginning', async () => {
    for (const typed of ['car', 'carb', 'carbo', 'carbon', 'carbona', 'carbonat', 'carbonate']) {
      expect(names(await find(typed)), typed).toContain('Lefèvre, Zoë');
    }
    expect(names(await find('lith carb'))).toEqual(['Lefèvre, Zoë']);
    expect(names(await find('avoid undergr'))).toEqual(['Quist, Ann']);
    // A beginning no word of any note has finds nothing, quickly.
    expect(await find('zzzq')).toEqual([]);
  });

  it('shows a note’s markup as the characters it is', async () => {
    const [panic] = await find('panic');
    expect(panic?.name).toBe('Quist, Ann');
    expect(panic?.note?.snippet.map((part) => part.text).join('')).toBe(
      '<img src=x onerror=alert(1)> panic attacks on the underground; avoidance growing.',
    );
  });

  it('answers nothing for nothing, and treats the search language’s own symbols as plain characters', async () => {
    expect(await find('')).toEqual([]);
    expect(await find('  ,.; ')).toEqual([]);
    for (const text of ['"', 'AND', 'NEAR(lithium', 'lith*', '-lithium', 'col:lithium', '^lithium', 'a OR b']) {
      await expect(find(text), text).resolves.toBeInstanceOf(Array);
    }
    expect(names(await find('"lithium"'))).toEqual(['Lefèvre, Zoë', 'Lindqvist, Tomas']);
  });

  it('keeps to the limit', async () => {
    expect(await find('a', 2)).toHaveLength(2);
  });

  it('follows changes: a renamed patient is found by the new name only, a discarded draft no longer', async () => {
    const tomas = await vault.call('patients:get', { id: ids.tomas! });
    await vault.call('patients:update', {
      id: tomas.id,
      version: tomas.version,
      patient: patientInput({ givenName: 'Tomas', familyName: 'Lindgren', email: '', dateOfBirth: '1979-12-01', phone: '' }),
    });
    expect(names(await find('lindqvist'))).toEqual([]);
    expect(names(await find('lindgren'))).toEqual(['Lindgren, Tomas']);
    const note = await vault.call('notes:create', { patientId: ids.maren!, template: 'free-text', session: null, serviceDate: null });
    await vault.call('notes:saveDraft', {
      id: note.id,
      version: 1,
      fields: { text: 'Quetiapine discussed' },
      serviceDate: note.serviceDate,
    });
    expect(names(await find('quetiapine'))).toEqual(['Holloway, Maren']);
    await vault.call('notes:discardDraft', { id: note.id, version: 2 });
    expect(await find('quetiapine')).toEqual([]);
  });
});

describe('the words around a match', () => {
  it('takes a few words before and more after, and marks each matching word', () => {
    const text =
      'one two three four five six seven eight nine lithium ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo twentythree';
    const snippet = snippetOf([text], ['lithium']);
    expect(snippet.map((part) => part.text).join('')).toBe(
      '… four five six seven eight nine lithium ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty twentyone twentytwo …',
    );
    expect(snippet.filter((part) => part.match).map((part) => part.text)).toEqual(['lithium']);
  });
});

describe('finding a name however it is typed, and the words of a treatment plan', () => {
  beforeAll(async () => {
    await addPatient('siobhan', { givenName: 'Siobhán', familyName: 'O’Brien', dateOfBirth: '1992-07-21', phone: '' });
    await addPatient('mary', { givenName: 'Mary-Kate', familyName: 'Ffoulkes-Dwyer', dateOfBirth: '1965-02-14', phone: '' });
    await addPatient('soren', { givenName: 'Søren', familyName: 'Kierkegård', dateOfBirth: '1983-05-05', phone: '' });
  });

  it('finds O’Brien typed without its apostrophe, with a space, with a straight or a curly one', async () => {
    for (const typed of ['obrien', 'OBrien', 'obri', 'o brien', "o'brien", 'O’Brien', 'brien', 'siobhan obrien']) {
      expect(await find(typed), typed).toMatchObject([{ name: 'O’Brien, Siobhán', matchedOn: 'name' }]);
    }
  });

  it('finds hyphenated names run together, and letters a keyboard may lack spelled out', async () => {
    expect(await find('ffoulkesdwyer')).toMatchObject([{ name: 'Ffoulkes-Dwyer, Mary-Kate', matchedOn: 'name' }]);
    expect(await find('dwyer marykate')).toMatchObject([{ name: 'Ffoulkes-Dwyer, Mary-Kate', matchedOn: 'name' }]);
    expect(await find('soren kierkegard')).toMatchObject([{ name: 'Kierkegård, Søren', matchedOn: 'name' }]);
    expect(names(await find('zoe'))).toEqual(['Lefèvre, Zoë']);
  });

  it('finds a patient by the words of the plan, and by those of the safety plan, saying which', async () => {
    const created = await vault.call('plans:create', { patientId: ids.siobhan! });
    const content: PlanContent = {
      ...created.current.content,
      presentingProblems: 'Panic on the motorway since the collision in May.',
      goals: [
        {
          id: '4b0e8a6e-1c1d-4d7e-9f43-0a8f2a3f0a11',
          patientWords: 'Drive to my sister’s house in Galway again',
          formulation: 'Graded exposure to driving',
          objectives: [
            {
              id: '4b0e8a6e-1c1d-4d7e-9f43-0a8f2a3f0a12',
              description: 'Drives the ring road twice a week',
              measure: 'Driving diary',
              targetDate: '2026-06-01',
              status: 'not-started',
            },
          ],
        },
      ],
      safetyPlan: {
        ...created.current.content.safetyPlan,
        warningSigns: 'Pacing the kitchen at night, not answering the phone',
        copingStrategies: 'Walk the dog along the canal',
      },
    };
    await vault.call('plans:saveDraft', { versionId: created.current.id, version: created.current.version, content });

    const motorway = await find('motorway');
    expect(motorway).toMatchObject([{ name: 'O’Brien, Siobhán', matchedOn: 'plan', note: null, plan: { section: 'plan' } }]);
    expect(motorway[0]?.plan?.snippet).toEqual([
      { text: 'Panic on the ', match: false },
      { text: 'motorway', match: true },
      { text: ' since the collision in May.', match: false },
    ]);
    expect(await find('galway sister')).toMatchObject([{ matchedOn: 'plan', plan: { section: 'plan' } }]);
    expect(await find('ring road')).toMatchObject([{ matchedOn: 'plan', plan: { section: 'plan' } }]);
    const canal = await find('canal');
    expect(canal).toMatchObject([{ name: 'O’Brien, Siobhán', matchedOn: 'safety plan', plan: { section: 'safety-plan' } }]);
    expect(canal[0]?.plan?.snippet.filter((part) => part.match).map((part) => part.text)).toEqual(['canal']);
    expect(await find('kitchen pacing')).toMatchObject([{ matchedOn: 'safety plan', plan: { section: 'safety-plan' } }]);
    // Found by name, the patient is listed once, by name.
    expect(await find('obrien')).toMatchObject([{ matchedOn: 'name', plan: null }]);
  });

  it('follows the plan as it is written: words taken out are no longer found, a revision’s new words are', async () => {
    const plan = (await vault.call('plans:forPatient', { patientId: ids.siobhan! }))!;
    const content = { ...plan.current.content, presentingProblems: 'Panic when driving since the collision in May.' };
    await vault.call('plans:saveDraft', { versionId: plan.current.id, version: plan.current.version, content });
    expect(await find('motorway')).toEqual([]);
    expect(await find('driving collision')).toMatchObject([{ name: 'O’Brien, Siobhán', matchedOn: 'plan' }]);
  });
});
