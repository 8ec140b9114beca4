import { APIRequestContext, expect, Page, TestInfo } from '@playwright/test';

/** The portal's backend (the e2e runs start it on :7007). */
export const backend =
  process.env.PLAYWRIGHT_BACKEND_URL ?? 'http://localhost:7007';

/** Signs in through the guest provider and waits for the sidebar. */
export async function signInAsGuest(page: Page) {
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

/** Takes a full-page screenshot and attaches it to the test's report (kept as a CI artifact). */
export async function keepScreenshot(
  page: Page,
  testInfo: TestInfo,
  name: string,
) {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/**
 * A Backstage token of the guest user, as the app gets it when you press Enter, once the
 * catalog knows the guest is in team-payments (right after start-up it may not yet, and
 * the token would then carry no group).
 */
export async function guestToken(request: APIRequestContext): Promise<string> {
  let token = '';
  await expect
    .poll(
      async () => {
        const res = await request.get(
          new URL('/api/auth/guest/refresh', backend).toString(),
          { headers: { 'x-requested-with': 'XMLHttpRequest' } },
        );
        if (res.status() !== 200) return [];
        const { backstageIdentity } = await res.json();
        token = backstageIdentity.token;
        return backstageIdentity.identity.ownershipEntityRefs;
      },
      { timeout: 90_000, intervals: [2_000] },
    )
    .toContain('group:default/team-payments');
  return token;
}
