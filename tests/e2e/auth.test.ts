import { confirmWithCode, expect, newAccount, PASSWORD, setSuspended, signInWithForm, signUpWithForm, statusMessage, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";
import { latestCode } from "../support/e2e-cognito";
import { asNewVisitor } from "../support/e2e-visitor";

// Each test is a visitor of its own: the suite signs up more accounts than one IP may (ADR 012).
test.beforeEach(async ({ context }) => asNewVisitor(context));

test("sign up, confirm with the emailed code, sign in, see my name, sign out", async ({ page }, testInfo) => {
  const account = newAccount(testInfo.project.name);
  await signUpWithForm(page, account);
  await confirmWithCode(page, account.email);

  // The Post Confirmation Lambda created the row, through cognito-local, as in AWS.
  const [row] = await e2eQuery<{ display_name: string; email: string }>("SELECT display_name, email FROM users WHERE handle = $1", [account.handle]);
  expect(row).toEqual({ display_name: account.name, email: account.email });

  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav).toContainText(account.name);
  await expect(nav).toContainText(`@${account.handle}`);

  // GET /signout changes nothing.
  await page.goto("/signout");
  await expect(nav).toContainText(account.name);

  await nav.locator("summary").click();
  await nav.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Say it, and let it expire" })).toBeVisible();
  await expect(nav).not.toContainText(account.name);
  const [sessions] = await e2eQuery<{ count: string }>("SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.handle = $1", [
    account.handle,
  ]);
  expect(Number(sessions?.count)).toBe(0);
});

test("a wrong password gets one generic message", async ({ page }) => {
  await page.goto("/signin");
  await signInWithForm(page, "andrew@exampro.co", "not the password at all");
  await expect(page.getByRole("alert")).toHaveText("Incorrect email or password.");
  const response = await page.request.post("/signin", { form: { email: "nobody@example.com", password: "whatever it is" } });
  expect(response.status()).toBe(401);
});

test("signing in before confirming leads to the confirm page, then in", async ({ page }, testInfo) => {
  const account = newAccount(testInfo.project.name);
  await signUpWithForm(page, account);
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/confirm\?email=[^&]*$/);
  await expect(statusMessage(page)).toHaveText("Your account is not confirmed yet. Enter the code we emailed you.");
  await page.getByRole("button", { name: "Resend code" }).click();
  await expect(statusMessage(page)).toHaveText("We sent you a new code.");
  await confirmWithCode(page, account.email);
  await signInWithForm(page, account.email);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(account.name);
});

test("forgot password: code, new password, sign in with it", async ({ page }, testInfo) => {
  const account = newAccount(testInfo.project.name);
  await signUpWithForm(page, account);
  const signUpCode = await latestCode(account.email);
  await confirmWithCode(page, account.email);

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await expect(page.getByRole("heading", { name: "Reset your password" })).toBeVisible();
  await page.getByLabel("Email").fill(account.email);
  await page.getByRole("button", { name: "Send me a code" }).click();
  await expect(page).toHaveURL(/step=sent/);
  await expect(statusMessage(page)).toHaveText("If an account exists for that email, we emailed it a 6-digit code. Enter it with a new password.");
  const newPassword = "a brand new passphrase";
  await page.getByLabel("Code").fill(await latestCode(account.email, signUpCode));
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("Confirm new password").fill(newPassword);
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByRole("heading", { name: "Your password has been reset" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).first().click();

  await signInWithForm(page, account.email, PASSWORD);
  await expect(page.getByRole("alert")).toHaveText("Incorrect email or password.");
  await signInWithForm(page, account.email, newPassword);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(account.name);
  // The reset fired the Post Confirmation trigger again; still exactly one row.
  const rows = await e2eQuery("SELECT 1 FROM users WHERE email = $1", [account.email]);
  expect(rows).toHaveLength(1);
});

test("an off-site redirectTo is ignored; a same-site one is followed", async ({ page }, testInfo) => {
  const account = newAccount(testInfo.project.name);
  await signUpWithForm(page, account);
  await confirmWithCode(page, account.email);
  await page.goto("/signin?redirectTo=//evil.example/steal");
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/$/);

  await page.getByRole("navigation", { name: "Main" }).locator("summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Say it, and let it expire" })).toBeVisible();
  await page.goto("/signin?redirectTo=%2F%40bayko");
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/@bayko$/);
});

test.describe("sign-up problems are explained on the page and create nothing", () => {
  test("a taken username, a malformed one, a weak password, a listed one", async ({ page }, testInfo) => {
    const account = newAccount(testInfo.project.name);
    await page.goto("/signup");
    await page.getByLabel("Name", { exact: true }).fill(account.name);
    await page.getByLabel("Email").fill(account.email);
    await page.getByLabel("Username").fill("AndrewBrown");
    await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.locator("#field-handle-error")).toHaveText("@andrewbrown is taken. Try another username.");
    await expect(page.getByLabel("Email")).toHaveValue(account.email);
    // A password on the list attackers try first (ADR 038): the reason beside the field.
    await page.getByLabel("Username").fill(account.handle);
    await page.getByLabel("Password", { exact: true }).fill("Password1234");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.locator("#field-password-error")).toHaveText("This password is on a list of passwords attackers try first. Choose another.");
    await expect(page.getByLabel("Username")).toHaveValue(account.handle);

    const weak = await page.request.post("/signup", { form: { ...account, password: "short" } });
    expect(weak.status()).toBe(400);
    expect(await weak.text()).toContain("Use at least 12 characters");
    const malformed = await page.request.post("/signup", { form: { ...account, handle: "no spaces!", password: PASSWORD } });
    expect(malformed.status()).toBe(400);
    expect(await malformed.text()).toContain("3–20 characters: letters, digits and _");
    expect(await e2eQuery("SELECT 1 FROM users WHERE email = $1", [account.email])).toHaveLength(0);
  });
});

test("a suspended account cannot sign in, and can again once unsuspended", async ({ page }, testInfo) => {
  const account = newAccount(testInfo.project.name);
  await signUpWithForm(page, account);
  await confirmWithCode(page, account.email);
  // A moderator's Suspend (ADR 019), as its one statement leaves the row.
  await setSuspended(account, true);

  await signInWithForm(page, account.email);
  await expect(page.getByRole("alert")).toContainText("This account has been suspended");
  await expect(page).toHaveURL(/\/signin/);
  await expect(page.getByRole("navigation", { name: "Main" })).not.toContainText(account.name);

  await setSuspended(account, false);
  await signInWithForm(page, account.email);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(account.name);
});
