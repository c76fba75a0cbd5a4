// The canary's journey (canary/journey.ts, ADR 043), exactly as CloudWatch Synthetics and the deploy pipeline run
// it, against the suite's production build: a change to a label the canary relies on fails here, not in AWS.
// The account is made as a person makes one (the sign-up form, the emailed code); the journey then knows only
// its email and password, like the canary. JavaScript on only: the canary's Chromium runs the page's script.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { JOURNEY_STEPS, runJourney, type StepRunner } from "../../canary/journey";
import { confirmWithCode, expect, newAccount, PASSWORD, signUpWithForm, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";
import { asNewVisitor } from "../support/e2e-visitor";

test.beforeEach(async ({ context }, testInfo) => {
  test.skip(testInfo.project.use.javaScriptEnabled === false, "the canary's browser runs JavaScript");
  await asNewVisitor(context);
});

/** test.step, recording the names the journey gave its steps. */
function recordedSteps(): { ran: string[]; step: StepRunner } {
  const ran: string[] = [];
  return { ran, step: (name, body) => (ran.push(name), test.step(name, body)) };
}

test("the canary's journey: sign in, post a 1-hour crud, see it on Following, delete it, sign out; nothing is left", async ({ page, baseURL }, testInfo) => {
  const account = newAccount(testInfo.project.name, "canary");
  await signUpWithForm(page, account);
  await confirmWithCode(page, account.email);

  const { ran, step } = recordedSteps();
  const text = await runJourney(page, { baseUrl: baseURL!, email: account.email, password: PASSWORD }, step);
  expect(ran).toEqual([...JOURNEY_STEPS]);
  expect(await e2eQuery("SELECT 1 FROM cruds WHERE message = $1", [text])).toHaveLength(0);
  expect(await e2eQuery("SELECT 1 FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = $1", [account.email])).toHaveLength(0);
});

test("the pipeline's smoke check runs the journey and fails at the refused step, with a screenshot and how to roll back", async ({ baseURL }) => {
  rmSync(".cache/smoke", { recursive: true, force: true });
  const smoke = spawnSync(process.execPath, ["--import", "tsx", "canary/smoke.ts"], {
    encoding: "utf8",
    env: { ...process.env, E2E_BASE_URL: baseURL!, CRUDDUR_SMOKE_EMAIL: "nobody-canary@example.com", CRUDDUR_SMOKE_PASSWORD: "not a password of anyone's" },
    timeout: 60_000,
  });
  expect(smoke.status).toBe(1);
  expect(smoke.stdout).toContain('::error title=Smoke check failed::step "sign in": sign-in refused: Incorrect email or password. ');
  expect(smoke.stdout).toContain("roll back (docs/deploy.md#rollback)");
  expect(existsSync(".cache/smoke/failure.png")).toBe(true);
});
