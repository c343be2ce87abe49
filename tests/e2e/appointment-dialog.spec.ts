import { expect, screenshot, test } from './fixtures';
import { CalendarScreen } from './calendar-pages';

// A laptop's short window: with the repeat choices open the dialog scrolls, and the patient box with it.
test.use({ viewport: { width: 1280, height: 640 } });

test('the patient box shows its suggestions when the booking dialog has scrolled down to the repeat choices', async ({
  page,
  harness,
  seed,
}) => {
  await seed.setUp('granite willow echoes sideways');
  await seed.patient({ givenName: 'Ottoline', familyName: 'Brisbane-Hale', dateOfBirth: '1971-03-14' });
  await page.goto(harness.url);
  const calendar = await CalendarScreen.open(page);
  const form = await calendar.newAppointment();
  await page.keyboard.press('Tab');
  await form.dialog.getByRole('group', { name: 'Repeat' }).getByRole('combobox').selectOption({ label: 'Every few weeks' });
  await form.dialog.getByRole('radio', { name: 'On a date' }).check();
  const box = form.dialog.getByRole('combobox', { name: 'Patient' });
  // As a person does: into the box (which brings it whole into view), then the letters, one by one.
  await box.click();
  await box.clear();
  await box.pressSequentially('Bris', { delay: 30 });
  await screenshot(page, 'appointment-patient-in-tall-dialog');
  await expect(form.dialog.getByRole('option', { name: /Brisbane-Hale, Ottoline/ })).toBeVisible();
});
