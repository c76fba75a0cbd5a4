// The page's frame (ADR 037), with JavaScript on and off (the two projects): on a phone the sidebar's
// Trending and Suggested users follow Home and Search only; the signed-out home says what Cruddur is
// on its first screen; exact times in the reader's zone from the first visit (guessed with JavaScript,
// asked at sign-up without); the theme of Settings → Appearance; every settings page's way back; the
// account menu named and on screen; a profile's feed link; a profile never suggests itself.
import { type Page } from "@playwright/test";
import { crudBy, expect, statusMessage, test } from "./fixtures";
import { ensureUser, uniqueHandle } from "../support/e2e-session";

const PHONE = { width: 390, height: 844 };
const jsOn = () => test.info().project.use.javaScriptEnabled !== false;

async function panelsShown(page: Page) {
  const shown = [];
  for (const name of ["Trending", "Suggested users"]) if (await page.getByRole("region", { name }).isVisible()) shown.push(name);
  return shown;
}

test.describe("on a phone (390 × 844)", () => {
  test.use({ viewport: PHONE });

  test("Trending and Suggested users follow Home and Search only", async ({ page, signIn }, testInfo) => {
    const author = await ensureUser(uniqueHandle("sideauthor", testInfo.project.name));
    await crudBy(author, { text: "a crud for the sidebar #shelltag" });
    for (const path of ["/signin", "/signup", "/no-such-page", `/@${author.handle}`]) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      expect(await panelsShown(page), path).toEqual([]);
      // "Join the party" is not left at the bottom of every page either.
      await expect(page.getByRole("heading", { name: "Join the party" })).toBeHidden();
    }
    for (const path of ["/", "/search"]) {
      await page.goto(path);
      expect(await panelsShown(page), path).toEqual(["Trending", "Suggested users"]);
    }
    await signIn("sidephone");
    for (const path of ["/settings", "/settings/appearance", "/notifications"]) {
      await page.goto(path);
      await expect(page.locator("main h1").first()).toBeVisible();
      expect(await panelsShown(page), path).toEqual([]);
    }
    await page.goto("/");
    expect(await panelsShown(page)).toEqual(["Trending", "Suggested users"]);
  });

  test("the signed-out home says what Cruddur is, with Sign up and Sign in, on its first screen", async ({ page }) => {
    await page.goto("/");
    const intro = page.getByRole("region", { name: "Say it, and let it expire" });
    await expect(intro).toContainText("every post (a crud) disappears");
    for (const name of ["Sign up", "Sign in"]) {
      const link = intro.getByRole("link", { name });
      const box = (await link.boundingBox())!;
      expect(box.y + box.height, name).toBeLessThan(PHONE.height);
    }
    // Above the feed.
    const introBottom = (await intro.boundingBox())!;
    const firstCrud = (await page.locator("article.crud").first().boundingBox())!;
    expect(introBottom.y + introBottom.height).toBeLessThanOrEqual(firstCrud.y);
  });
});

test("on a desktop the sidebar stays on every page", async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  for (const path of ["/signin", "/no-such-page", "/"]) {
    await page.goto(path);
    expect(await panelsShown(page), path).toEqual(["Trending", "Suggested users"]);
  }
});

test.describe("time zones", () => {
  test.use({ timezoneId: "Asia/Tokyo" });

  test("a visitor's exact times are in their browser's zone (JavaScript), the next page rendered in it by the server", async ({ page }, testInfo) => {
    const author = await ensureUser(uniqueHandle("tzauthor", testInfo.project.name));
    await crudBy(author, { text: `zoned crud of ${author.handle}`, createdAt: new Date("2026-07-01T23:30:00Z") });
    const age = page.locator("article.crud", { hasText: `zoned crud of ${author.handle}` }).locator("a.age");
    await page.goto(`/@${author.handle}`);
    if (!jsOn()) {
      // Without JavaScript nobody tells the server: UTC (the sign-up form asks, below).
      await expect(age).toHaveAttribute("title", "2026-07-01 23:30 UTC");
      return;
    }
    await expect(age).toHaveAttribute("title", "2026-07-02 08:30 Asia/Tokyo");
    // Remembered in the tz cookie: the server's own HTML of the next page is in the zone.
    const html = await (await page.request.get(`/@${author.handle}`)).text();
    expect(html).toContain('title="2026-07-02 08:30 Asia/Tokyo"');
  });

  test("the sign-up form asks for the zone: the browser's with JavaScript, UTC without, and remembers it", async ({ page }, testInfo) => {
    await page.goto("/signup");
    const zone = page.getByLabel("Time zone");
    await expect(zone).toHaveValue(jsOn() ? "Asia/Tokyo" : "UTC");
    await zone.selectOption("America/Sao_Paulo");
    await page.getByLabel("Name", { exact: true }).fill("Zone Tester");
    await page.getByLabel("Email").fill(`${uniqueHandle("zone", testInfo.project.name)}@example.com`);
    // A handle that is taken: the form comes back (400) keeping the zone chosen.
    const taken = await ensureUser(uniqueHandle("zonetaken", testInfo.project.name));
    await page.getByLabel("Username").fill(taken.handle);
    await page.getByLabel("Password", { exact: true }).fill("correct horse battery");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByText(`@${taken.handle} is taken. Try another username.`)).toBeVisible();
    await expect(zone).toHaveValue("America/Sao_Paulo");
  });
});

test("Settings → Appearance: the theme chosen is the page's, after a reload too", async ({ page, signIn }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await signIn("theme");
  await page.goto("/settings");
  await page.getByRole("link", { name: "Appearance" }).click();
  await expect(page.getByRole("heading", { name: "Appearance" })).toBeVisible();
  const html = page.locator("html");
  await expect(html).toHaveAttribute("data-theme", "system");
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  expect(await background()).toBe("rgb(11, 10, 16)");
  await page.getByLabel("Theme", { exact: true }).selectOption("light");
  await page.getByRole("button", { name: "Save appearance" }).click();
  await expect(statusMessage(page)).toHaveText("Your preferences have been saved.");
  await expect(html).toHaveAttribute("data-theme", "light");
  expect(await background()).toBe("rgb(255, 255, 255)");
  await page.reload();
  await expect(html).toHaveAttribute("data-theme", "light");
  expect(await background()).toBe("rgb(255, 255, 255)");
  await expect(page.getByLabel("Theme", { exact: true })).toHaveValue("light");
  // Dark on a light device.
  await page.emulateMedia({ colorScheme: "light" });
  await page.getByLabel("Theme", { exact: true }).selectOption("dark");
  await page.getByRole("button", { name: "Save appearance" }).click();
  await expect(html).toHaveAttribute("data-theme", "dark");
  expect(await background()).toBe("rgb(11, 10, 16)");
});

test("every settings page has its way back to Settings", async ({ page, signIn }) => {
  await signIn("back");
  for (const name of ["profile", "sessions", "password", "preferences", "appearance", "blocks", "mutes", "export", "delete"]) {
    await page.goto(`/settings/${name}`);
    const back = page.getByRole("main").getByRole("link", { name: "← Settings" });
    await expect(back, name).toHaveAttribute("href", "/settings");
  }
  await page.getByRole("main").getByRole("link", { name: "← Settings" }).click();
  await expect(page).toHaveURL(/\/settings$/);
});

test.describe("the account menu", () => {
  for (const width of [390, 320]) {
    test(`is named for what it opens, and all of it is on screen at ${width} px`, async ({ page, signIn }) => {
      await page.setViewportSize({ width, height: 844 });
      const user = await signIn("menuname", "M".repeat(50));
      await page.goto("/");
      const menuButton = page.getByRole("navigation", { name: "Main" }).locator("summary");
      await expect(menuButton).toHaveAccessibleName(`Account menu for ${user.displayName} @${user.handle}`);
      await menuButton.click();
      const items = page.locator(".profile-menu .menu").locator("a:visible, button:visible");
      await expect(items.first()).toBeVisible();
      for (const box of await items.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect))) {
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(width);
      }
      const menuBox = (await page.locator(".profile-menu .menu").boundingBox())!;
      expect(menuBox.x).toBeGreaterThanOrEqual(0);
      expect(menuBox.x + menuBox.width).toBeLessThanOrEqual(width);
    });
  }
});

test("a profile links its Atom feed, and never suggests itself", async ({ page }, testInfo) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const author = await ensureUser(uniqueHandle("feedlink", testInfo.project.name));
  await crudBy(author, { text: "the newest crud, so the author may be suggested" });
  await page.goto(`/@${author.handle}`);
  const feed = page.getByRole("link", { name: `Atom feed of @${author.handle}` });
  await expect(feed).toHaveAttribute("href", `/@${author.handle}/feed.xml`);
  // (Which people are suggested is cached for 30 s: the panel's filter is pinned in sidebar-panels.test.tsx.)
  const suggested = page.getByRole("region", { name: "Suggested users" });
  await expect(suggested.getByRole("link", { name: new RegExp(`@${author.handle}`) })).toHaveCount(0);
  const response = await page.request.get(`/@${author.handle}/feed.xml`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toContain("atom");
});
