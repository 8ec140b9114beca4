import { expect, test } from '@playwright/test';
import { keepScreenshot, signInAsGuest } from './support';

/**
 * The release transparency log on the Hardening tab of payments-api (golden seed): the
 * browser checks the latest checkpoint's signature, then every entry shown against it with
 * an inclusion proof whose leaf hash it computes from the entry itself; on the next visit
 * it checks that the log only grew since the checkpoint it saw (a consistency proof).
 */
const servicePage = '/catalog/default/component/payments-api/hardening';

test('the Hardening tab verifies the release chain entries against the signed checkpoint in the browser', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page.goto(servicePage);
  const checkpoint = page.getByRole('group', { name: 'Latest checkpoint' });
  await expect(
    checkpoint.getByRole('heading', { name: 'Transparency log' }),
  ).toBeVisible();
  await expect(checkpoint).toContainText(
    'Checkpoint signature verified in your browser',
  );
  const sizeText = await checkpoint
    .locator('dt:has-text("Size") + dd')
    .innerText();
  const size = Number(/^(\d+)/.exec(sizeText)?.[1]);
  expect(size).toBeGreaterThan(0);

  const timeline = page.getByRole('list', {
    name: 'Release audit chain timeline',
  });
  const verified = timeline.getByText(
    `Included in checkpoint ${size} · verified in your browser`,
  );
  await expect(verified.first()).toBeVisible();
  const entries = await timeline.getByRole('listitem').count();
  await expect(verified).toHaveCount(Math.min(entries, size));
  await expect(timeline.getByText(/^Not included/)).toHaveCount(0);
  await checkpoint.scrollIntoViewIfNeeded();
  await keepScreenshot(page, testInfo, 'transparency-log-verified');

  // The browser kept the checkpoint it verified: the next visit checks the log grew from it.
  await page.reload();
  await expect(
    page.getByRole('group', { name: 'Latest checkpoint' }),
  ).toContainText(`Consistent with the checkpoint you saw`);
});
