import { existsSync } from 'node:fs';
import path from 'node:path';
import { assessPassphrase } from '../../shared/passphrase';
import { expect, printedText, screenshot, test } from './fixtures';
import { addPatient, listedName, PatientsPage, RecoverySheetPage, SetupPage, UnlockPage, type PatientDetails } from './pages';

// It prints: in the full browser, as the app's window prints (printing-specs.ts).

const WEAK = 'password1234';
const STRONG = 'copper lantern orbit meadow';

const first: PatientDetails = {
  givenName: 'Harriet',
  familyName: 'Okonkwo-Lindqvist',
  preferredName: 'Hattie',
  dateOfBirth: '1984-03-17',
  phone: '+44 20 7946 0123',
  email: 'h.okonkwo@example.org',
};
const second: PatientDetails = { givenName: 'Tobias', familyName: 'Abernethy', dateOfBirth: '1999-11-02' };

test(
  'a psychiatrist sets up the vault, keeps two patients through a lock, and archives one',
  { tag: '@journey' },
  async ({ page, harness }) => {
    await page.goto(harness.url);

    await test.step('a weak passphrase is refused with its reason, and nothing is written', async () => {
      const setup = new SetupPage(page);
      await expect(setup.heading).toBeVisible();
      await screenshot(page, 'setup');
      await setup.choosePassphrase(WEAK);
      const reason = assessPassphrase(WEAK).reason;
      expect(reason).not.toBe('');
      await expect(setup.passphrase).toHaveAttribute('aria-invalid', 'true');
      // The reason stands beside the field, and the strength meter says it too once its dictionary has loaded.
      await expect(page.getByText(reason).first()).toBeVisible();
      await expect(setup.strength).toHaveAttribute('aria-valuetext', /weak/i);
      await screenshot(page, 'setup-weak-passphrase');
      expect(existsSync(path.join(harness.dataDir, 'alliance.keys.json'))).toBe(false);
    });

    const sheet = new RecoverySheetPage(page);
    let recoveryCode = '';
    let keyPragma = '';
    await test.step('a strong passphrase leads to the recovery sheet, which prints with the code and the key line', async () => {
      await new SetupPage(page).choosePassphrase(STRONG);
      await expect(sheet.heading).toBeVisible();
      recoveryCode = await sheet.recoveryCode();
      expect(recoveryCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){7}$/);
      keyPragma = await sheet.keyPragma();
      await screenshot(page, 'recovery-sheet');

      await sheet.print();
      const printed = await printedText(page);
      // pdftotext breaks lines where the paper does and drops a dash at a line's end; compare the characters.
      const compact = printed.replace(/\s/g, '');
      expect(compact.replace(/-/g, '')).toContain(recoveryCode.replace(/-/g, ''));
      expect(printed).toContain(`PRAGMA key = "x'`);
      expect(compact).toContain(keyPragma.replace(/\s/g, ''));
      // The buttons and the confirmation are for the screen, not the paper.
      expect(printed).not.toContain('Open Alliance');
    });

    let patients = new PatientsPage(page);
    await test.step('Alliance opens only after the sheet is confirmed', async () => {
      await expect(sheet.openButton).toBeDisabled();
      await sheet.confirmKeptAndOpen();
      await expect(page.getByRole('heading', { level: 1, name: 'Today' })).toBeVisible();
      patients = await patients.openPatients();
      await expect(patients.emptyState).toBeVisible();
      await screenshot(page, 'patients-empty');
      expect(existsSync(path.join(harness.dataDir, 'alliance.keys.json'))).toBe(true);
    });

    await test.step('two patients are added and listed', async () => {
      const form = await patients.addPatient();
      await form.fill(first);
      await screenshot(page, 'patient-form');
      const record = await form.save(first);
      await expect(record.details).toContainText('Hattie');
      await expect(record.details).toContainText('h.okonkwo@example.org');
      await screenshot(page, 'patient');
      patients = await record.backToPatients();
      patients = await addPatient(patients, second);
      await patients.expectNames([listedName(second), listedName(first)]);
      await screenshot(page, 'patients');
    });

    const unlock = new UnlockPage(page);
    await test.step('the Lock button locks, and a wrong passphrase says so plainly', async () => {
      await patients.lock();
      await screenshot(page, 'unlock');
      await unlock.unlock('copper lantern orbit meadows');
      await expect(unlock.passphrase).toHaveAccessibleDescription('That passphrase is not right. Nothing was changed.');
      await expect(unlock.heading).toBeVisible();
      await screenshot(page, 'unlock-wrong-passphrase');
    });

    await test.step('the right passphrase opens the list with both patients still there', async () => {
      await unlock.unlock(STRONG);
      await expect(patients.heading).toBeVisible();
      await expect(patients.table).toBeVisible();
      await patients.expectNames([listedName(second), listedName(first)]);
    });

    await test.step('an archived patient leaves the list and comes back with "Show archived"', async () => {
      const record = await patients.open(listedName(second));
      await page.getByRole('button', { name: 'Archive', exact: true }).click();
      await screenshot(page, 'archive-dialog');
      await page.getByRole('dialog', { name: 'Archive this patient?' }).getByRole('button', { name: 'Cancel' }).click();
      await record.archive();
      await expect(page.getByText(/^Archived on /)).toBeVisible();
      patients = await record.backToPatients();
      await patients.expectNames([listedName(first)]);
      await patients.showArchived.check();
      await expect(patients.row(listedName(second))).toContainText('Archived');
      await patients.expectNames([listedName(second), listedName(first)]);
      await screenshot(page, 'patients-with-archived');
    });
  },
);
