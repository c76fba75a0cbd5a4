import { defineConfig, devices, type PlaywrightTestConfig } from "@playwright/test";
import { QA_TOKEN_HEADER } from "./app/security/qa-token.server";

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

/**
 * A QA run (ADR 042, README "QA"): E2E_BASE_URL names a Cruddur the suite did not start (`npm run dev`, a
 * stage, production). Then no web server and no database: only the journeys on the QA fixtures run
 * (tests/e2e/qa-fixtures.ts), on a phone and a desktop, with JavaScript on and off; the tests on the suite's
 * own fixtures are skipped, by name. Failures leave a trace and a screenshot, all of it an HTML report.
 */
const remote = process.env.E2E_BASE_URL;
if (process.env.npm_lifecycle_event === "test:qa" && !remote) throw new Error("npm run test:qa needs E2E_BASE_URL, the Cruddur to test (README, QA).");
const qaToken = process.env.QA_RATE_LIMIT_TOKEN;

const local: PlaywrightTestConfig = {
  use: { baseURL: `http://127.0.0.1:${E2E_PORT}`, trace: "retain-on-failure", launchOptions: chromium },
  // The journeys run in a QA run: `npm test` has them against a production build of their own (tests/support/qa-local-run.ts).
  testIgnore: "**/journeys.test.ts",
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
};

const qaRun: PlaywrightTestConfig = {
  globalTeardown: "./tests/e2e/qa-teardown.ts",
  // A deployed target answers over a real network, from a real Cognito: more room than the suite's own server.
  timeout: 60_000,
  reporter: [["list"], ["html", { outputFolder: "qa-report", open: "never" }]],
  use: {
    baseURL: remote,
    // The operator's QA token (never in production): the rate limits let the run's requests through.
    extraHTTPHeaders: qaToken ? { [QA_TOKEN_HEADER]: qaToken } : undefined,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromium,
  },
  projects: [
    { name: "desktop-js-on", use: { ...devices["Desktop Chrome"], launchOptions: chromium } },
    { name: "desktop-js-off", use: { ...devices["Desktop Chrome"], launchOptions: chromium, javaScriptEnabled: false } },
    { name: "phone-js-on", use: { ...devices["Pixel 7"], launchOptions: chromium } },
    { name: "phone-js-off", use: { ...devices["Pixel 7"], launchOptions: chromium, javaScriptEnabled: false } },
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
  reporter: [["list"]],
  timeout: 30_000,
  // An assertion waits for its condition up to 10 s (Playwright's default is 5): a sign-up's round trip to
  // Cognito and the Post Confirmation trigger took longer than 5 s on a loaded 2-core machine.
  expect: { timeout: 10_000 },
  // (after the shared settings: a QA run's own replace them)
  ...(remote ? qaRun : local),
});
