import { expect, test } from '@playwright/test';
import { keepScreenshot, signInAsGuest } from './support';

/**
 * The "Add a stress test" template run from the portal's Create page, writing to a local
 * folder and creating a Hardening milestone for the chosen service.
 */

test('the "Add a stress test" template writes the files and creates the milestone', async ({
  page,
}, testInfo) => {
  const milestoneId = `M9.${Date.now() % 100000}`;
  await signInAsGuest(page);
  await page.goto('/create');
  await expect(
    page.getByRole('heading', { name: 'Add a stress test' }),
  ).toBeVisible();
  await page.goto('/create/templates/default/hardening-add-stress-test');

  // Step 1: service and feature.
  const service = page.getByRole('textbox', { name: 'Service' });
  await service.fill('payments-api');
  await page
    .getByRole('option', { name: /payments-api/ })
    .first()
    .click();
  await page.getByRole('textbox', { name: /Feature name/ }).fill('share-pack');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 2: the phases and thresholds keep their defaults.
  await expect(
    page.getByRole('spinbutton', { name: /Requests in the happy phase/ }),
  ).toHaveValue('50');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 3: a milestone with the template's thresholds.
  await page
    .getByRole('checkbox', { name: /Create a Hardening milestone/ })
    .check();
  await page.getByRole('textbox', { name: /Milestone id/ }).fill(milestoneId);
  await page
    .getByRole('textbox', { name: /Milestone title/ })
    .fill('Share packs under stress');
  await page.getByRole('button', { name: 'Next' }).click();

  // Step 4: output to a local folder (the default), then review and create.
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  await expect(page.getByText('Files written').first()).toBeVisible({
    timeout: 60_000,
  });
  await expect(page.getByText(/stress-share-pack/).first()).toBeVisible();
  await keepScreenshot(page, testInfo, 'scaffolder-task');

  // The milestone is on the service's Hardening tab, with the template's p95 limit.
  await page.goto('/catalog/default/component/payments-api/hardening');
  const milestone = page.getByRole('article', {
    name: `${milestoneId} · Share packs under stress`,
  });
  await expect(milestone).toBeVisible();
  await expect(milestone).toContainText('p95 ≤ 500 ms');
});
