// axe-core on every page (docs/product.md §8): signed out and in (as a moderator, to reach every page), on a
// desktop (1400×900) and a phone (390×844), in the dark theme and the light one (prefers-color-scheme),
// with JavaScript on (axe runs in the page): no WCAG 2.1 A/AA violation. Each page shows real content — cruds with
// their actions in both states, a reply, notifications, a conversation, a report to moderate.
// A page is loaded once per viewport: every rule in the dark theme, then the theme switched in the loaded page
// (page.emulateMedia) and the colour rules again in the light one — the themes differ in colours alone (ADR 046).
import { type Page } from "@playwright/test";
import { COLOUR_RULES, violations } from "./axe";
import { crudBy, expect, follow, interact, makeModerator, notify, test } from "./fixtures";
import { ensureUser, signInAs, uniqueHandle, type E2EUser } from "../support/e2e-session";

const VIEWPORTS = { desktop: { width: 1400, height: 900 }, phone: { width: 390, height: 844 } } as const;
const COLOR_SCHEMES = ["dark", "light"] as const;
const BACKGROUNDS = { dark: "rgb(11, 10, 16)", light: "rgb(255, 255, 255)" };

type Scene = { viewer: E2EUser; author: E2EUser; crudId: string; replyId: string };

/** An author with a crud (liked and reposted by the viewer when signed in) and a reply to it; the viewer's notifications, a conversation and a report. */
async function setScene(page: Page, project: string, signedIn: boolean): Promise<Scene> {
  const author = await ensureUser(uniqueHandle("axeauthor", project), "Axe Author");
  const { id: crudId } = await crudBy(author, { text: `Checking contrast with a link https://example.com and #axe and @${author.handle}` });
  const { id: replyId } = await crudBy(author, { text: "A reply, with a parent above it", replyTo: crudId });
  const handle = uniqueHandle("axe", project);
  if (!signedIn) return { viewer: await ensureUser(handle), author, crudId, replyId };
  const viewer = await signInAs(page.context(), handle, "Axe Viewer");
  await makeModerator(viewer);
  await follow(viewer, author);
  await interact("like", viewer, crudId);
  await interact("repost", viewer, crudId);
  const own = await crudBy(viewer, { text: "My own crud, with Shorten and Delete" });
  await notify(viewer, author, "like", own.id);
  // The notifications' other states (ADR 036): a follow with its Follow back, a mention.
  await notify(viewer, author, "follow");
  await notify(viewer, author, "mention", crudId);
  expect((await page.request.post(`/messages/@${author.handle}`, { form: { message: "Hello there" }, maxRedirects: 0 })).status()).toBe(302);
  const report = await page.request.post(`/report?crud=${crudId}`, { form: { crud: crudId, reason: "spam", comment: "Looks like spam" }, maxRedirects: 0 });
  expect(report.status()).toBe(302);
  return { viewer, author, crudId, replyId };
}

function pagesFor({ viewer, author, crudId, replyId }: Scene, signedIn: boolean): string[] {
  const everyone = [
    "/",
    `/@${author.handle}`,
    `/@${author.handle}/status/${crudId}`,
    `/@${author.handle}/status/${replyId}`,
    `/@${author.handle}/following`,
    `/@${author.handle}/followers`,
    "/search",
    "/search?q=contrast",
    `/search?q=${encodeURIComponent("#axe")}`,
    "/no-such-page",
  ];
  const signedOut = ["/signin", "/signup", "/forgot", `/confirm?email=${encodeURIComponent("someone@example.com")}`];
  const signedInOnly = [
    "/?tab=following",
    "/?tab=everyone",
    `/@${viewer.handle}`,
    "/notifications",
    "/notifications?filter=mentions",
    "/messages",
    "/messages?q=Axe",
    `/messages/@${author.handle}`,
    "/settings",
    "/settings/profile",
    "/settings/password",
    "/settings/security",
    "/settings/preferences",
    "/settings/appearance",
    "/settings/sessions",
    "/settings/blocks",
    "/settings/mutes",
    "/settings/export",
    "/settings/delete",
    `/report?crud=${crudId}`,
    "/moderation",
    // What a Block asks first, without JavaScript (ADR 035).
    `/@${author.handle}/block`,
  ];
  return [...everyone, ...(signedIn ? signedInOnly : signedOut)];
}

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  for (const signedIn of [false, true]) {
    test(`axe finds no WCAG 2.1 AA violation on any page, ${device}, dark and light themes, signed ${signedIn ? "in" : "out"}`, async ({ page }, testInfo) => {
      // axe runs inside the page; without JavaScript it cannot, and the server's HTML it would read is the same.
      test.skip(testInfo.project.name === "js-off", "axe needs JavaScript in the page");
      test.setTimeout(180_000);
      await page.setViewportSize(viewport);
      const scene = await setScene(page, testInfo.project.name, signedIn);
      for (const path of pagesFor(scene, signedIn)) {
        await page.emulateMedia({ colorScheme: COLOR_SCHEMES[0] });
        const response = await page.goto(path);
        expect.soft(response?.status(), path).toBeLessThan(path === "/no-such-page" ? 500 : 400);
        // Every rule in the first theme; in the other, the same loaded page, the rules a theme can change (colours).
        for (const colorScheme of COLOR_SCHEMES) {
          await page.emulateMedia({ colorScheme });
          // The theme asked for is the one checked: the page's background says which it is.
          expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(BACKGROUNDS[colorScheme]);
          const rules = colorScheme === COLOR_SCHEMES[0] ? undefined : COLOUR_RULES;
          expect.soft(await violations(page, rules), `${path} (${device}, ${colorScheme})`).toEqual([]);
        }
      }
    });
  }
}

// Settings → Appearance (ADR 037): a theme chosen against the device's, and the account menu open.
for (const [theme, device] of [
  ["light", "dark"],
  ["dark", "light"],
] as const) {
  test(`axe finds no violation with the ${theme} theme chosen on a ${device} device, the account menu open`, async ({ page }, testInfo) => {
    test.skip(testInfo.project.name === "js-off", "axe needs JavaScript in the page");
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: device });
    const scene = await setScene(page, testInfo.project.name, true);
    const saved = await page.request.post("/settings/appearance", { form: { theme }, maxRedirects: 0 });
    expect(saved.status()).toBe(302);
    for (const viewport of Object.values(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const path of ["/", `/@${scene.author.handle}`, `/@${scene.author.handle}/status/${scene.crudId}`, "/settings/appearance"]) {
        await page.goto(path);
        expect(await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(BACKGROUNDS[theme]);
        expect.soft(await violations(page), `${path} (${viewport.width} px, ${theme} on ${device})`).toEqual([]);
      }
      await page.getByRole("navigation", { name: "Main" }).locator("summary").click();
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
      expect.soft(await violations(page), `account menu open (${viewport.width} px, ${theme})`).toEqual([]);
    }
  });
}

test("the names screen readers hear: one region per name on search, Share says Share, Like says its state once, the thread's heading says whose", async ({
  page,
}, testInfo) => {
  const scene = await setScene(page, testInfo.project.name, true);
  await page.goto("/search?q=contrast");
  const regions = await page
    .getByRole("region")
    .evaluateAll((elements) =>
      elements.map((element) => element.getAttribute("aria-label") ?? document.getElementById(element.getAttribute("aria-labelledby") ?? "")?.textContent),
    );
  expect(new Set(regions).size).toBe(regions.length);
  await page.goto(`/@${scene.author.handle}/status/${scene.crudId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Crud by Axe Author @${scene.author.handle}`);
  const root = page.locator(".thread-root article");
  // Share is the crud's address without JavaScript; with it, a button (the share sheet, or Copy link without one).
  const scripted = testInfo.project.use.javaScriptEnabled !== false;
  await expect(root.getByRole(scripted ? "button" : "link", { name: scripted ? /^(Share|Copy link)$/ : "Share", exact: !scripted })).toBeVisible();
  const like = root.getByRole("button", { name: /^Unlike 1 like$/ });
  await expect(like).toBeVisible();
  await expect(like).not.toHaveAttribute("aria-pressed");
  await page.goto(`/@${scene.author.handle}/status/${scene.replyId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Reply by Axe Author @${scene.author.handle}`);
});

test("the Block dialog and a status message with an Undo: no violation, in either theme", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "js-off", "axe needs JavaScript in the page; the dialog is the JavaScript form of /@handle/block");
  await signInAs(page.context(), uniqueHandle("axedlg", testInfo.project.name), "Axe Dialog");
  const other = await ensureUser(uniqueHandle("axedlgo", testInfo.project.name), "Axe Other");
  const main = page.locator("#main");
  for (const colorScheme of COLOR_SCHEMES) {
    await page.emulateMedia({ colorScheme });
    await page.goto(`/@${other.handle}`);
    await expect(page.locator('input[name="enhanced"]').first()).toBeAttached();
    await main.getByRole("button", { name: `Block @${other.handle}` }).click();
    await expect(page.getByRole("alertdialog")).toBeVisible();
    expect.soft(await violations(page), `the Block dialog (${colorScheme})`).toEqual([]);
    await page.getByRole("alertdialog").getByRole("button", { name: "Cancel" }).click();
    await main.getByRole("button", { name: `Mute @${other.handle}` }).click();
    await expect(page.locator(".status-region").getByRole("button", { name: "Undo" })).toBeVisible();
    expect.soft(await violations(page), `Muted, with Undo (${colorScheme})`).toEqual([]);
    await page.locator(".status-region").getByRole("button", { name: "Undo" }).click();
    await expect(page.locator(".status-region")).toHaveText(`Unmuted @${other.handle}.`);
  }
});
