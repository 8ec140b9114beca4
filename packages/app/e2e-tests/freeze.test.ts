import { expect, Page, test } from '@playwright/test';
import { keepScreenshot, signInAsGuest } from './support';

/**
 * The milestone freeze on the running portal with the golden demo data: the guest user is
 * in team-payments, which owns payments-api, so the portal's policy lets them freeze its
 * milestones. The seed gives payments-api M3.3.1 (every checklist item green) and M3.4
 * (blocked: its p95 limit is below every seeded stress run, and no tag was reported).
 * A blocked milestone's Freeze button is disabled, naming the failing checks; the
 * backend's refusal (when the evidence changed after the page loaded) is covered by the
 * plugin's msw tests.
 */
const servicePage = '/catalog/default/component/payments-api/hardening';

async function attemptFreeze(page: Page, milestoneId: string) {
  await page.getByRole('button', { name: `Freeze ${milestoneId}` }).click();
  const dialog = page.getByRole('dialog', { name: `Freeze ${milestoneId}?` });
  await expect(dialog).toBeVisible();
  await dialog
    .getByRole('button', { name: `Confirm freeze of ${milestoneId}` })
    .click();
  await expect(dialog).toBeHidden();
}

test('an owner sees the verdict and the checklists, cannot freeze a blocked milestone and freezes a ready one', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/payments-api');
  await expect(
    page.getByRole('heading', { name: 'payments-api' }),
  ).toBeVisible();
  // Timed from the click on the tab in the loaded app, as a user meets it.
  const started = Date.now();
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Hardening', exact: true })
    .click();
  await expect(page).toHaveURL(new RegExp(`${servicePage}$`));
  await expect(page.getByRole('heading', { name: 'Milestones' })).toBeVisible();
  const ready = page.getByRole('status', {
    name: 'M3.3.1 freeze status: Ready to freeze',
  });
  await expect(ready).toBeVisible();
  // "Usable": the checklists are shown and the evidence sections have loaded.
  for (const heading of [
    'Test reports',
    'CI gates',
    'Delivery contract',
    'Stress runs',
    'Production validation',
    'Release audit chain',
  ]) {
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
  }
  await expect(page.getByRole('progressbar')).toHaveCount(0);
  const usableMs = Date.now() - started;
  // A figure the issue asks to print (yarn bench:tab greps it), not to assert.
  // eslint-disable-next-line no-console
  console.log(`Hardening tab usable after ${usableMs} ms`);
  testInfo.annotations.push({
    type: 'figure',
    description: `Hardening tab usable after ${usableMs} ms`,
  });

  await expect(
    page.getByRole('status', { name: 'M3.4 freeze status: Blocked' }),
  ).toBeVisible();
  await expect(
    page.getByRole('status', { name: 'M3.2 freeze status: Frozen' }),
  ).toBeVisible();
  // The verdict first: the milestone being worked on, then the others needing someone.
  const verdict = page.getByRole('status', { name: 'Milestone verdict' });
  await expect(verdict).toContainText(/M3\.4 blocked: \d of 5 checks failing/);
  await expect(verdict).toContainText('M3.3.1 ready to freeze');
  // Every check of M3.3.1 passes: one folded line, opened on demand.
  const checklist = page.getByRole('list', {
    name: 'Freeze checklist of M3.3.1',
  });
  await expect(
    checklist.getByRole('listitem', { name: 'All 5 checks pass' }),
  ).toBeVisible();
  await expect(
    checklist.getByRole('listitem', { name: /failed$/ }),
  ).toHaveCount(0);
  await keepScreenshot(page, testInfo, 'hardening-tab-checklists');

  // The blocked milestone: Freeze is disabled, and says which checks block it.
  const blockedFreeze = page.getByRole('button', { name: 'Freeze M3.4' });
  await expect(blockedFreeze).toBeDisabled();
  await expect(blockedFreeze).toHaveAccessibleDescription(
    /Failing: .*Stress run within thresholds/,
  );
  await blockedFreeze.locator('..').hover();
  await expect(page.getByRole('tooltip')).toContainText(
    'Stress run within thresholds',
  );
  await keepScreenshot(page, testInfo, 'freeze-blocked');

  // The ready one freezes, with its tag and the release chain entry recorded.
  await attemptFreeze(page, 'M3.3.1');
  const recorded = page.getByRole('status', {
    name: 'Freeze of M3.3.1 recorded',
  });
  await expect(recorded).toBeVisible();
  await expect(recorded).toContainText('milestone/m3.3.1-hardened');
  await expect(recorded).toContainText(/[0-9a-f]{12}/);
  await expect(
    page.getByRole('status', { name: 'M3.3.1 freeze status: Frozen' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Freeze M3.3.1' })).toHaveCount(
    0,
  );
  await keepScreenshot(page, testInfo, 'freeze-recorded');

  // The release chain shows the freeze as the portal's own entry, for the guest's request.
  await page.reload();
  const timeline = page.getByRole('list', {
    name: 'Release audit chain timeline',
  });
  const freezeEntry = timeline
    .getByRole('listitem', { name: /: freeze$/ })
    .filter({ hasText: 'milestone/m3.3.1-hardened' });
  await expect(freezeEntry).toContainText(
    'Written by the portal, requested by guest',
  );
});
