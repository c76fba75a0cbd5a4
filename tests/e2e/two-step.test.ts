// The sign-in's second step (ADR 039), JavaScript on and off: an account with an authenticator app
// signs in with its password and then a code; a wrong code, a replayed one and a sixth try are each
// refused with a message. TOTP is turned on through Cognito's API (fixtures' turnOnTotp).
import AxeBuilder from "@axe-core/playwright";
import { confirmWithCode, expect, newAccount, signInWithForm, signUpWithForm, statusMessage, test, turnOnTotp } from "./fixtures";
import { asNewVisitor } from "../support/e2e-visitor";
import { wrongCode } from "../support/totp";

// Each test is a visitor of its own: the suite signs up more accounts than one IP may (ADR 012).
test.beforeEach(async ({ context }) => asNewVisitor(context));

async function accountWithTotp(page: Parameters<typeof signUpWithForm>[0], project: string) {
  const account = newAccount(project, "mfa");
  await signUpWithForm(page, account);
  await confirmWithCode(page, account.email);
  return { account, app: await turnOnTotp(account.email) };
}

/** axe on the code page (as tests/e2e/accessibility.test.ts does on every page): no WCAG 2.1 A/AA violation. */
async function expectAccessible(page: Parameters<typeof signUpWithForm>[0]) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(results.violations).toEqual([]);
}

const codeField = (page: Parameters<typeof signUpWithForm>[0]) => page.getByLabel("Code from your authenticator app");

test("signs in with the password and then the code from the authenticator app", async ({ page }, testInfo) => {
  const { account, app } = await accountWithTotp(page, testInfo.project.name);
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/signin\/code$/);
  await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
  // Neither the email nor the password is in the page.
  expect(await page.content()).not.toContain(account.email);
  await expectAccessible(page);
  await codeField(page).fill(app.code());
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(account.name);
});

test("a wrong code, a replayed code and a sixth try are refused with a message", async ({ page }, testInfo) => {
  const { account, app } = await accountWithTotp(page, testInfo.project.name);
  const nav = page.getByRole("navigation", { name: "Main" });

  // Signed in once with a code…
  await signInWithForm(page, account.email);
  const used = app.code();
  await codeField(page).fill(used);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(nav).toContainText(account.name);
  await nav.locator("summary").click();
  await nav.getByRole("button", { name: "Sign out" }).click();
  await expect(nav).not.toContainText(account.name);

  // …that code again is a replay.
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/signin\/code$/);
  await codeField(page).fill(used);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByText("That code has already been used. Wait for your authenticator app to show the next one.")).toBeVisible();

  // Wrong codes: the 5th (the replay was the 1st) ends the sign-in; a sixth, even right, is refused.
  const wrong = wrongCode(app);
  for (let attempt = 2; attempt <= 5; attempt++) {
    await codeField(page).fill(wrong);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByText("That code is not right. Check your authenticator app and try again.")).toBeVisible();
    if (attempt === 2) await expectAccessible(page);
  }
  await expect(page.getByText("That sign-in has ended after 5 wrong codes. Sign in again with your password.")).toBeVisible();
  await codeField(page).fill(app.code(Date.now() + 30_000));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toHaveText("That sign-in has ended after 5 wrong codes. Sign in again with your password.");
  await expect(nav).not.toContainText(account.name);

  // "Start again" goes back to the password.
  await page.getByRole("button", { name: "Start again" }).click();
  await expect(page).toHaveURL(/\/signin$/);
});

test("the code page without a sign-in in progress sends the visitor back with a message", async ({ page }) => {
  await page.goto("/signin/code");
  await expect(page).toHaveURL(/\/signin$/);
  await expect(statusMessage(page)).toHaveText("That sign-in has ended: it waits 3 minutes for the code. Sign in again with your password.");
});
