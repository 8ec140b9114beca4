import { expect, test } from '@playwright/test';
import { keepScreenshot, signInAsGuest } from './support';
import { readFile } from 'node:fs/promises';

/** The team scorecards page and the group card on the running portal (golden demo data). */

test('the Hardening page ranks teams, filters by system and exports CSV', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page
    .getByRole('navigation', { name: 'sidebar nav' })
    .getByRole('link', { name: 'Hardening', exact: true })
    .click();
  await expect(page).toHaveURL(/\/hardening$/);
  await expect(
    page.getByRole('heading', { name: 'Hardening scorecards' }),
  ).toBeVisible();

  const ranking = page.getByRole('table', { name: 'Team ranking' });
  await expect(ranking.getByRole('link', { name: 'Payments' })).toBeVisible();
  const teamRows = ranking.getByRole('row');
  expect(await teamRows.count()).toBeGreaterThanOrEqual(6); // header + 5 teams

  const entities = page.getByRole('table', { name: 'Entity scorecards' });
  await expect(
    entities.getByRole('link', { name: 'payments-api' }),
  ).toBeVisible();
  await expect(
    entities.getByRole('link', { name: 'auth-gateway' }),
  ).toBeVisible();

  // Only the payments system's services remain.
  await page.getByRole('combobox', { name: 'System' }).selectOption('payments');
  await expect(
    entities.getByRole('link', { name: 'auth-gateway' }),
  ).toHaveCount(0);
  await expect(
    entities.getByRole('link', { name: 'payments-api' }),
  ).toBeVisible();

  await keepScreenshot(page, testInfo, 'scorecards');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download CSV' }).click(),
  ]);
  const csv = await readFile(await download.path(), 'utf8');
  const lines = csv.trim().split(/\r?\n/);
  expect(lines.length).toBeGreaterThan(1);
  expect(csv).toContain('component:default/payments-api');
  expect(csv).not.toContain('component:default/auth-gateway');
});

test('a group page shows the team scorecard rolled up from its entities', async ({
  page,
}) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/group/team-payments');
  await expect(
    page.getByRole('heading', { name: 'Hardening scorecard' }),
  ).toBeVisible();
  const levels = page.getByRole('list', {
    name: 'Level distribution of Payments',
  });
  await expect(levels.getByRole('listitem')).toHaveCount(4);
  await expect(page.getByText(/3 entities: 3 owned by Payments/)).toBeVisible();
});
