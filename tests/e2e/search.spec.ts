/**
 * Ctrl/Cmd+K over what a clinician remembers of a patient: a surname typed without its apostrophe,
 * and the words of the treatment plan and its safety plan, each hit opening where the words are.
 */
import { SearchPalette } from './chart-pages';
import { expect, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';

const PASSPHRASE = 'quarry lantern seventy opal';
const siobhan: PatientDetails = { givenName: 'Siobhán', familyName: 'O’Brien', dateOfBirth: '1992-07-21', phone: '+44 20 7946 0777' };
const name = listedName(siobhan);

test('Ctrl+K finds O’Brien typed as “obrien”, and a safety plan’s words open the plan at its safety plan', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp(PASSPHRASE);
  const { id: patientId } = await seed.patient(siobhan);
  const plan = await seed.call('plans:create', { patientId });
  await seed.call('plans:saveDraft', {
    versionId: plan.current.id,
    version: plan.current.version,
    content: {
      ...plan.current.content,
      presentingProblems: 'Panic on the motorway since the collision in May.',
      safetyPlan: { ...plan.current.content.safetyPlan, copingStrategies: 'Walk the dog along the canal' },
    },
  });
  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);

  const palette = await SearchPalette.open(page);
  await palette.search('obrien');
  await expect(palette.results).toHaveCount(1);
  await expect(palette.result(name)).toContainText('Name');

  await palette.search('motorway');
  await expect(palette.result(name)).toContainText('In the treatment plan');
  await expect(palette.result(name).getByText('motorway', { exact: true })).toBeVisible();

  await palette.search('canal');
  await expect(palette.results).toHaveCount(1);
  await expect(palette.result(name)).toContainText('In the safety plan');
  await expect(palette.result(name)).toContainText('Walk the dog along the canal');
  await screenshot(page, 'search-safety-plan');
  await palette.openWithKeyboard(0);
  await expect(page).toHaveURL(new RegExp(`#/patients/${patientId}/plan\\?section=safety-plan$`));
  // The draft opens in its editor, on its safety plan, which holds the keyboard focus.
  await expect(page.getByRole('region', { name: 'Safety plan' })).toBeFocused();
  await expect(page.getByRole('region', { name: 'Safety plan' }).getByLabel('Things I can do on my own')).toHaveValue(
    'Walk the dog along the canal',
  );
});
