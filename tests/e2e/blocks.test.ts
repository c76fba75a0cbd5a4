import { crudBy, expect, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";
import { signInAs } from "../support/e2e-session";

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
  await main.getByRole("button", { name: `Block @${pest.handle}` }).click();
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
