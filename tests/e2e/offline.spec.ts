import { expect, test } from './fixtures';

// The offline guard itself must be able to fail: a page that reaches past 127.0.0.1 fails its test.
test.fail('a request beyond 127.0.0.1 fails the test that made it', async ({ page, harness }) => {
  await page.goto(harness.url);
  const navigation = await page.goto('http://192.0.2.10/').then(
    () => 'loaded',
    (error: unknown) => String(error),
  );
  expect(navigation).toContain('ERR_BLOCKED_BY_CLIENT');
});
