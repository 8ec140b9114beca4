import { expect, Page, test } from '@playwright/test';

async function signInAsGuest(page: Page) {
  await page.goto('/');
  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();
  await expect(
    page
      .getByRole('navigation', { name: 'sidebar nav' })
      .getByRole('link', { name: 'Catalog', exact: true }),
  ).toBeVisible();
}

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

  const screenshot = testInfo.outputPath('hardening-tab.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  await testInfo.attach('hardening-tab', {
    path: screenshot,
    contentType: 'image/png',
  });
});
