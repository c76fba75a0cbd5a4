// A crud card's actions (docs/product.md §3), with JavaScript on and off (the two projects): the More
// menu (a disclosure without JavaScript, a menu with it), Share (a link without JavaScript; the share
// sheet or Copy link with it), and Delete from a feed, which stays on the feed.
import { axeResults } from "./axe";
import { type Page } from "@playwright/test";
import { crudBy, expect, hydrated, statusMessage, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";

const jsOn = () => test.info().project.use.javaScriptEnabled !== false;
const card = (page: Page, text: string) => page.locator("article.crud", { hasText: text });
const moreButton = (page: Page, text: string) => card(page, text).locator("summary", { hasText: "More" });

test("the More menu: Delete and Shorten on your own crud, Report, Mute and Block on another's; Escape and a click outside close it", async ({
  page,
  signIn,
  newUser,
}) => {
  const me = await signIn("menu");
  const other = await newUser("menuother", "Menu Other");
  const mine = `mine ${me.handle}`;
  const theirs = `theirs ${other.handle}`;
  await crudBy(me, { text: mine });
  await crudBy(other, { text: theirs });
  await page.goto("/?tab=everyone");
  await hydrated(page);

  const menu = card(page, mine).locator(".crud-menu .menu");
  await expect(menu).toBeHidden();
  await moreButton(page, mine).click();
  await expect(menu.getByRole("link", { name: "Delete" })).toBeVisible();
  await expect(menu.getByRole("link", { name: "Shorten the lifetime of this crud" })).toHaveAttribute("href", /\/status\/.+#lifetime$/);

  // Clicked again, it closes (a menu may cover the card above it).
  await moreButton(page, mine).click();
  await expect(menu).toBeHidden();
  const theirMenu = card(page, theirs).locator(".crud-menu .menu");
  await moreButton(page, theirs).click();
  await expect(theirMenu.getByRole("link", { name: `Report this crud by @${other.handle}` })).toBeVisible();
  await expect(theirMenu.getByRole("button", { name: `Mute @${other.handle}` })).toBeVisible();
  // Block asks first: its item leads to the confirmation, never blocks in one click.
  await expect(theirMenu.getByRole("link", { name: `Block @${other.handle}` })).toHaveAttribute("href", new RegExp(`^/@${other.handle}/block\\?redirectTo=`));
  await expect(theirMenu.locator("form")).toHaveAttribute("action", `/@${other.handle}/mute`);
  if (!jsOn()) return;

  // The arrow keys go from item to item; Escape closes and gives the focus back to the button.
  await moreButton(page, theirs).focus();
  await page.keyboard.press("ArrowDown");
  await expect(theirMenu.getByRole("link", { name: /^Report/ })).toBeFocused();
  await page.keyboard.press("ArrowDown");
  await expect(theirMenu.getByRole("button", { name: /^Mute/ })).toBeFocused();
  await page.keyboard.press("ArrowUp");
  await expect(theirMenu.getByRole("link", { name: /^Report/ })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(theirMenu).toBeHidden();
  await expect(moreButton(page, theirs)).toBeFocused();
  // A click outside closes it.
  await moreButton(page, theirs).click();
  await expect(theirMenu).toBeVisible();
  await page.getByRole("heading", { level: 1 }).click();
  await expect(theirMenu).toBeHidden();
});

test("Block from a card's menu asks first, then comes back to the feed without the card; Mute says so with an Undo", async ({ page, signIn, newUser }) => {
  const me = await signIn("menublk");
  const blocked = await newUser("menublkd", "Menu Blocked");
  const muted = await newUser("menumtd", "Menu Muted");
  const blockedText = `to be blocked ${blocked.handle}`;
  const mutedText = `to be muted ${muted.handle}`;
  await crudBy(blocked, { text: blockedText });
  await crudBy(muted, { text: mutedText });
  await page.goto("/?tab=everyone");
  await hydrated(page);

  await moreButton(page, blockedText).click();
  await card(page, blockedText)
    .getByRole("link", { name: `Block @${blocked.handle}` })
    .click();
  await expect(page.getByRole("heading", { level: 1, name: `Block @${blocked.handle}?` })).toBeVisible();
  expect(await e2eQuery("SELECT 1 FROM blocks WHERE blocker_id = $1", [me.id])).toHaveLength(0);
  await page.locator("#main").getByRole("button", { name: "Block", exact: true }).click();
  await expect(page).toHaveURL(/\/\?tab=everyone/);
  await expect(statusMessage(page)).toContainText(`Blocked @${blocked.handle}.`);
  await expect(card(page, blockedText)).toHaveCount(0);
  await expect(card(page, mutedText)).toBeVisible();

  await hydrated(page);
  await moreButton(page, mutedText).click();
  await card(page, mutedText)
    .getByRole("button", { name: `Mute @${muted.handle}` })
    .click();
  await expect(statusMessage(page)).toContainText(`Muted @${muted.handle}.`);
  await expect(card(page, mutedText)).toHaveCount(0);
  await statusMessage(page).getByRole("button", { name: "Undo" }).click();
  await expect(statusMessage(page)).toContainText(`Unmuted @${muted.handle}.`);
  await expect(card(page, mutedText)).toBeVisible();
});

test("Share: the crud's address as a link without JavaScript; with it, Copy link puts the address on the clipboard and says so", async ({
  page,
  context,
  signIn,
  baseURL,
}) => {
  const me = await signIn("share");
  const text = `share me ${me.handle}`;
  const { id } = await crudBy(me, { text });
  await page.goto("/?tab=everyone");
  await hydrated(page);
  const address = `/@${me.handle}/status/${id}`;
  if (!jsOn()) {
    await expect(card(page, text).getByRole("link", { name: "Share", exact: true })).toHaveAttribute("href", address);
    return;
  }
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  const hasShareSheet = await page.evaluate(() => typeof navigator.share === "function");
  test.skip(hasShareSheet, "this browser has a share sheet: nothing to read back");
  await card(page, text).getByRole("button", { name: "Copy link" }).click();
  await expect(statusMessage(page)).toHaveText("Link copied.");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`${baseURL}${address}`);
});

test("Delete from a feed stays on the feed: with JavaScript in a dialog, the card goes and the focus moves to the next; without, back from the confirmation page", async ({
  page,
  signIn,
}) => {
  const me = await signIn("delfeed");
  const [older, doomed, newer] = [`older ${me.handle}`, `doomed ${me.handle}`, `newer ${me.handle}`];
  await crudBy(me, { text: older, createdAt: "-3 minutes" });
  const { id } = await crudBy(me, { text: doomed, createdAt: "-2 minutes" });
  await crudBy(me, { text: newer, createdAt: "-1 minute" });
  await page.goto(`/@${me.handle}`);
  await hydrated(page);
  await moreButton(page, doomed).click();
  await card(page, doomed).getByRole("link", { name: "Delete" }).click();
  if (jsOn()) {
    const dialog = page.getByRole("dialog", { name: "Delete this crud?" });
    await expect(dialog).toBeVisible();
    // Cancel keeps it, and the focus goes back to the menu's button.
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await expect(dialog).toBeHidden();
    await expect(moreButton(page, doomed)).toBeFocused();
    await moreButton(page, doomed).click();
    await card(page, doomed).getByRole("link", { name: "Delete" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(card(page, doomed)).toHaveCount(0);
    await expect(statusMessage(page)).toHaveText("Your crud is deleted.");
    await expect(card(page, older)).toBeFocused();
    await expect(page).toHaveURL(new RegExp(`/@${me.handle}$`));

    // The last card of the page: the focus goes to the one before it.
    await moreButton(page, older).click();
    await card(page, older).getByRole("link", { name: "Delete" }).click();
    await dialog.getByRole("button", { name: "Delete" }).click();
    await expect(card(page, older)).toHaveCount(0);
    await expect(card(page, newer)).toBeFocused();
  } else {
    await expect(page.getByRole("alertdialog")).toContainText("Delete this crud?");
    await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
    await expect(page).toHaveURL(new RegExp(`/@${me.handle}$`));
    await expect(statusMessage(page)).toHaveText("Your crud is deleted.");
    await expect(card(page, older)).toBeVisible();
  }
  expect(await e2eQuery("SELECT 1 FROM cruds WHERE id = $1", [id])).toHaveLength(0);
});

test("without JavaScript the confirmation page goes back to the feed it came from, never off the site", async ({ page, signIn }) => {
  const me = await signIn("delback");
  const { id } = await crudBy(me, { text: `back ${me.handle}` });
  const thread = `/@${me.handle}/status/${id}`;
  await page.goto(`${thread}?delete&backTo=${encodeURIComponent("/?tab=everyone")}`);
  await expect(page.getByRole("alertdialog").getByRole("link", { name: "Cancel" })).toHaveAttribute("href", "/?tab=everyone");
  await expect(page.getByRole("alertdialog").locator('input[name="redirectTo"]')).toHaveValue("/?tab=everyone");
  await page.goto(`${thread}?delete&backTo=${encodeURIComponent("//evil.example/")}`);
  await expect(page.getByRole("alertdialog").locator('input[name="redirectTo"]')).toHaveValue(`/@${me.handle}`);
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${me.handle}$`));
});

test("a card with its menu open, and the delete dialog, have no axe violations", async ({ page, signIn, newUser }) => {
  test.skip(!jsOn(), "axe runs in the page");
  const me = await signIn("menuaxe");
  const other = await newUser("menuaxeother");
  const mine = `axe mine ${me.handle}`;
  await crudBy(me, { text: mine });
  await crudBy(other, { text: `axe theirs ${other.handle}` });
  await page.goto("/?tab=everyone");
  await hydrated(page);
  const scan = async () => (await axeResults(page)).violations;
  await moreButton(page, `axe theirs ${other.handle}`).click();
  expect(await scan()).toEqual([]);
  await moreButton(page, mine).click();
  expect(await scan()).toEqual([]);
  await card(page, mine).getByRole("link", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toBeVisible();
  expect(await scan()).toEqual([]);
});
