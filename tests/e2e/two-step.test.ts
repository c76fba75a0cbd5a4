// Two-step sign-in (ADR 039, 041), JavaScript on and off: set up on Settings → Security from the key the
// page shows (the test's authenticator computes the codes), recovery codes shown once and downloadable,
// sign-in with the password and then a code or a recovery code (which turns the app off and is spent),
// turned off with the password and a code; a wrong code, a replayed one and a sixth try are each refused
// with a message. The sign-in tests turn TOTP on through Cognito's API (fixtures' turnOnTotp).
import { readFile } from "node:fs/promises";
import { axeResults } from "./axe";
import type { Page } from "@playwright/test";
import { confirmWithCode, expect, newAccount, signInWithForm, signUpWithForm, statusMessage, test, turnOnTotp } from "./fixtures";
import { asNewVisitor } from "../support/e2e-visitor";
import { authenticator, codesOnce, wrongCode } from "../support/totp";

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
  const results = await axeResults(page);
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
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(account.name);
});

test("a wrong code, a replayed code and a sixth try are refused with a message", async ({ page }, testInfo) => {
  // A sign-up, two sign-ins and six codes: more than 30 s on a loaded machine.
  test.slow();
  const { account, app } = await accountWithTotp(page, testInfo.project.name);
  const nav = page.getByRole("navigation", { name: "Main" });

  // Signed in once with a code…
  await signInWithForm(page, account.email);
  const used = app.code();
  await codeField(page).fill(used);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(nav).toContainText(account.name);
  await nav.locator("summary").click();
  await nav.getByRole("button", { name: "Sign out" }).click();
  await expect(nav).not.toContainText(account.name);

  // …that code again is a replay.
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/signin\/code$/);
  await codeField(page).fill(used);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("That code has already been used. Wait for your authenticator app to show the next one.")).toBeVisible();

  // Wrong codes: the 5th (the replay was the 1st) ends the sign-in; a sixth, even right, is refused.
  const wrong = wrongCode(app);
  for (let attempt = 2; attempt <= 5; attempt++) {
    await codeField(page).fill(wrong);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.getByText("That code is not right. Check your authenticator app and try again.")).toBeVisible();
    if (attempt === 2) await expectAccessible(page);
  }
  await expect(page.getByText("That sign-in has ended after 5 wrong codes. Sign in again with your password.")).toBeVisible();
  await codeField(page).fill(app.code(Date.now() + 30_000));
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
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

/** Settings → Security: the set-up from the password to the recovery codes (read as shown): the app and the codes. */
async function setUpAuthenticator(page: Page, { wrongFirst = false } = {}) {
  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { name: "Two-step sign-in is off" })).toBeVisible();
  await page.getByLabel("Password").fill("correct horse battery");
  await page.getByRole("button", { name: "Set up an authenticator app" }).click();
  await expect(statusMessage(page)).toHaveText("Scan the QR code with your authenticator app, then enter the code it shows.");
  await expect(page.getByRole("img", { name: "QR code for your authenticator app" })).toBeVisible();
  await expectAccessible(page);
  // What a person types into their app by hand: the key, shown in groups of four.
  const key = (await page.getByText(/^(?:[A-Z2-7]{4} ?)+$/).textContent())!.replaceAll(" ", "");
  const app = authenticator(key);
  if (wrongFirst) {
    await page.getByLabel("Code the app shows").fill(wrongCode(app));
    await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
    await expect(page.getByText("That code is not right. Check your authenticator app and try again.")).toBeVisible();
  }
  const nextCode = codesOnce(app);
  await page.getByLabel("Code the app shows").fill(await nextCode());
  await page.getByRole("button", { name: "Turn on two-step sign-in" }).click();
  await expect(page.getByRole("heading", { name: "Save your recovery codes" })).toBeVisible();
  const codes = await page
    .getByRole("list")
    .filter({ hasText: /^([a-z2-9]{5}-[a-z2-9]{5})+$/ })
    .getByRole("listitem")
    .allTextContents();
  expect(codes).toHaveLength(10);
  return { app, nextCode, codes };
}

async function signOut(page: Page, name: string) {
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.locator("summary").click();
  await nav.getByRole("button", { name: "Sign out" }).click();
  await expect(nav).not.toContainText(name);
}

test("turns on in Settings → Security, signs in with a code or a recovery code, and turns off with the password and a code", async ({ page }, testInfo) => {
  test.slow();
  const account = newAccount(testInfo.project.name, "sec");
  await signUpWithForm(page, account);
  await confirmWithCode(page, account.email);
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/$/);

  // On: a wrong first code changes nothing; the right one shows the codes once, downloadable as text.
  const { nextCode, codes } = await setUpAuthenticator(page, { wrongFirst: true });
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Download as text" }).click()]);
  expect(download.suggestedFilename()).toBe("cruddur-recovery-codes.txt");
  const text = await readFile((await download.path())!, "utf8");
  for (const code of codes) expect(text).toContain(code);
  await page.getByRole("link", { name: "I have saved them" }).click();
  await expect(page.getByRole("heading", { name: "Two-step sign-in is on" })).toBeVisible();
  await expect(page.getByText("10 of 10 recovery codes left.")).toBeVisible();
  for (const code of codes) await expect(page.getByText(code)).toHaveCount(0);

  // Signing in asks for the code now.
  await signOut(page, account.name);
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/signin\/code$/);
  await codeField(page).fill(await nextCode());
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  // Lost phone: a recovery code signs in and turns the app off; Settings → Security asks to set it up again.
  await signOut(page, account.name);
  await signInWithForm(page, account.email);
  await page.getByText("Lost your phone? Use a recovery code instead").click();
  await page.getByLabel("Recovery code").fill(codes[0]!.toUpperCase());
  await page.getByRole("button", { name: "Sign in with recovery code" }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(statusMessage(page)).toHaveText(
    "You signed in with a recovery code, so two-step sign-in is now off. Set it up again below to keep your account safe.",
  );
  await expect(page.getByText(/It was turned off when you signed in with a recovery code/)).toBeVisible();

  // Off in Cognito too: the password alone signs in.
  await signOut(page, account.name);
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/$/);

  // Set up again: the spent code (and the rest of the old set) no longer signs in.
  const again = await setUpAuthenticator(page);
  await signOut(page, account.name);
  await signInWithForm(page, account.email);
  await page.getByText("Lost your phone? Use a recovery code instead").click();
  await page.getByLabel("Recovery code").fill(codes[0]!);
  await page.getByRole("button", { name: "Sign in with recovery code" }).click();
  await expect(page.getByText("That recovery code is not right, or has been used. Check it and try again.")).toBeVisible();
  await codeField(page).fill(await again.nextCode());
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/$/);

  // Off: the password and a current code (a wrong code first: refused, still on).
  await page.goto("/settings/security");
  await page.getByLabel("Password").fill("correct horse battery");
  await codeField(page).fill(wrongCode(again.app));
  await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
  await expect(page.getByText("That code is not right. Check your authenticator app and try again.")).toBeVisible();
  await expectAccessible(page);
  await page.getByLabel("Password").fill("correct horse battery");
  await codeField(page).fill(await again.nextCode());
  await page.getByRole("button", { name: "Turn off two-step sign-in" }).click();
  await expect(statusMessage(page)).toHaveText("Two-step sign-in is off.");
  await expect(page.getByRole("heading", { name: "Two-step sign-in is off" })).toBeVisible();
});
