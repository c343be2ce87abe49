/** The Today view as a person finds it: its groups by heading, each line by what it says. */
import { expect, type Locator, type Page } from '@playwright/test';

export type TodayGroup = 'Sessions' | 'Item-9 answers to acknowledge' | 'Unsigned notes' | 'Attendance to record';

export class TodayScreen {
  readonly heading: Locator;

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { level: 1, name: 'Today' });
  }

  static async open(page: Page): Promise<TodayScreen> {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Today' }).click();
    const today = new TodayScreen(page);
    await expect(today.heading).toBeVisible();
    return today;
  }

  /** A group: a region named by its heading ("Unsigned notes (1)"). */
  group(name: TodayGroup): Locator {
    return this.page.getByRole('region', { name: new RegExp(`^${name.replace(/[()]/g, '\\$&')}( \\(\\d+\\))?$`) });
  }

  /** The lines of a group, each a link or a button. */
  lines(name: TodayGroup): Locator {
    return this.group(name)
      .getByRole('listitem')
      .filter({ has: this.page.locator('.today__line') });
  }

  /** The line of a group that mentions this text, as the link or button that opens it. */
  line(name: TodayGroup, text: string | RegExp): Locator {
    return this.group(name).locator('.today__line').filter({ hasText: text });
  }
}
