import { defineConfig, devices } from "@playwright/test";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3100);

/**
 * CHROMIUM_PATH when set (e.g. Debian's /usr/bin/chromium), else the Chromium inside the npm package
 * @sparticuz/chromium, which tests/e2e/global-setup.ts unpacks and names here: no apt step, and never
 * a downloaded browser (ADR 003).
 */
const chromium = {
  executablePath: process.env.CHROMIUM_PATH,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
  ],
};

export default defineConfig({
  testDir: "./tests/e2e",
  testMatch: "**/*.test.ts",
  globalSetup: "./tests/e2e/global-setup.ts",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 30_000,
  // An assertion waits for its condition up to 10 s (Playwright's default is 5): a sign-up's round trip to
  // Cognito and the Post Confirmation trigger took longer than 5 s on a loaded 2-core machine.
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${E2E_PORT}`,
    trace: "retain-on-failure",
    launchOptions: chromium,
  },
  projects: [
    { name: "js-on", use: { ...devices["Desktop Chrome"], launchOptions: chromium } },
    { name: "js-off", use: { ...devices["Desktop Chrome"], launchOptions: chromium, javaScriptEnabled: false } },
  ],
  webServer: {
    // The production build against a fresh, seeded PostgreSQL database (tests/e2e/server.ts).
    command: "node --import tsx tests/e2e/server.ts",
    url: `http://127.0.0.1:${E2E_PORT}/api/health-check`,
    reuseExistingServer: !process.env.CI,
    timeout: 120_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
