// The settings pages (ADR 022) in a real browser, JavaScript on and off: the account menu leads to
// them; sessions are listed and ended; preferences reach the composer and the hover titles (the zone
// suggested from the browser with JS); the password changes through cognito-local and signs the
// other browsers out; an account deleted end to end is gone, and its handle free.
import { type BrowserContext, type Page } from "@playwright/test";
import {
  type Account,
  confirmWithCode,
  crudBy,
  expect,
  newAccount,
  otherSession,
  PASSWORD,
  signInWithForm,
  signUpWithForm,
  statusMessage,
  test,
} from "./fixtures";
import { e2eQuery } from "../support/e2e-db";
import { asNewVisitor } from "../support/e2e-visitor";

const IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";

// Each test is a visitor of its own: the suite signs up more accounts than one IP may (ADR 012).
test.beforeEach(async ({ context }) => asNewVisitor(context));

const sessionCount = async (userId: string) => Number((await e2eQuery<{ n: string }>("SELECT count(*) AS n FROM sessions WHERE user_id = $1", [userId]))[0]!.n);

test("the account menu leads to the settings index, which leads to each page", async ({ page, signIn }) => {
  await signIn("settings");
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await nav.locator("summary").click();
  await nav.getByRole("link", { name: "Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
  const index = page.getByRole("navigation", { name: "Settings" });
  for (const name of ["Profile", "Sessions", "Password", "Preferences", "Blocked accounts", "Muted accounts", "Export your data", "Delete account"]) {
    await expect(index.getByRole("link", { name })).toBeVisible();
  }
  await index.getByRole("link", { name: "Sessions" }).click();
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await page.getByRole("link", { name: "← Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
});

test("sessions: this device is marked; sign out another browser, then everywhere else", async ({ page, signIn }) => {
  const user = await signIn("sessions");
  // Two other browsers of the same user: session rows with their User-Agent and network.
  await otherSession(user, { userAgent: IPHONE, ipPrefix: "198.51.100.0/24" });
  await otherSession(user, { userAgent: FIREFOX, ipPrefix: "2001:db8:42::/48" });
  await page.goto("/settings/sessions");
  const list = page.locator("ul.session-list");
  await expect(list.getByRole("listitem")).toHaveCount(3);
  await expect(list.getByRole("listitem").first()).toContainText("This device");
  const iphone = list.getByRole("listitem", { name: "Safari 17 on iOS 17.1" });
  await expect(iphone).toContainText("Network 198.51.100.0/24");

  await iphone.getByRole("button", { name: "Sign out" }).click();
  await expect(statusMessage(page)).toHaveText("Signed out 1 session.");
  await expect(page).toHaveURL(/\/settings\/sessions$/);
  await expect(iphone).toHaveCount(0);
  await expect(list.getByRole("listitem")).toHaveCount(2);
  expect(await sessionCount(user.id)).toBe(2);

  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(statusMessage(page)).toHaveText("Signed out 1 session.");
  await expect(page.getByText("You are not signed in anywhere else.")).toBeVisible();
  await expect(list.getByRole("listitem")).toHaveCount(1);
  expect(await sessionCount(user.id)).toBe(1);
  // This browser is still signed in.
  await page.goto("/settings");
  await expect(page.getByRole("heading", { name: "Settings", level: 1 })).toBeVisible();
});

test.describe("preferences", () => {
  // The browser's own zone: suggested with JavaScript, chosen by hand without.
  test.use({ timezoneId: "Asia/Tokyo" });

  test("the default lifetime is what the composer starts with; exact times are in the chosen zone", async ({ page, signIn }, testInfo) => {
    const jsOn = testInfo.project.name !== "js-off";
    const user = await signIn("prefs");
    await crudBy(user, { text: `timed crud of ${user.handle}`, createdAt: new Date("2026-07-01T23:30:00Z") });
    const card = page.locator("article.crud", { hasText: `timed crud of ${user.handle}` });
    await page.goto(`/@${user.handle}`);
    // Before a zone is saved: the browser's (JavaScript tells it, ADR 037), else UTC.
    await expect(card.locator("a.age")).toHaveAttribute("title", jsOn ? "2026-07-02 08:30 Asia/Tokyo" : "2026-07-01 23:30 UTC");
    await expect(page.locator("#crud-ttl")).toHaveValue("7-days");

    await page.goto("/settings/preferences");
    const zone = page.getByLabel("Time zone");
    if (jsOn) {
      await expect(page.getByText("Suggested from your browser: Asia/Tokyo.")).toBeVisible();
      await expect(zone).toHaveValue("Asia/Tokyo");
    } else {
      await expect(zone).toHaveValue("UTC");
      await zone.selectOption("Asia/Tokyo");
    }
    await page.getByLabel("Lifetime of new cruds").selectOption("1-hour");
    await page.getByRole("button", { name: "Save preferences" }).click();
    await expect(statusMessage(page)).toHaveText("Your preferences have been saved.");
    await expect(page).toHaveURL(/\/settings\/preferences$/);
    await expect(zone).toHaveValue("Asia/Tokyo");
    await expect(page.getByText("shown in this zone")).toBeVisible();

    await page.goto(`/@${user.handle}`);
    await expect(card.locator("a.age")).toHaveAttribute("title", "2026-07-02 08:30 Asia/Tokyo");
    await expect(page.locator("#crud-ttl")).toHaveValue("1-hour");
    // Posting without touching the select uses it.
    await page.getByLabel("What would you like to say?").fill(`short-lived by default ${user.handle}`);
    await page.getByRole("button", { name: "Crud", exact: true }).click();
    await expect(page.locator("article.crud", { hasText: `short-lived by default ${user.handle}` })).toBeVisible();
    const [posted] = await e2eQuery<{ seconds: number }>(
      "SELECT extract(epoch FROM expires_at - created_at)::int AS seconds FROM cruds WHERE user_id = $1 AND message LIKE 'short-lived%'",
      [user.id],
    );
    expect(posted?.seconds).toBe(3_600);
  });
});

// ---- With cognito-local --------------------------------------------------------------------

async function signUpAndSignIn(page: Page, account: Account, password = PASSWORD) {
  await signUpWithForm(page, account, password);
  await confirmWithCode(page, account.email);
  await signInWithForm(page, account.email, password);
  await expect(page).toHaveURL(/\/$/);
}

async function newBrowser(context: BrowserContext, jsOn: boolean) {
  const other = await context.browser()!.newContext({ javaScriptEnabled: jsOn });
  await asNewVisitor(other);
  return other;
}

test("change the password: a wrong current one is refused; the change signs the other browsers out", async ({ context, page }, testInfo) => {
  const jsOn = testInfo.project.name !== "js-off";
  const account = newAccount(testInfo.project.name, "set");
  await signUpAndSignIn(page, account);
  const otherContext = await newBrowser(context, jsOn);
  const other = await otherContext.newPage();
  await signInWithForm(other, account.email, PASSWORD);
  await expect(other).toHaveURL(/\/$/);

  await page.goto("/settings/password");
  const newPassword = "an even longer passphrase";
  await page.getByLabel("Current password").fill("not the password at all");
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.locator("#field-currentPassword-error")).toHaveText("That is not your current password.");
  await expect(page.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  await page.getByLabel("Current password").fill(PASSWORD);
  await page.getByLabel("New password", { exact: true }).fill(newPassword);
  await page.getByLabel("New password again").fill(newPassword);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(statusMessage(page)).toHaveText("Your password has been changed. Signed out 1 other session.");
  await expect(page).toHaveURL(/\/settings\/password$/);

  await other.goto("/settings/sessions");
  await expect(other).toHaveURL(/\/signin\?redirectTo=/);
  await signInWithForm(other, account.email, PASSWORD);
  await expect(other.getByRole("alert")).toHaveText("Incorrect email or password.");
  await signInWithForm(other, account.email, newPassword);
  await expect(other).toHaveURL(/\/settings\/sessions$/);
  await otherContext.close();
});

test("delete the account: password and handle again, then everything is gone and the handle is free", async ({ context, page }, testInfo) => {
  // A sign-up, a post, a second browser and the deletion: more than 30 s on a loaded machine.
  test.slow();
  const account = newAccount(testInfo.project.name, "set");
  await signUpAndSignIn(page, account);
  await page.getByLabel("What would you like to say?").fill(`last words of ${account.handle}`);
  await page.getByRole("button", { name: "Crud", exact: true }).click();
  await expect(page.locator("article.crud", { hasText: `last words of ${account.handle}` })).toBeVisible();

  await page.goto("/settings");
  await page.getByRole("link", { name: "Delete account" }).click();
  await expect(page.getByRole("heading", { name: "Delete account" })).toBeVisible();
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel(/Type your username/).fill("not my handle");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.locator("#field-confirmation-error")).toHaveText(`Type your username, ${account.handle}, to confirm.`);
  await expect(page.getByLabel(/Type your username/)).toHaveValue("not my handle");

  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByLabel(/Type your username/).fill(`@${account.handle}`);
  await page.getByRole("button", { name: "Delete my account" }).click();
  // Home, signed out, saying so.
  await expect(page).toHaveURL(/\/$/);
  await expect(statusMessage(page)).toHaveText("Your account has been deleted, with everything in it. Thank you for crudding.");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  expect(await e2eQuery("SELECT 1 FROM users WHERE handle = $1", [account.handle])).toEqual([]);
  expect(await e2eQuery("SELECT 1 FROM cruds WHERE message = $1", [`last words of ${account.handle}`])).toEqual([]);

  await page.goto(`/@${account.handle}`);
  await expect(page.getByText(`There is no user @${account.handle}`)).toBeVisible();
  await signInWithForm(page, account.email, PASSWORD);
  await expect(page.getByRole("alert")).toHaveText("Incorrect email or password.");
  // The handle and the email are free again.
  await context.clearCookies();
  await asNewVisitor(context);
  await signUpAndSignIn(page, account);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(`@${account.handle}`);
});
