// The journeys a person makes, on any running Cruddur (ADR 042): `npm run test:qa` with E2E_BASE_URL runs
// them against a server the suite did not start (`npm run dev`, a stage, production), and `npm test` against a
// production build it starts apart (tests/support/qa-local-run.ts). No database, no emulator's files: accounts
// from the user pool, everything else through the pages by their visible labels, and every account deleted
// through its own settings at the end. Tagged @remote; @smoke marks the few that `npm test` and a deploy run;
// @read-only the ones that sign nobody up (production without cleanup).
import { type Browser, type Page } from "@playwright/test";
import { accountIsGone, cardWith, confirmInPool, expect, postCrud, signIn, statusMessage, test, type QaAccount } from "./qa-fixtures";

/** A word no other crud of any run holds: what a test posts and then looks for. */
const unique = (label: string) => `${label}${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

async function signOut(page: Page, account: QaAccount) {
  const nav = page.getByRole("navigation", { name: "Main" });
  const signOutButton = page.getByRole("button", { name: "Sign out" });
  // The account menu opens natively before the page hydrates and through its script after: click until open.
  await expect(async () => {
    if (!(await signOutButton.isVisible())) await nav.locator("summary", { hasText: "Account menu for" }).click();
    await expect(signOutButton).toBeVisible({ timeout: 1_000 });
  }).toPass();
  await signOutButton.click();
  // Home, signed out: its welcome, and nobody in the navigation.
  await expect(page.getByRole("heading", { name: "Say it, and let it expire" })).toBeVisible();
  await expect(nav).not.toContainText(`@${account.handle}`);
}

test("signed out, the home page, a profile and search answer", { tag: ["@remote", "@smoke", "@read-only"] }, async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Say it, and let it expire" })).toBeVisible();
  await page.goto(`/search?q=${unique("nothing")}`);
  await expect(page.getByRole("main").getByRole("searchbox", { name: "Search" })).toBeVisible();
  const missing = await page.goto("/@qa_nobody_at_all");
  expect(missing?.status()).toBe(404);
});

test("sign up with the form, confirmed in the user pool, then sign in and out", { tag: ["@remote", "@smoke"] }, async ({ page, qaAccounts }) => {
  const account = qaAccounts.plan();
  await page.goto("/signup");
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username").fill(account.handle);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(statusMessage(page)).toHaveText("We emailed you a 6-digit code. Enter it to confirm your account.");
  // The code went to an inbox the suite cannot read on a deployed stage: the pool confirms it instead.
  await confirmInPool(account.email);

  await signIn(page, account);
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(account.name);
  await signOut(page, account);
});

test("post a crud with a lifetime, see it on the Following tab and the profile, delete it", { tag: ["@remote", "@smoke"] }, async ({ page, signedInUser }) => {
  const text = unique("lifetime");
  await postCrud(page, text, "3 hours");
  await expect(cardWith(page, text)).toContainText(/expires in (2h 59m|3h 0m)/);
  // Home opens on Following, which holds one's own cruds.
  await expect(page.getByRole("navigation", { name: "Timelines" }).getByRole("link", { name: "Following" })).toHaveAttribute("aria-current", "page");

  await page.goto(`/@${signedInUser.handle}`);
  const card = cardWith(page, text);
  await card.getByRole("link", { name: /^Reply/ }).click();
  await expect(page).toHaveURL(new RegExp(`/@${signedInUser.handle}/status/`));
  await cardWith(page, text).locator("summary", { hasText: "More" }).click();
  await cardWith(page, text).getByRole("link", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Delete this crud?");
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${signedInUser.handle}$`));
  await expect(page.getByRole("article").filter({ hasText: text })).toHaveCount(0);
});

/** Another account (Bob) that has posted `text`, from a browser of his own. */
async function someoneWhoPosted(browser: Browser, qaAccounts: { create: () => Promise<QaAccount> }, text: string): Promise<QaAccount> {
  const bob = await qaAccounts.create();
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, bob);
  await postCrud(page, text);
  await context.close();
  return bob;
}

test("reply to, like and repost someone's crud", { tag: ["@remote"] }, async ({ page, signedInUser, qaAccounts, browser }) => {
  const text = unique("bobs");
  const bob = await someoneWhoPosted(browser, qaAccounts, text);
  await page.goto(`/@${bob.handle}`);
  await cardWith(page, text)
    .getByRole("link", { name: /^Reply/ })
    .click();
  await expect(page).toHaveURL(new RegExp(`/@${bob.handle}/status/`));
  await page.getByLabel("Your reply").fill(`a reply to ${text} from @${signedInUser.handle}`);
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(cardWith(page, `a reply to ${text}`)).toBeVisible();
  const root = cardWith(page, text);
  await root.getByRole("button", { name: /^Like/ }).click();
  await expect(root.getByRole("button", { name: /^Unlike 1 like$/ })).toBeVisible();
  await root.getByRole("button", { name: /^Repost/ }).click();
  await expect(root.getByRole("button", { name: /^Undo repost 1 repost$/ })).toBeVisible();
  // What the server stored, as a new load of the page shows it.
  await page.reload();
  await expect(cardWith(page, text).getByRole("button", { name: /^Unlike 1 like$/ })).toBeVisible();
  await expect(cardWith(page, text).getByRole("button", { name: /^Undo repost 1 repost$/ })).toBeVisible();
  await expect(cardWith(page, `a reply to ${text}`)).toBeVisible();
});

test("follow someone: their crud on the Following tab; then write to them", { tag: ["@remote"] }, async ({ page, signedInUser, qaAccounts, browser }) => {
  const text = unique("bobs");
  const bob = await someoneWhoPosted(browser, qaAccounts, text);
  await page.goto("/");
  await expect(cardWith(page, text)).toHaveCount(0);
  await page.goto(`/@${bob.handle}`);
  const main = page.getByRole("main");
  await main.getByRole("button", { name: `Follow @${bob.handle}` }).click();
  await expect(main.getByRole("button", { name: `Unfollow @${bob.handle}` })).toBeVisible();
  await page.goto("/");
  await expect(cardWith(page, text)).toBeVisible();

  await page.goto("/messages");
  await page.getByLabel("Find someone to message").fill(bob.handle);
  await page.getByRole("search", { name: "New message" }).getByRole("button", { name: "Find" }).click();
  await page
    .getByRole("list", { name: `People matching “${bob.handle}”` })
    .getByRole("link", { name: `Message ${bob.name} @${bob.handle}` })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(bob.name);
  const message = unique("hello");
  await page.getByLabel("Message", { exact: true }).fill(`${message} from @${signedInUser.handle}`);
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.getByRole("list", { name: `Messages with @${bob.handle}` }).getByText(message)).toBeVisible();
});

test("search finds a crud by its word and a person by their handle", { tag: ["@remote"] }, async ({ page, signedInUser }) => {
  const word = unique("findme");
  await postCrud(page, `a crud to find: ${word}`);
  const main = page.getByRole("main");
  await page.goto("/search");
  await main.getByRole("searchbox", { name: "Search" }).fill(word);
  await main.getByRole("button", { name: "Search" }).click();
  await expect(cardWith(page, word)).toBeVisible();
  await main.getByRole("searchbox", { name: "Search" }).fill(`@${signedInUser.handle}`);
  await main.getByRole("button", { name: "Search" }).click();
  await expect(main.getByRole("region", { name: "People" }).getByRole("link", { name: new RegExp(`@${signedInUser.handle}`) })).toBeVisible();
});

test("settings: a new display name and bio show on the profile", { tag: ["@remote"] }, async ({ page, signedInUser }) => {
  await page.goto("/settings/profile");
  await expect(page.getByRole("heading", { name: "Edit profile" })).toBeVisible();
  const name = `Renamed ${signedInUser.handle.slice(-6)}`;
  await page.getByLabel("Display name").fill(name);
  await page.getByLabel("Bio").fill("Checked by the QA suite");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${signedInUser.handle}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText(name);
  await expect(page.getByText("Checked by the QA suite")).toBeVisible();
});

test("delete the account: its crud, its profile and its login are gone", { tag: ["@remote"] }, async ({ page, signedInUser }) => {
  const text = unique("lastwords");
  await postCrud(page, text);
  await page.goto("/settings/delete");
  await page.getByLabel("Password").fill(signedInUser.password);
  await page.getByLabel(/Type your username/).fill(signedInUser.handle);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(statusMessage(page)).toHaveText("Your account has been deleted, with everything in it. Thank you for crudding.");
  expect(await accountIsGone(page, signedInUser)).toBe(true);
  await page.goto(`/search?q=${text}`);
  await expect(page.getByRole("main").getByRole("searchbox", { name: "Search" })).toHaveValue(text);
  await expect(page.getByRole("article").filter({ hasText: text })).toHaveCount(0);
});
