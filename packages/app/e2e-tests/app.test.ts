import { expect, test } from '@playwright/test';
import { keepScreenshot, signInAsGuest } from './support';

test('a guest signs in and sees the demo catalog', async ({ page }) => {
  await signInAsGuest(page);
  await expect(page.getByRole('link', { name: 'payments-api' })).toBeVisible();
});

test('a component page has a Hardening tab backed by the Hardening backend', async ({
  page,
}, testInfo) => {
  await signInAsGuest(page);
  await page.goto('/catalog/default/component/payments-api');
  await expect(
    page.getByRole('heading', { name: 'payments-api' }),
  ).toBeVisible();

  const tab = page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'Hardening', exact: true });
  await expect(tab).toBeVisible();
  await tab.click();

  await expect(page).toHaveURL(
    /\/catalog\/default\/component\/payments-api\/hardening/,
  );
  await expect(page.getByText('component:default/payments-api')).toBeVisible();
  await expect(page.getByText(/database schema \d{14}/)).toBeVisible();

  await keepScreenshot(page, testInfo, 'hardening-tab');
});
