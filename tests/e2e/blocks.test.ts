import type { Page } from "@playwright/test";
import { block, crudBy, expect, follow, hydrated, statusMessage, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";
import { signInAs } from "../support/e2e-session";

/**
 * On a profile: Block, then `choice` in what asks first (ADR 035): with JavaScript a dialog, without
 * the page `/@handle/block` (Cancel goes back to the profile, Block blocks and comes back to it).
 */
async function answerBlock(page: Page, handle: string, choice: "Block" | "Cancel") {
  const main = page.locator("#main");
  if (test.info().project.name === "js-off") {
    await main.getByRole("link", { name: `Block @${handle}` }).click();
    await expect(page).toHaveURL(new RegExp(`/@${handle}/block\\?redirectTo=`));
    await expect(page.getByRole("heading", { level: 1, name: `Block @${handle}?` })).toBeVisible();
    await expect(main).toContainText("They are not told.");
    await main.getByRole(choice === "Block" ? "button" : "link", { name: choice, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`/@${handle}$`));
    return;
  }
  await hydrated(page);
  await main.getByRole("button", { name: `Block @${handle}` }).click();
  const dialog = page.getByRole("alertdialog", { name: `Block @${handle}?` });
  await expect(dialog).toContainText("They are not told.");
  await dialog.getByRole("button", { name: choice, exact: true }).click();
  await expect(dialog).toBeHidden();
  // Focus is back on the button, whichever its label now.
  await expect(main.getByRole("button", { name: choice === "Block" ? `Unblock @${handle}` : `Block @${handle}` })).toBeFocused();
}

test("block asks first: Cancel changes nothing, Block blocks and says so; unblock is one click", async ({ page, newUser, signIn }) => {
  const viewer = await signIn("askblk", "Ask Blocker");
  const other = await newUser("askbld", "Ask Blocked");
  const main = page.locator("#main");
  const blocks = async () => (await e2eQuery("SELECT 1 FROM blocks WHERE blocker_id = $1", [viewer.id])).length;

  await page.goto(`/@${other.handle}`);
  await answerBlock(page, other.handle, "Cancel");
  await expect(main.getByRole(test.info().project.name === "js-off" ? "link" : "button", { name: `Block @${other.handle}` })).toBeVisible();
  expect(await blocks()).toBe(0);

  await answerBlock(page, other.handle, "Block");
  await expect(statusMessage(page)).toHaveText(`Blocked @${other.handle}.`);
  await expect(main.getByRole("button", { name: `Unblock @${other.handle}` })).toBeVisible();
  await expect.poll(blocks).toBe(1);

  // Unblock does not ask.
  await main.getByRole("button", { name: `Unblock @${other.handle}` }).click();
  await expect(statusMessage(page)).toHaveText(`Unblocked @${other.handle}.`);
  await expect.poll(blocks).toBe(0);
});

test("mute says so with an Undo in the status message, which unmutes", async ({ page, newUser, signIn }, testInfo) => {
  const viewer = await signIn("undomu", "Undo Muter");
  const other = await newUser("undomd", "Undo Muted");
  const main = page.locator("#main");
  const mutes = async () => (await e2eQuery("SELECT 1 FROM mutes WHERE muter_id = $1", [viewer.id])).length;

  await page.goto(`/@${other.handle}`);
  await hydrated(page);
  await main.getByRole("button", { name: `Mute @${other.handle}` }).click();
  await expect(statusMessage(page)).toContainText(`Muted @${other.handle}.`);
  await expect.poll(mutes).toBe(1);
  await statusMessage(page).getByRole("button", { name: "Undo" }).click();
  await expect(statusMessage(page)).toHaveText(`Unmuted @${other.handle}.`);
  await expect.poll(mutes).toBe(0);
  await expect(main.getByRole("button", { name: `Mute @${other.handle}` })).toBeVisible();
  await expect(page).toHaveURL(new RegExp(`/@${other.handle}$`));
  // With JavaScript the Undo's button went with its message: focus is on the message that replaced it.
  if (testInfo.project.name !== "js-off") await expect(statusMessage(page).locator(".flash")).toBeFocused();
});

test("block from a profile: neither sees the other's cruds, the blocker is told; unblock from /settings/blocks restores", async ({
  browser,
  page,
  newUser,
  signIn,
}, testInfo) => {
  const viewer = await signIn("blocker", "Block Er");
  const pest = await newUser("pest", "Pest Blocked");
  const pestsWords = `Pest's crud for ${viewer.handle}`;
  const viewersWords = `Blocker's crud for ${pest.handle}`;
  await crudBy(pest, { text: pestsWords });
  await crudBy(viewer, { text: viewersWords });
  const main = page.locator("#main");

  await page.goto("/?tab=everyone");
  await expect(page.locator("article.crud", { hasText: pestsWords })).toBeVisible();
  await page.goto(`/@${pest.handle}`);
  await main.getByRole("button", { name: `Follow @${pest.handle}` }).click();
  await expect(main.getByRole("button", { name: `Unfollow @${pest.handle}` })).toBeVisible();
  await expect.poll(async () => (await e2eQuery("SELECT 1 FROM follows WHERE follower_id = $1", [viewer.id])).length).toBe(1);
  await answerBlock(page, pest.handle, "Block");
  await expect(main.getByRole("button", { name: `Unblock @${pest.handle}` })).toBeVisible();
  await expect(page.getByText(`You have blocked @${pest.handle}.`)).toBeVisible();
  await expect(page.locator("article.crud", { hasText: pestsWords })).toHaveCount(0);
  // The block ended the follow.
  await expect.poll(async () => (await e2eQuery("SELECT 1 FROM follows WHERE follower_id = $1", [viewer.id])).length).toBe(0);

  await page.goto("/?tab=everyone");
  await expect(page.locator("article.crud", { hasText: viewersWords })).toBeVisible();
  await expect(page.locator("article.crud", { hasText: pestsWords })).toHaveCount(0);

  // The other way round: the blocked user no longer sees the blocker's cruds, and is not told.
  const theirs = await browser.newContext({ javaScriptEnabled: testInfo.project.name !== "js-off" });
  await signInAs(theirs, pest.handle, "Pest Blocked");
  const theirPage = await theirs.newPage();
  await theirPage.goto("/?tab=everyone");
  await expect(theirPage.locator("article.crud", { hasText: pestsWords })).toBeVisible();
  await expect(theirPage.locator("article.crud", { hasText: viewersWords })).toHaveCount(0);
  await theirPage.goto(`/@${viewer.handle}`);
  await expect(theirPage.getByText("You have blocked")).toHaveCount(0);
  await expect(theirPage.locator("article.crud", { hasText: viewersWords })).toHaveCount(0);
  await theirs.close();

  await page.goto("/settings/blocks");
  await expect(main.locator("li", { hasText: `@${pest.handle}` })).toBeVisible();
  await main.getByRole("button", { name: `Unblock @${pest.handle}` }).click();
  await expect(page).toHaveURL(/\/settings\/blocks$/);
  await expect.poll(async () => (await e2eQuery("SELECT 1 FROM blocks WHERE blocker_id = $1", [viewer.id])).length).toBe(0);
  await expect(page.getByText("You have not blocked anyone.")).toBeVisible();
  await page.goto("/?tab=everyone");
  await expect(page.locator("article.crud", { hasText: pestsWords })).toBeVisible();
});

test("mute from a profile: their cruds leave the muter's timelines, the profile still shows them; unmute restores", async ({ page, newUser, signIn }) => {
  const viewer = await signIn("muter", "Mute Er");
  const loud = await newUser("loud", "Loud Muted");
  const loudWords = `Loud crud for ${viewer.handle}`;
  await crudBy(loud, { text: loudWords });
  const main = page.locator("#main");
  const card = page.locator("article.crud", { hasText: loudWords });

  await page.goto(`/@${loud.handle}`);
  await main.getByRole("button", { name: `Follow @${loud.handle}` }).click();
  await expect(main.getByRole("button", { name: `Unfollow @${loud.handle}` })).toBeVisible();
  await expect.poll(async () => (await e2eQuery("SELECT 1 FROM follows WHERE follower_id = $1", [viewer.id])).length).toBe(1);
  await main.getByRole("button", { name: `Mute @${loud.handle}` }).click();
  await expect(main.getByRole("button", { name: `Unmute @${loud.handle}` })).toBeVisible();
  // With JS the button turns at once (optimistic): wait for the mute itself before leaving the page.
  await expect.poll(async () => (await e2eQuery("SELECT 1 FROM mutes WHERE muter_id = $1", [viewer.id])).length).toBe(1);
  // Muting is not blocking: the profile and the follow stay.
  await expect(card).toBeVisible();
  await expect(main.getByRole("button", { name: `Unfollow @${loud.handle}` })).toBeVisible();
  await page.goto("/");
  await expect(card).toHaveCount(0);
  await page.goto("/?tab=everyone");
  await expect(card).toHaveCount(0);

  await page.goto("/settings/mutes");
  await main.getByRole("button", { name: `Unmute @${loud.handle}` }).click();
  await expect(page.getByText("You have not muted anyone.")).toBeVisible();
  await page.goto("/");
  await expect(card).toBeVisible();
});

test("a profile's counts follow what its viewer may see: a blocked viewer is not told by a count", async ({
  browser,
  page,
  signedInUser: me,
  newUser,
}, testInfo) => {
  const blocker = await newUser("counted", "Counted Blocker");
  const fan = await newUser("cfan");
  const idol = await newUser("cidol");
  await crudBy(blocker, { text: `One by ${blocker.handle}` });
  await crudBy(blocker, { text: `Two by ${blocker.handle}` });
  await crudBy(me, { text: `Mine, ${me.handle}` });
  await follow(blocker, idol);
  await follow(fan, blocker);
  await block(blocker, me);

  // The blocked viewer: an empty feed, and no count that says otherwise.
  await page.goto(`/@${blocker.handle}`);
  await expect(page.getByText(`@${blocker.handle} has no live cruds.`)).toBeVisible();
  await expect(page.locator(".profile-info .crud-count")).toHaveText("0 cruds");
  // Follow counts and their lists agree (the lists are not filtered by a block: neither are the counts).
  await expect(page.locator(".profile-info .follow-counts")).toHaveText("1 following · 1 follower");
  await page.getByRole("link", { name: "1 follower" }).click();
  await expect(page.locator("#main .people li")).toHaveCount(1);
  await expect(page.locator("#main .people li", { hasText: `@${fan.handle}` })).toBeVisible();
  await page.goto(`/@${blocker.handle}/following`);
  await expect(page.locator("#main .people li")).toHaveCount(1);
  await expect(page.locator("#main .people li", { hasText: `@${idol.handle}` })).toBeVisible();

  // The blocker sees none of the blocked user's cruds on their profile, and no count of them either.
  const theirs = await browser.newContext({ javaScriptEnabled: testInfo.project.name !== "js-off" });
  await signInAs(theirs, blocker.handle);
  const theirPage = await theirs.newPage();
  await theirPage.goto(`/@${me.handle}`);
  await expect(theirPage.getByText(`You have blocked @${me.handle}.`)).toBeVisible();
  await expect(theirPage.locator(".profile-info .crud-count")).toHaveText("0 cruds");
  await theirs.close();
});
