// Focus and announcements (ADR 035): a page opened in the app takes the focus to its heading and says
// its title; a row that goes takes the focus to the row in its place; an invalid submit focuses the
// first invalid field (with JavaScript RouteFocus, without the fields' autofocus).
import { expect, hydrated, mute, newAccount, PASSWORD, test } from "./fixtures";

const announcer = (page: import("@playwright/test").Page) => page.locator("[data-route-announcer]");

test("a page opened in the app takes the focus to its heading and says its title; the first load does not (JS)", async ({ page, signIn }, testInfo) => {
  test.skip(testInfo.project.name === "js-off", "Without JavaScript every page is a page load: the browser starts at its top and reads its title.");
  await signIn("focusnav", "Focus Nav");
  await page.goto("/?tab=everyone");
  await hydrated(page);
  expect(await page.evaluate(() => document.activeElement === document.body)).toBe(true);
  await expect(announcer(page)).toHaveText("");

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/\/search$/);
  await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeFocused();
  await expect(announcer(page)).toHaveText("Search · Cruddur");

  // A search on the same page: its new title is said; the box (keyed by its query) went, so the heading has the focus.
  const box = page.locator("#search-page-q");
  await box.fill("zzfocusnothing");
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=zzfocusnothing$/);
  await expect(announcer(page)).toHaveText("zzfocusnothing · Search · Cruddur");
  await expect(page.getByRole("heading", { level: 1, name: "Search" })).toBeFocused();
});

test("unmuting rows on /settings/mutes moves the focus to the next row, then the one before, then the heading (JS)", async ({
  page,
  signIn,
  newUser,
}, testInfo) => {
  test.skip(testInfo.project.name === "js-off", "Without JavaScript the page loads again, from its top.");
  const viewer = await signIn("focusmu", "Focus Muter");
  const [oldest, middle, newest] = [await newUser("fmu_a", "Muted A"), await newUser("fmu_b", "Muted B"), await newUser("fmu_c", "Muted C")];
  await mute(viewer, oldest, 30);
  await mute(viewer, middle, 20);
  await mute(viewer, newest, 10);
  const main = page.locator("#main");
  const unmute = (handle: string) => main.getByRole("button", { name: `Unmute @${handle}` });

  await page.goto("/settings/mutes");
  await hydrated(page);
  // Newest first: newest, middle, oldest.
  await unmute(middle.handle).click();
  await expect(unmute(middle.handle)).toHaveCount(0);
  await expect(unmute(oldest.handle)).toBeFocused();
  await unmute(oldest.handle).click();
  await expect(unmute(oldest.handle)).toHaveCount(0);
  await expect(unmute(newest.handle)).toBeFocused();
  await unmute(newest.handle).click();
  await expect(main.getByText("You have not muted anyone.")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Muted accounts" })).toBeFocused();
});

test("an invalid sign-up focuses its first invalid field", async ({ browser, newUser }, testInfo) => {
  const taken = await newUser("focustk", "Taken Handle");
  const context = await browser.newContext({ javaScriptEnabled: testInfo.project.name !== "js-off" });
  const page = await context.newPage();
  const account = newAccount(testInfo.project.name, "fi");
  await page.goto("/signup");
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username").fill(taken.handle);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign up" }).click();
  const username = page.getByLabel("Username");
  await expect(username).toHaveAttribute("aria-invalid", "true");
  await expect(username).toBeFocused();
  await context.close();
});
