// ADR 021, "a timeline that feels alive" and "links, context and sharing": the new-cruds pill, paging
// back up, keyboard shortcuts, links and mentions in cruds, and a reply's context. JS on and off
// where it applies (the pill and the shortcuts need JavaScript; everything else works without).
import { type Page } from "@playwright/test";
import { crudBy, expect, follow, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";
import { ensureUser, signInAs, uniqueHandle, type E2EUser } from "../support/e2e-session";

const crudForm = (page: Page) => page.getByRole("form", { name: "Post a crud" });

async function insertCrud(user: E2EUser, message: string, { replyTo }: { replyTo?: string } = {}) {
  return (await crudBy(user, { text: message, lifetime: "1 day", replyTo })).id;
}

/**
 * Once the home page runs its script: its crud form then carries the `enhanced` field (as fixtures.ts's
 * `hydrated`, but the composer's own: after going back from a thread, whose forms carry it too, this
 * also waits for the home page to be shown again). Nothing to wait for without JavaScript.
 */
async function hydrated(page: Page) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  await expect(crudForm(page).locator('input[name="enhanced"]')).toBeAttached();
}

/** The thread addresses of the cruds shown, in order. */
const shownCruds = (page: Page) => page.locator("main article.crud a.age").evaluateAll((links) => links.map((link) => link.getAttribute("href")));

test.describe("paging back up", () => {
  test("Older, then Newer back to the same page, and Back to top", async ({ page }, testInfo) => {
    // On a profile of its own: the home timeline is shared with suites that post and end cruds meanwhile.
    const author = await ensureUser(uniqueHandle("pages", testInfo.project.name));
    for (let n = 0; n < 25; n++) await insertCrud(author, `paging ${n}`);
    const profile = `/@${author.handle}`;
    await page.goto(profile);
    const top = await shownCruds(page);
    expect(top.length).toBe(20);
    await expect(page.getByRole("link", { name: "Back to top" })).toHaveCount(0);

    await page.getByRole("link", { name: "Older" }).click();
    await expect(page).toHaveURL(/\?cursor=/);
    await expect.poll(() => shownCruds(page)).toHaveLength(5);
    const newer = page.getByRole("navigation", { name: "Newer cruds" });
    await expect(newer.getByRole("link", { name: "Back to top" })).toHaveAttribute("href", profile);
    await newer.getByRole("link", { name: "Newer" }).click();
    await expect(page).toHaveURL(/\?newer=/);
    // The 20 just newer than the older page: the first page as it was.
    await expect.poll(() => shownCruds(page)).toEqual(top);

    await page.getByRole("navigation", { name: "Newer cruds" }).getByRole("link", { name: "Back to top" }).click();
    await expect(page).toHaveURL(new RegExp(`${profile}$`));
    await expect(page.getByRole("navigation", { name: "Newer cruds" })).toHaveCount(0);
  });

  test("keeps the Everyone tab", async ({ page, context }, testInfo) => {
    await signInAs(context, uniqueHandle("pager", testInfo.project.name));
    await page.goto("/?tab=everyone");
    await page.getByRole("link", { name: "Older" }).click();
    await expect(page).toHaveURL(/tab=everyone&cursor=/);
    const newer = page.getByRole("navigation", { name: "Newer cruds" });
    await expect(newer.getByRole("link", { name: "Back to top" })).toHaveAttribute("href", "/?tab=everyone");
    await expect(newer.getByRole("link", { name: "Newer" })).toHaveAttribute("href", /^\/\?tab=everyone&newer=/);
  });
});

test.describe("the new-cruds pill", () => {
  test("appears when someone followed posts, and a click shows the new crud at the top, focused", async ({ page, context }, testInfo) => {
    test.skip(testInfo.project.name === "js-off", "Without JavaScript nothing polls; the page shows what was new when it was loaded.");
    const reader = await signInAs(context, uniqueHandle("reader", testInfo.project.name));
    const star = await ensureUser(uniqueHandle("star", testInfo.project.name), "Star Poster");
    await follow(reader, star);
    await insertCrud(star, `An older crud by ${star.handle}`);
    await page.goto("/");
    await hydrated(page);
    await expect(page.locator("main article.crud").first()).toContainText(`An older crud by ${star.handle}`);
    const pill = page.getByRole("link", { name: /new crud/ });
    await expect(pill).toHaveCount(0);

    const message = `Fresh from ${star.handle}`;
    await insertCrud(star, message);
    // The page asks every 30 s, and at once when it becomes visible again: say it did.
    await expect(async () => {
      await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
      await expect(pill).toHaveText("1 new crud", { timeout: 1_000 });
    }).toPass();
    await pill.click();
    const newest = page.locator("main article.crud").first();
    await expect(newest).toContainText(message);
    await expect(newest).toBeFocused();
    await expect(pill).toHaveCount(0);
  });

  test("counts the Everyone tab too", async ({ page, context }, testInfo) => {
    test.skip(testInfo.project.name === "js-off", "Without JavaScript nothing polls.");
    await signInAs(context, uniqueHandle("everyone", testInfo.project.name));
    const author = await ensureUser(uniqueHandle("loud", testInfo.project.name));
    await page.goto("/?tab=everyone");
    await hydrated(page);
    const message = `Everyone sees ${author.handle}`;
    await insertCrud(author, message);
    const pill = page.getByRole("link", { name: /\d+\+? new cruds?/ });
    await expect(async () => {
      await page.evaluate(() => document.dispatchEvent(new Event("visibilitychange")));
      await expect(pill).toBeVisible({ timeout: 1_000 });
    }).toPass();
    await expect(pill).toHaveAttribute("href", "/?tab=everyone");
    await pill.click();
    await expect(page.locator("main article.crud", { hasText: message })).toBeVisible();
  });
});

test.describe("keyboard shortcuts", () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "Shortcuts need JavaScript; every action they take is a link, button or field that works without.");

  test("? lists them; j/k move between cruds; l likes, b reposts, r replies; n and / go to their fields", async ({ page, context }, testInfo) => {
    const reader = await signInAs(context, uniqueHandle("keys", testInfo.project.name));
    const star = await ensureUser(uniqueHandle("kstar", testInfo.project.name));
    await follow(reader, star);
    const older = await insertCrud(star, `Second by ${star.handle}`);
    await e2eQuery("UPDATE cruds SET created_at = now() - interval '1 minute' WHERE id = $1", [older]);
    const newest = await insertCrud(star, `First by ${star.handle}`);
    await page.goto("/");
    await hydrated(page);

    await page.keyboard.press("?");
    const help = page.getByRole("dialog", { name: "Keyboard shortcuts" });
    await expect(help).toBeVisible();
    for (const what of [
      "Write a new crud",
      "Search",
      "Next crud",
      "Previous crud",
      "Like or unlike the crud",
      "Reply to the crud",
      "Repost or undo the repost",
    ]) {
      await expect(help.getByRole("row", { name: new RegExp(what) })).toBeVisible();
    }
    await page.keyboard.press("Escape");
    await expect(help).toBeHidden();

    const cards = page.locator("main article.crud");
    await page.keyboard.press("j");
    await expect(cards.nth(0)).toBeFocused();
    await page.keyboard.press("j");
    await expect(cards.nth(1)).toBeFocused();
    await page.keyboard.press("k");
    await expect(cards.nth(0)).toBeFocused();

    await page.keyboard.press("l");
    await expect(cards.nth(0).getByRole("button", { name: /^Unlike 1 like$/ })).toBeVisible();
    await page.keyboard.press("b");
    await expect(cards.nth(0).getByRole("button", { name: /^Undo repost 1 repost$/ })).toBeVisible();
    await expect
      .poll(
        async () =>
          (await e2eQuery<{ likes: number; reposts: number }>("SELECT likes_count AS likes, reposts_count AS reposts FROM cruds WHERE id = $1", [newest]))[0],
      )
      .toEqual({ likes: 1, reposts: 1 });
    // The repost joins the reader's own Following tab, at the top, when the page reloads its data after
    // it (fetcher revalidation), in place of the crud (a crud shows once a page, as its newest entry).
    // Wait for that: a reload that lands between a later "j" and its check puts a new first card under
    // the focus (the flake on a busy machine: the focused card was nth(1)).
    await expect(cards.nth(0).locator(".reposted-by")).toContainText("You reposted");
    await expect(cards).toHaveCount(2);

    // n: the composer; letters typed there are text, not shortcuts.
    await page.keyboard.press("n");
    const composer = crudForm(page).getByRole("textbox");
    await expect(composer).toBeFocused();
    await page.keyboard.type("jkl");
    await expect(composer).toHaveValue("jkl");
    await expect(composer).toBeFocused();
    await composer.fill("");

    // /: the search box.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("/");
    await expect(page.getByRole("searchbox").first()).toBeFocused();
    await expect(page.getByRole("searchbox").first()).toHaveValue("");

    // o: open the focused crud.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press("j");
    await expect(cards.nth(0)).toBeFocused();
    await page.keyboard.press("o");
    await expect(page).toHaveURL(new RegExp(`/@${star.handle}/status/${newest}$`));
    await page.goBack();
    await hydrated(page);

    // r: the focused crud's reply form.
    await page.keyboard.press("j");
    await expect(cards.nth(0)).toBeFocused();
    await page.keyboard.press("r");
    await expect(page).toHaveURL(new RegExp(`/@${star.handle}/status/${newest}$`));
    await expect(page.getByLabel("Your reply")).toBeFocused();
  });

  test("Ctrl+Enter (Cmd+Enter) posts what is in the crud form", async ({ page, context }, testInfo) => {
    const poster = await signInAs(context, uniqueHandle("ctrl", testInfo.project.name));
    await page.goto("/");
    await hydrated(page);
    await page.keyboard.press("n");
    const message = `Posted with the keyboard by ${poster.handle}`;
    await page.keyboard.type(message);
    await page.keyboard.press("Control+Enter");
    await expect(page.locator("main article.crud", { hasText: message })).toBeVisible();
    await expect(crudForm(page).getByRole("textbox")).toHaveValue("");
    const meta = `${message}, again with Meta`;
    await crudForm(page).getByRole("textbox").fill(meta);
    await page.keyboard.press("Meta+Enter");
    await expect(page.locator("main article.crud", { hasText: meta })).toBeVisible();
  });
});

test.describe("links and mentions in a crud", () => {
  test("a long link counts as 23, becomes a safe link; a mention of nobody stays text", async ({ page, context }, testInfo) => {
    const poster = await signInAs(context, uniqueHandle("links", testInfo.project.name));
    const friend = await ensureUser(uniqueHandle("friend", testInfo.project.name));
    await page.goto("/");
    // The characters-left counter counts what is typed once the page has hydrated.
    await hydrated(page);
    const link = `https://example.com/articles/${"long-path-".repeat(40)}end?utm=1`;
    const nobody = `@nobody_${poster.handle.slice(-8)}`;
    const message = `${"x".repeat(200)} ${link} @${friend.handle} ${nobody}`;
    const textbox = crudForm(page).getByRole("textbox");
    await textbox.fill(message);
    if (testInfo.project.name === "js-on") {
      // 280 − (200 + 1 + 23 + 1 + handle + 1 + nobody)
      const left = 280 - (200 + 1 + 23 + 1 + 1 + friend.handle.length + 1 + nobody.length);
      await expect(crudForm(page).getByText(`${left} characters left`)).toBeVisible();
    }
    await expect(textbox).toHaveValue(message);
    await crudForm(page).getByRole("button", { name: "Crud" }).click();

    const card = page.locator("main article.crud", { hasText: "x".repeat(200) }).first();
    const anchor = card.getByRole("link", { name: link });
    await expect(anchor).toHaveAttribute("href", link);
    await expect(anchor).toHaveAttribute("rel", "nofollow ugc noopener");
    await expect(card.getByRole("link", { name: `@${friend.handle}` })).toHaveAttribute("href", `/@${friend.handle}`);
    await expect(card.locator(".message")).toContainText(nobody);
    await expect(card.getByRole("link", { name: nobody })).toHaveCount(0);
  });

  test("javascript: and other tricks are never links", async ({ page }, testInfo) => {
    const author = await ensureUser(uniqueHandle("tricks", testInfo.project.name));
    const message = `tricks ${author.handle}: javascript:alert(1) https://bank.example@evil.example data:text/html,hi`;
    const id = await insertCrud(author, message);
    await page.goto(`/@${author.handle}/status/${id}`);
    const text = page.locator(".thread-root .message");
    await expect(text).toHaveText(message);
    await expect(text.getByRole("link")).toHaveCount(0);
  });
});

test.describe("a reply's page", () => {
  test("shows the crud it answers above it, linked to its own page", async ({ page, context }, testInfo) => {
    await signInAs(context, uniqueHandle("ctx", testInfo.project.name));
    const asker = await ensureUser(uniqueHandle("asker", testInfo.project.name), "Asker");
    const answerer = await ensureUser(uniqueHandle("answer", testInfo.project.name), "Answerer");
    const question = await insertCrud(asker, `What expires first? ${asker.handle}`);
    const answer = await insertCrud(answerer, `Everything, eventually. ${answerer.handle}`, { replyTo: question });
    await page.goto(`/@${answerer.handle}/status/${answer}`);
    const context_ = page.getByRole("region", { name: "In reply to" });
    await expect(context_.locator("article.crud")).toContainText(`What expires first? ${asker.handle}`);
    const [above, below] = await Promise.all([context_.boundingBox(), page.locator(".thread-root article").boundingBox()]);
    expect(above!.y + above!.height).toBeLessThanOrEqual(below!.y);
    await context_.locator("a.age").click();
    await expect(page).toHaveURL(new RegExp(`/@${asker.handle}/status/${question}$`));
    await expect(page.locator(".thread-root")).toContainText(`What expires first? ${asker.handle}`);
    await expect(page.getByRole("region", { name: "In reply to" })).toHaveCount(0);
  });
});
