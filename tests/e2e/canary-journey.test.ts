// The canary's journey (canary/journey.ts, ADR 043), exactly as CloudWatch Synthetics and the deploy pipeline run
// it, against the suite's production build: a change to a label the canary relies on fails here, not in AWS.
// The account is made as a person makes one (the sign-up form, the emailed code); the journey then knows only
// its email and password, like the canary. JavaScript on only: the canary's Chromium runs the page's script.
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

test("a refused sign-in fails the journey at its first step, saying why", async ({ page, baseURL }) => {
  const { ran, step } = recordedSteps();
  const seeded = "andrew@exampro.co";
  await expect(runJourney(page, { baseUrl: baseURL!, email: seeded, password: "not the canary's password" }, step)).rejects.toThrow(
    "sign-in refused: Incorrect email or password.",
  );
  expect(ran).toEqual([JOURNEY_STEPS[0]]);
});
