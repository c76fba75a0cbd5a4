// The phone layout (ADR 020), with JavaScript on and off (the two projects): no page is
// wider than a 320- or 390-px screen, signed in or out, even with the longest names and words; the
// page's own content comes first, the sidebar's panels after it, a bottom tab bar with icons and
// labels, the account menu in reach; the order of the DOM (and of Tab) is the order on the screen.
// On a desktop the three columns stay.
import { type Page } from "@playwright/test";
import { crudBy, expect, follow, interact, makeModerator, notify, setBio, test } from "./fixtures";
import { ensureUser, signInAs, uniqueHandle, type E2EUser } from "../support/e2e-session";
import { hydrated } from "./fixtures";

const PHONE = { width: 390, height: 844 };
const WIDTHS = [320, 390];
// Names, bios and cruds as long as the rules allow, with nowhere to break a line.
const LONG_NAME = "W".repeat(50);
const LONG_WORD = "x".repeat(200);

type Scene = { viewer: E2EUser; long: E2EUser; crudId: string; replyId: string };

/** A signed-in viewer (a moderator, to reach every page) and a user with the longest name, bio and crud. */
async function setScene(page: Page, project: string, signedIn: boolean): Promise<Scene> {
  const long = await ensureUser(uniqueHandle("longname", project).padEnd(20, "z"), LONG_NAME);
  await setBio(long, "b".repeat(160));
  const crud = await crudBy(long, { text: `${LONG_WORD} #${"t".repeat(40)} @${long.handle}` });
  const reply = await crudBy(long, { text: LONG_WORD, replyTo: crud.id });
  const viewer = signedIn ? await signInAs(page.context(), uniqueHandle("phone", project)) : await ensureUser(uniqueHandle("phone", project));
  if (signedIn) {
    await makeModerator(viewer);
    const own = await crudBy(viewer, { text: "mine" });
    await notify(viewer, long, "like", own.id);
    await follow(viewer, long);
    expect((await page.request.post(`/messages/@${long.handle}`, { form: { message: LONG_WORD }, maxRedirects: 0 })).status()).toBe(302);
    const report = await page.request.post(`/report?crud=${crud.id}`, { form: { crud: crud.id, reason: "spam", comment: LONG_WORD }, maxRedirects: 0 });
    expect(report.status()).toBe(302);
  }
  return { viewer, long, crudId: crud.id, replyId: reply.id };
}

function pagesFor({ viewer, long, crudId }: Scene, signedIn: boolean): string[] {
  const everyone = [
    "/",
    `/@${long.handle}`,
    `/@${long.handle}/status/${crudId}`,
    `/@${long.handle}/following`,
    `/@${long.handle}/followers`,
    "/search",
    `/search?q=${LONG_WORD}`,
    `/search?q=${encodeURIComponent(`#${"t".repeat(40)}`)}`,
    "/no-such-page",
  ];
  const signedOut = ["/signin", "/signup", `/confirm?email=${encodeURIComponent(`${"e".repeat(40)}@example.com`)}`, "/forgot"];
  const signedInOnly = [
    "/?tab=everyone",
    `/@${viewer.handle}`,
    "/notifications",
    "/messages",
    `/messages/@${long.handle}`,
    "/settings/profile",
    "/settings/blocks",
    "/settings/mutes",
    `/report?crud=${crudId}`,
    `/report?user=${long.handle}`,
    "/moderation",
  ];
  return [...everyone, ...(signedIn ? signedInOnly : signedOut)];
}

async function sidewaysScroll(page: Page) {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

for (const signedIn of [false, true]) {
  test(`no page scrolls sideways at 320 and 390 px, signed ${signedIn ? "in" : "out"}`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const scene = await setScene(page, testInfo.project.name, signedIn);
    for (const path of pagesFor(scene, signedIn)) {
      const response = await page.goto(path);
      expect.soft(response?.status(), path).toBeLessThan(500);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: 800 });
        const { scrollWidth, innerWidth } = await sidewaysScroll(page);
        expect.soft(scrollWidth, `${path} at ${width} px`).toBeLessThanOrEqual(innerWidth);
      }
    }
  });
}

/**
 * The focusable elements of the page as Tab visits them (document order, none with a positive
 * tabindex here), with where each is on screen; fixed ones (the tab bar) apart.
 */
async function focusables(page: Page) {
  return page.evaluate(() => {
    const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]:not([tabindex='-1'])";
    return [...document.querySelectorAll<HTMLElement>(selector)]
      .filter((element) => element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden")
      .filter((element) => !element.closest("details:not([open]) > :not(summary)"))
      .map((element) => {
        const box = element.getBoundingClientRect();
        let fixed = false;
        for (let at: HTMLElement | null = element; at; at = at.parentElement) if (getComputedStyle(at).position === "fixed") fixed = true;
        return {
          name: (element.getAttribute("aria-label") ?? element.textContent ?? "").trim().slice(0, 40),
          top: box.top + window.scrollY,
          bottom: box.bottom + window.scrollY,
          fixed,
        };
      });
  });
}

/** Each focusable starts no higher than the line of the one before it: the tab order runs down the screen. */
function expectScreenOrder(items: { name: string; top: number; bottom: number; fixed: boolean }[]) {
  const flowing = items.filter((item) => !item.fixed);
  for (let i = 1; i < flowing.length; i++) {
    const [before, after] = [flowing[i - 1]!, flowing[i]!];
    // On the same line (overlapping vertically: an image beside the ALT badge of the one before it, in a grid) or below it.
    const overlaps = after.top < before.bottom && after.bottom > before.top;
    const below = after.bottom > before.top && after.top >= before.top - (before.bottom - before.top);
    expect(overlaps || below, `"${after.name}" comes after "${before.name}"`).toBe(true);
  }
  // The fixed tab bar is last in the page, as it is at the bottom of the screen.
  const firstFixed = items.findIndex((item) => item.fixed);
  if (firstFixed >= 0) expect(items.slice(firstFixed).every((item) => item.fixed)).toBe(true);
}

test.describe("on a phone (390 × 844)", () => {
  test.use({ viewport: PHONE });

  test("signed in: the composer and the timeline on the first screen, a tab bar with the badge, the account menu, the panels after the feed", async ({
    page,
  }, testInfo) => {
    await setScene(page, testInfo.project.name, true);
    await page.goto("/");
    const composer = page.getByRole("form", { name: "Post a crud" });
    const composerBox = (await composer.getByRole("textbox").boundingBox())!;
    const tabBar = page.getByRole("navigation", { name: "Tabs" });
    const barBox = (await tabBar.boundingBox())!;
    expect(composerBox.y + composerBox.height).toBeLessThan(barBox.y);
    // The tab bar sits on the bottom edge, over the page, on every scroll position.
    expect(Math.round(barBox.y + barBox.height)).toBe(PHONE.height);
    await page.goto("/?tab=everyone");
    const firstCrud = page.locator("article.crud").first();
    expect((await firstCrud.boundingBox())!.y).toBeLessThan(barBox.y);

    for (const label of ["Home", "Search", "Notifications", "Messages", "Profile"]) {
      const tab = tabBar.getByRole("link", { name: new RegExp(`^${label}`) });
      await expect(tab).toBeVisible();
      await expect(tab.locator("svg")).toBeVisible();
      await expect(tab.locator(".tab-label")).toHaveText(label);
    }
    await expect(tabBar.getByRole("link", { name: "Notifications 1 unread" })).toBeVisible();
    await expect(tabBar.getByRole("link", { name: "Home" })).toHaveAttribute("aria-current", "page");
    // The side nav's links are the tab bar's on a phone: not shown twice.
    await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: /^Notifications/ })).toBeHidden();

    // The account menu, top right: its sign-out within reach.
    const menu = page.getByRole("navigation", { name: "Main" }).locator("summary");
    await expect(menu).toBeVisible();
    await menu.click();
    await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Moderation" })).toBeVisible();
    await menu.click();

    // Trending and Suggested users come after the feed, in the page and on the screen.
    const feedBottom = await page.locator(".feed").evaluate((feed) => feed.getBoundingClientRect().bottom + window.scrollY);
    for (const panel of ["Trending", "Suggested users"]) {
      const region = page.getByRole("region", { name: panel });
      const top = await region.evaluate((element) => element.getBoundingClientRect().top + window.scrollY);
      expect(top).toBeGreaterThan(feedBottom);
      expect(await region.evaluate((element) => !!(document.querySelector(".feed")!.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING))).toBe(
        true,
      );
    }
    // Nothing is reordered by CSS: the tab order follows the screen, top to bottom.
    expectScreenOrder(await focusables(page));
    const order = await page.evaluate(() => [...document.querySelectorAll("*")].some((element) => !["0", "normal"].includes(getComputedStyle(element).order)));
    expect(order).toBe(false);
  });

  test("signed in, Home holds at least four one-line cruds on the first screen, the composer one line until used", async ({ page, signIn }) => {
    const me = await signIn("fourcards");
    for (let n = 0; n < 5; n++) await crudBy(me, { text: `One line number ${n}`, createdAt: `-${10 - n} minutes` });
    await page.goto("/");
    await hydrated(page);
    const barTop = (await page.getByRole("navigation", { name: "Tabs" }).boundingBox())!.y;
    expect(barTop).toBeLessThanOrEqual(PHONE.height);
    const cards = page.locator("article.crud");
    await expect(cards).toHaveCount(5);
    const fourth = (await cards.nth(3).boundingBox())!;
    expect(fourth.y + fourth.height).toBeLessThanOrEqual(barTop);
    // The composer opens when focused (its lifetime and button show), without JavaScript too.
    const composer = page.getByRole("form", { name: "Post a crud" });
    await expect(composer.getByRole("button", { name: "Crud" })).toBeHidden();
    await composer.getByRole("textbox").focus();
    await expect(composer.getByRole("button", { name: "Crud" })).toBeVisible();
  });

  test("no card's action row wraps, at 390 and 320 px, signed in and out", async ({ page, signIn, newUser }) => {
    const other = await newUser("rowother", "W".repeat(50));
    const { id } = await crudBy(other, { text: "A crud with every count" });
    const me = await signIn("rowme");
    // Big counts: each action shows its number.
    await interact("like", me, id);
    await interact("repost", me, id);
    await crudBy(me, { text: "a reply", replyTo: id });
    for (const width of [390, 320]) {
      await page.setViewportSize({ width, height: 844 });
      for (const path of ["/?tab=everyone", `/@${other.handle}/status/${id}`]) {
        await page.goto(path);
        const rows = await page.locator(".crud-footer").evaluateAll((footers) =>
          footers.map((footer) => {
            const tops = [...footer.children].map((child) => Math.round(child.getBoundingClientRect().top));
            return { lines: new Set(tops).size, overflows: footer.scrollWidth > footer.clientWidth + 1 };
          }),
        );
        expect(rows.length, path).toBeGreaterThan(0);
        for (const row of rows) expect(row, `${path} at ${width} px`).toEqual({ lines: 1, overflows: false });
      }
    }
    await page.context().clearCookies();
    await page.goto("/");
    const signedOut = await page
      .locator(".crud-footer")
      .evaluateAll((footers) => footers.map((footer) => new Set([...footer.children].map((c) => Math.round(c.getBoundingClientRect().top))).size));
    expect(signedOut.every((lines) => lines === 1)).toBe(true);
  });

  test("signed out: the timeline, then the auth forms, on the first screen", async ({ page }) => {
    await page.goto("/");
    const tabBar = page.getByRole("navigation", { name: "Tabs" });
    const barTop = (await tabBar.boundingBox())!.y;
    expect((await page.locator("article.crud").first().boundingBox())!.y).toBeLessThan(barTop);
    for (const label of ["Home", "Search", "Sign in", "Sign up"]) await expect(tabBar.getByRole("link", { name: label })).toBeVisible();
    expectScreenOrder(await focusables(page));

    for (const [path, field] of [
      ["/signin", "Password"],
      ["/signup", "Password"],
      ["/forgot", "Email"],
    ] as const) {
      await page.goto(path);
      const box = (await page.getByLabel(field, { exact: true }).boundingBox())!;
      expect(box.y + box.height, `${path}: ${field}`).toBeLessThan(barTop);
      expectScreenOrder(await focusables(page));
    }
  });

  test("the thread, the profile and search keep the page's content first", async ({ page }, testInfo) => {
    const scene = await setScene(page, testInfo.project.name, true);
    for (const path of [`/@${scene.long.handle}/status/${scene.crudId}`, `/@${scene.viewer.handle}`, "/search?q=mine", "/messages"]) {
      await page.goto(path);
      const mainTop = await page.locator("main").evaluate((main) => main.getBoundingClientRect().top);
      // Only the top bar (logo and account menu) above the page.
      expect(mainTop, path).toBeLessThan(80);
      expectScreenOrder(await focusables(page));
    }
  });
});

test.describe("on a desktop (1400 × 900)", () => {
  test.use({ viewport: { width: 1400, height: 900 } });

  test("three columns: the nav, the 600-px page and the sidebar, no tab bar", async ({ page }, testInfo) => {
    await setScene(page, testInfo.project.name, true);
    await page.goto("/");
    const nav = (await page.getByRole("navigation", { name: "Main" }).boundingBox())!;
    const main = (await page.locator("main").boundingBox())!;
    const sidebar = (await page.getByRole("complementary", { name: "Sidebar" }).boundingBox())!;
    expect(nav.x + nav.width).toBeLessThanOrEqual(main.x + 1);
    expect(main.x + main.width).toBeLessThanOrEqual(sidebar.x + 1);
    expect(Math.round(main.width)).toBe(600);
    expect(main.y).toBe(0);
    expect(sidebar.y).toBe(0);
    await expect(page.getByRole("navigation", { name: "Tabs" })).toBeHidden();
    for (const label of ["Home", "Search", "Notifications", "Messages", "Profile"]) {
      await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: new RegExp(`^${label}`) })).toBeVisible();
    }
    const { scrollWidth, innerWidth } = await sidewaysScroll(page);
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
  });
});

test.describe("the account menu", () => {
  for (const viewport of [PHONE, { width: 1400, height: 900 }]) {
    test(`closes on Escape (focus back on it) and on a click outside, at ${viewport.width} px`, async ({ page }, testInfo) => {
      test.skip(testInfo.project.name === "js-off", "Without JavaScript the native disclosure opens and closes from its own button.");
      await page.setViewportSize(viewport);
      await signInAs(page.context(), uniqueHandle("menu", testInfo.project.name));
      await page.goto("/");
      // Escape and the click outside are heard once the page has hydrated (before, the click on the
      // summary opens the native disclosure and Escape reaches no listener).
      await hydrated(page);
      const summary = page.getByRole("navigation", { name: "Main" }).locator("summary");
      const signOut = page.getByRole("button", { name: "Sign out" });
      await summary.click();
      await expect(signOut).toBeVisible();
      await page.keyboard.press("Escape");
      await expect(signOut).toBeHidden();
      await expect(summary).toBeFocused();

      await summary.click();
      await expect(signOut).toBeVisible();
      // Left of the menu, which opens over the right of the page.
      await page.locator("main .page-title").click({ position: { x: 8, y: 8 } });
      await expect(signOut).toBeHidden();

      // A page opened from it closes it too.
      await summary.click();
      await page.getByRole("link", { name: "Edit profile" }).first().click();
      await expect(page.getByRole("heading", { name: "Edit profile" })).toBeVisible();
      await expect(signOut).toBeHidden();
    });
  }

  test("opened before the page's script runs, it stays open when the script starts", async ({ page }, testInfo) => {
    test.skip(testInfo.project.name === "js-off", "Without JavaScript no script starts.");
    await signInAs(page.context(), uniqueHandle("early", testInfo.project.name));
    // The scripts arrive late, as on a slow phone or a busy machine: the reader opens the menu first.
    let release!: () => void;
    const scripts = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/build\/.*\.js$/, async (route) => {
      await scripts;
      await route.continue();
    });
    await page.goto("/", { waitUntil: "commit" });
    const summary = page.getByRole("navigation", { name: "Main" }).locator("summary");
    const signOut = page.getByRole("button", { name: "Sign out" });
    await summary.click();
    await expect(signOut).toBeVisible();
    release();
    await hydrated(page);
    await expect(signOut).toBeVisible();
  });
});
