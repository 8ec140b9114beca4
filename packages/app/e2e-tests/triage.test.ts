import { expect, Page, test } from '@playwright/test';
import { keepScreenshot, signInAsGuest } from './support';

/**
 * Triage and runbooks on the running portal with the golden demo data. The guest user is
 * in team-payments, which owns payments-api, so the portal's policy lets them triage its
 * failures. The seed leaves BID-004 / TENANT-002 open past its classification deadline.
 */
const failure = 'BID-004/TENANT-002';

const clipboardText = (page: Page) =>
  page.evaluate(() => navigator.clipboard.readText());

test.beforeEach(async ({ context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: baseURL,
  });
});

test('an owner classifies an escalated failure, files its defect and records the link', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/payments-api/triage');
  await expect(
    page.getByRole('heading', { name: 'Triage queue' }),
  ).toBeVisible();
  // One row per failure; its details (facts and actions) open underneath it.
  const details = page.getByRole('button', { name: `Details of ${failure}` });
  const row = page.getByRole('row').filter({ has: details });
  await expect(row).toContainText('Unclassified too long');
  await expect(row).toContainText('Spans scenario classes');
  await details.click();
  const item = page.getByRole('region', { name: `Details of ${failure}` });

  // Classify it.
  await item.getByRole('button', { name: `Classify ${failure}` }).click();
  const classify = page.getByRole('dialog', { name: `Classify ${failure}` });
  await classify.getByRole('radio', { name: /Algorithm regression/ }).check();
  await classify
    .getByRole('button', { name: `Save classification of ${failure}` })
    .click();
  await expect(classify).toBeHidden();
  await expect(row).toContainText('Algorithm regression');
  await expect(row).not.toContainText('Unclassified too long');

  // File its defect: the rendered template, copied as Markdown, then the issue's link.
  await item
    .getByRole('button', { name: `File defect for ${failure}` })
    .click();
  const defect = page.getByRole('dialog');
  const markdown = defect.getByLabel('Defect Markdown');
  await expect(markdown).toContainText(
    'Integration failure: BID-004 / TENANT-002',
  );
  await expect(
    defect.getByRole('link', { name: 'Open issue in tracker' }),
  ).toHaveAttribute('href', /\/issues\/new\?/);
  await defect.getByRole('button', { name: 'Copy as Markdown' }).click();
  expect(await clipboardText(page)).toContain(
    'Integration failure: BID-004 / TENANT-002',
  );
  await keepScreenshot(page, testInfo, 'triage-defect');

  const issueUrl = `https://github.com/northwind/payments-api/issues/${
    Date.now() % 100000
  }`;
  await defect.getByRole('textbox', { name: 'Issue URL' }).fill(issueUrl);
  await defect
    .getByRole('button', { name: `Record defect link for ${failure}` })
    .click();
  await page.keyboard.press('Escape');
  await expect(defect).toBeHidden();
  await expect(row.locator(`a[href="${issueUrl}"]`)).toBeVisible();
  await expect(row).toContainText(/defect filed/i);
  await keepScreenshot(page, testInfo, 'triage-defect-recorded');
});

test('a failure links to its runbook section; a command is copied; the stale runbook warns', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/payments-api/triage');
  await page.getByRole('button', { name: `Details of ${failure}` }).click();
  const item = page.getByRole('region', { name: `Details of ${failure}` });
  await item
    .getByRole('link', { name: /Payments API integration triage/ })
    .click();

  await expect(page).toHaveURL(/\/runbooks\?runbook=integration-triage#/);
  await expect(page.getByRole('heading', { name: 'Runbooks' })).toBeVisible();
  await expect(
    page.getByRole('navigation', { name: 'Table of contents' }),
  ).toBeVisible();
  await expect(page.getByRole('alert').first()).toContainText(/review/i);

  const copy = page.getByRole('button', { name: 'Copy command' }).first();
  await copy.click();
  const command = await clipboardText(page);
  expect(command.trim().length).toBeGreaterThan(0);
  await expect(
    page.locator('pre', { hasText: command.trim() }).first(),
  ).toBeVisible();
  await keepScreenshot(page, testInfo, 'runbook');
});
