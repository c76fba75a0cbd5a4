// The deploy pipeline's smoke check (ADR 043): the canary's journey, once, from the GitHub runner, against the stage
// `cdk deploy` just updated (`npx tsx canary/smoke.ts`, .github/workflows/ci.yml). Exit 0 when a person can still
// sign in, post, see their crud, delete it and sign out; otherwise exit 1 with the failed step, a screenshot in
// .cache/smoke/, and how to roll back. Chromium as in the e2e suite: CHROMIUM_PATH, else @sparticuz/chromium's.
import { mkdirSync } from "node:fs";
import path from "node:path";
import bundledChromium from "@sparticuz/chromium";
import { chromium } from "@playwright/test";
import { SMOKE_ENVIRONMENT, SMOKE_OUTPUT_DIR } from "./credentials";
import { runJourney } from "./journey";

const ROLLBACK =
  "The release is deployed but this journey fails on it: roll back (docs/deploy.md#rollback): revert the commit on main and push, which deploys the previous release.";

function fail(message: string, { rollBack }: { rollBack: boolean }): never {
  // A workflow command: GitHub shows it as the job's error.
  console.log(`::error title=Smoke check failed::${message}${rollBack ? ` ${ROLLBACK}` : ""}`);
  process.exit(1);
}

const missing = Object.values(SMOKE_ENVIRONMENT).filter((name) => !process.env[name]);
if (missing.length > 0) fail(`${missing.join(", ")} not set (docs/deploy.md, "The canary").`, { rollBack: false });
const target = {
  baseUrl: process.env[SMOKE_ENVIRONMENT.baseUrl]!,
  email: process.env[SMOKE_ENVIRONMENT.email]!,
  password: process.env[SMOKE_ENVIRONMENT.password]!,
};

const executablePath = process.env.CHROMIUM_PATH ?? (await bundledChromium.executablePath());
const browser = await chromium.launch({ executablePath, args: process.env.CHROMIUM_PATH ? ["--no-sandbox"] : bundledChromium.args, headless: true });
const page = await browser.newPage();
page.setDefaultTimeout(30_000);
let current = "";
try {
  console.log(`Smoke check against ${target.baseUrl}`);
  await runJourney(page, target, async (name, body) => {
    current = name;
    const started = Date.now();
    await body();
    console.log(`  ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  });
} catch (error) {
  mkdirSync(SMOKE_OUTPUT_DIR, { recursive: true });
  const screenshot = path.join(SMOKE_OUTPUT_DIR, "failure.png");
  await page.screenshot({ path: screenshot, fullPage: true }).catch(() => undefined);
  await browser.close();
  // Playwright's first line says what timed out, its call log what it was waiting for.
  const lines = (error instanceof Error ? error.message : String(error)).split("\n");
  const reason = [
    lines[0],
    lines
      .find((line) => line.trim().startsWith("- waiting for"))
      ?.trim()
      .slice(2),
  ]
    .filter(Boolean)
    .join(": ");
  console.log(`  ✗ ${current}: ${reason} (screenshot: ${screenshot})`);
  fail(`step "${current}": ${reason}`, { rollBack: true });
}
await browser.close();
console.log("Smoke check passed.");
