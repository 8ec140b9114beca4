import AxeBuilder from '@axe-core/playwright';
import { expect, Page, test, TestInfo } from '@playwright/test';
import { keepScreenshot, signInAsGuest } from './support';

/**
 * payments-api at a glance, as a team lead meets it at 1440×900 in the light and the dark
 * theme (golden seed): the verdict line, the Freeze button of the blocked milestone
 * disabled with the blockers in its tooltip, one flaky figure with its window in every
 * view, and no chart text below 4.5:1 contrast (axe-core's color-contrast rule, scoped to
 * the Hardening charts). Screenshots of each view are kept, and the README shows them.
 */
const entityPage = '/catalog/default/component/payments-api';
const FLAKY_FIGURE = /(\d+) in the last 14 days/;

test.use({ viewport: { width: 1440, height: 900 } });

/** Chooses the theme the app starts in (the app keeps the choice in local storage). */
async function useTheme(page: Page, theme: 'light' | 'dark') {
  await page.addInitScript(id => {
    window.localStorage.setItem('theme', id);
  }, theme);
}

/** axe-core's color-contrast rule over the given parts of the page: no violation. */
async function expectContrast(
  page: Page,
  testInfo: TestInfo,
  selector: string,
) {
  const results = await new AxeBuilder({ page })
    .include(selector)
    .withRules(['color-contrast'])
    .analyze();
  await testInfo.attach(`axe-${selector}`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  expect(
    results.violations.flatMap(v => v.nodes.map(n => n.failureSummary)),
  ).toEqual([]);
}

/**
 * Keeps a full-page screenshot (CI artifact) and one of what the first screen shows at
 * 1440×900, `glance-<name>.png`, which the README shows.
 */
async function keepGlance(page: Page, testInfo: TestInfo, name: string) {
  await keepScreenshot(page, testInfo, name);
  await page.screenshot({ path: testInfo.outputPath(`glance-${name}.png`) });
}

async function openTab(page: Page, name: string) {
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name, exact: true })
    .click();
}

for (const theme of ['light', 'dark'] as const) {
  test(`payments-api at a glance, ${theme} theme`, async ({
    page,
  }, testInfo) => {
    test.setTimeout(180_000);
    await useTheme(page, theme);
    await signInAsGuest(page);

    // Overview: the milestone freeze card and the scorecard card above the fold.
    await page.goto(entityPage);
    const freezeCard = page.getByText('Milestone freeze', { exact: true });
    await expect(freezeCard).toBeVisible();
    await expect(freezeCard).toBeInViewport();
    const cardVerdict = page.getByRole('status', { name: 'Milestone verdict' });
    await expect(cardVerdict).toContainText(
      /M3\.4 blocked: \d of 5 checks failing/,
    );
    const scorecard = page.getByLabel('Triage and tests of payments-api');
    await expect(scorecard).toBeVisible();
    const cardFlaky = (await scorecard.textContent()) ?? '';
    const flaky = FLAKY_FIGURE.exec(cardFlaky)?.[1];
    expect(flaky, 'the scorecard card states the flaky window').toBeDefined();
    await keepGlance(page, testInfo, `overview-${theme}`);

    // Hardening tab: the verdict first, the blocked Freeze disabled with its blockers.
    await openTab(page, 'Hardening');
    const verdict = page.getByRole('status', { name: 'Milestone verdict' });
    await expect(verdict).toContainText(
      /M3\.4 blocked: \d of 5 checks failing/,
    );
    await expect(
      page.getByRole('heading', { level: 2, name: 'Release audit chain' }),
    ).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await expect(
      page.getByText(`Flaky tests: ${flaky} in the last 14 days`),
    ).toBeVisible();
    const blocked = page.getByRole('button', { name: 'Freeze M3.4' });
    await expect(blocked).toBeDisabled();
    await expect(blocked).toHaveAccessibleDescription(
      /Failing: .*Stress run within thresholds/,
    );
    await blocked.locator('..').hover();
    await expect(page.getByRole('tooltip')).toContainText(
      'Stress run within thresholds',
    );
    await keepGlance(page, testInfo, `hardening-${theme}`);
    await expectContrast(page, testInfo, 'figure');

    await openTab(page, 'Triage');
    await expect(
      page.getByRole('heading', { name: /Triage/ }).first(),
    ).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await keepGlance(page, testInfo, `triage-${theme}`);

    await openTab(page, 'Runbooks');
    await expect(
      page.getByRole('heading', { name: /Runbook/ }).first(),
    ).toBeVisible();
    await expect(page.getByRole('progressbar')).toHaveCount(0);
    await keepGlance(page, testInfo, `runbooks-${theme}`);

    // The scorecards page: its flaky figures (means over the teams' entities) are
    // counted by the same rule and say the same window.
    await page.goto('/hardening');
    await expect(
      page.getByRole('row').filter({ hasText: 'payments-api' }).first(),
    ).toBeVisible();
    await expect(page.getByText(FLAKY_FIGURE).first()).toBeVisible();
    await keepGlance(page, testInfo, `scorecards-${theme}`);
    await expectContrast(page, testInfo, 'figure');
  });
}
