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

  // The current milestone of each entity, where it stands and why. identity-service's
  // M2.1 regressed when forged session tokens got a 200; payments-api's newest milestone
  // (M3.4 in the seed, or one the scaffolder test added) has no tag reported yet.
  const rowOf = (name: string) =>
    entities
      .getByRole('row')
      .filter({ has: page.getByRole('link', { name, exact: true }) });
  await expect(rowOf('identity-service')).toContainText(
    'M2.1RegressedRegressed on: Stress run within thresholds',
  );
  await expect(rowOf('payments-api')).toContainText(
    /Blocked by: .*Milestone tag reported/,
  );

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
  const header = lines[0].split(',');
  const payments = lines
    .find(l => l.startsWith('component:default/payments-api,'))!
    .split(',');
  expect(payments[header.indexOf('freeze_state')]).toBe('blocked');
  // The newest milestone of payments-api (M3.4 from the seed, or one another e2e test
  // defined) has no tag reported yet; the items are listed in checklist order.
  expect(payments[header.indexOf('failing_checklist_items')]).toMatch(
    /^([a-z0-9]+ )*tag$/,
  );
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

test('a component page shows its own scorecard: level, what it misses and its milestone', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/identity-service');
  await expect(
    page.getByRole('heading', { name: 'Hardening scorecard' }),
  ).toBeVisible();
  await expect(
    page.getByText('Regressed on: Stress run within thresholds'),
  ).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Compare with all entities' }),
  ).toBeVisible();
  await keepScreenshot(page, testInfo, 'entity-scorecard');
});
