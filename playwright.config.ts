import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests of the real portal in Debian's Chromium.
 *
 * Playwright starts the portal (`yarn start`: app on :3000, backend on :7007) unless
 * PLAYWRIGHT_URL points at one that is already running. Browsers are never downloaded:
 * CHROMIUM_PATH (default /usr/bin/chromium) is launched directly.
 */
const baseURL = process.env.PLAYWRIGHT_URL ?? 'http://localhost:3000';

export default defineConfig({
  testDir: 'packages/app/e2e-tests',
  timeout: 90_000,
  expect: { timeout: 30_000 },
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
    ['json', { outputFile: 'test-results/e2e-results.json' }],
  ],
  outputDir: 'test-results/e2e',
  webServer: process.env.PLAYWRIGHT_URL
    ? []
    : [
        {
          command: 'yarn start',
          url: 'http://localhost:3000',
          reuseExistingServer: !process.env.CI,
          timeout: 300_000,
          stdout: 'ignore',
          stderr: 'pipe',
        },
        {
          command: 'true',
          url: 'http://localhost:7007/api/hardening/health',
          reuseExistingServer: true,
          timeout: 300_000,
        },
      ],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [{ name: 'chromium' }],
});
