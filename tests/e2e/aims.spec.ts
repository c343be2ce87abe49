/**
 * An AIMS examination end to end: the form refuses to save with items unrated (each marked beside
 * it), shows the total as the areas are rated, and once saved the history lists it with its total
 * and the screening flag beside an earlier examination, and charts both.
 */
import { AimsSection } from './aims-pages';
import { openPatientsFromNavigation } from './calendar-pages';
import { ChartScreen } from './chart-pages';
import { expect, screenshot, test } from './fixtures';
import { listedName, unlockSeededVault, type PatientDetails } from './pages';

const PASSPHRASE = 'willow quarry lantern hums';
const patient: PatientDetails = { givenName: 'Idris', familyName: 'Marchetti', dateOfBirth: '1971-05-22' };

test('an AIMS completed in the chart shows its total and the possible-TD flag in the history, beside the earlier one', async ({
  page,
  harness,
  practiceClock,
  seed,
}) => {
  await practiceClock.install(page, new Date('2026-03-11T15:00:00'));
  await seed.setUp(PASSPHRASE);
  const { id: patientId } = await seed.patient(patient);
  await seed.call('aims:record', {
    patientId,
    examination: {
      examinedOn: '2025-09-10',
      movements: [0, 1, 0, 1, 0, 0, 0],
      severity: 1,
      incapacitation: 0,
      awareness: 0,
      dentalProblems: false,
      wearsDentures: false,
      note: '',
      examinedBy: 'Dr Ana Reyes, MD',
    },
  });

  await unlockSeededVault(page, harness.url, seed, PASSPHRASE);
  await (await openPatientsFromNavigation(page)).open(listedName(patient));
  const chart = new ChartScreen(page);
  await chart.openTab('AIMS');
  const aims = new AimsSection(page);
  await expect(aims.history.getByRole('row')).toHaveCount(2);

  await aims.start();
  await aims.rate(1, 0);
  await aims.save();
  // Nothing saved; every unrated item says so beside it.
  await expect(aims.item(2)).toHaveAccessibleDescription('Choose a rating from 0 to 4');
  await expect(aims.item(11)).toHaveAccessibleDescription('Answer yes or no');
  await expect(aims.form.getByText('Choose a rating from 0 to 4')).toHaveCount(9);

  await aims.fill({
    movements: [0, 2, 1, 3, 0, 0, 0],
    severity: 2,
    incapacitation: 1,
    awareness: 2,
    dentalProblems: false,
    wearsDentures: true,
    examinedBy: 'Dr Ana Reyes, MD',
    note: 'Tongue protrusion on finger tapping; ‏مراجعة‏ in 3 months',
  });
  await expect(aims.form.getByRole('status')).toContainText('Total, items 1–7 6 of 28');
  await expect(aims.form.getByRole('status')).toContainText('Possible TD — reassess');
  await screenshot(page, 'aims-form');
  await aims.save();

  await expect(page.getByText('AIMS of 11 Mar 2026 recorded: total 6 of 28 · Possible TD — reassess.')).toBeVisible();
  const rows = aims.history.getByRole('row');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(1)).toContainText('11 Mar 2026');
  await expect(rows.nth(1)).toContainText('6 / 28');
  await expect(rows.nth(1)).toContainText('Possible TD — reassess');
  await expect(rows.nth(1)).toContainText('Items 1–7: 0 2 1 3 0 0 0');
  await expect(rows.nth(2)).toContainText('2 / 28');
  await expect(rows.nth(2)).toContainText('Below threshold');
  await expect(page.locator('.aims-chart .recharts-line-curve')).toBeVisible();
  await screenshot(page, 'aims-history');
});
