// Feedback after every action (ADR 020), with JavaScript on and off (the two projects):
// a status message after posting, replying, deleting, saving the profile, sending a message and
// signing out; the focus stays in the composer; a progress bar while a page loads; a crud whose
// countdown ends on screen says so; acting on a crud that has gone says so where it was; like,
// repost and reply without JavaScript come back to the card.
import { type Page } from "@playwright/test";
import { crudBy, expect, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";
import { ensureUser, signInAs, uniqueHandle, type E2EUser } from "../support/e2e-session";
import { hydrated } from "./fixtures";

let alice: E2EUser;
let bob: E2EUser;

test.beforeEach(async ({ context }, testInfo) => {
  alice = await signInAs(context, uniqueHandle("fb_alice", testInfo.project.name), "Alice Feedback");
  bob = await ensureUser(uniqueHandle("fb_bob", testInfo.project.name), "Bob Feedback");
});

/** The layout's status message (an aria-live region, the same with JavaScript and without). */
const statusMessage = (page: Page) => page.locator(".status-region");

async function insertCrud(userId: string, message: string, lifetime = "1 hour") {
  return (await crudBy({ id: userId }, { text: message, lifetime })).id;
}

test("posting says so, keeps the focus in the composer (JS), and typing is not announced", async ({ page }, testInfo) => {
  await page.goto("/");
  await hydrated(page);
  const composer = page.getByRole("form", { name: "Post a crud" }).getByRole("textbox");
  // Nothing the composer changes as one types is a live region: the characters-left counter is read
  // with the box (aria-describedby), not announced at every keystroke.
  await expect(composer).toHaveAttribute("aria-describedby", /crud-message-left/);
  const inLiveRegion = (selector: string) => page.locator(selector).evaluate((element) => !!element.closest("[aria-live], [role=status], [role=alert]"));
  expect(await inLiveRegion("#crud-message-left")).toBe(false);
  expect(await inLiveRegion("form.crud-form")).toBe(false);

  await composer.fill(`Posted with feedback by ${alice.handle}`);
  await page.getByRole("button", { name: "Crud", exact: true }).click();
  await expect(statusMessage(page)).toHaveText("Your crud is posted.");
  await expect(page.locator("article.crud", { hasText: `Posted with feedback by ${alice.handle}` })).toBeVisible();
  if (testInfo.project.name === "js-on") {
    await expect(composer).toBeFocused();
    await expect(composer).toHaveValue("");
    // Typing the next one changes nothing in the live region.
    await page.keyboard.type("the next one");
    await expect(page.locator("#crud-message-left")).toHaveText(`${280 - "the next one".length} characters left`);
    await expect(statusMessage(page)).toHaveText("Your crud is posted.");
  }
});

test("replying says so and, without JS, lands on the new reply", async ({ page }, testInfo) => {
  const crudId = await insertCrud(bob.id, `Bob asks ${alice.handle}`);
  // Enough replies that the new one is below the first screen.
  for (let i = 0; i < 8; i++) {
    await crudBy(bob, { text: `Earlier reply ${i}\n\nwith\n\nseveral\n\nlines`, replyTo: crudId });
  }
  await page.goto(`/@${bob.handle}/status/${crudId}`);
  await hydrated(page);
  await page.getByLabel("Your reply").fill(`Alice answers ${alice.handle}`);
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(statusMessage(page)).toHaveText("Your reply is posted.");
  const reply = page.locator("article.crud", { hasText: `Alice answers ${alice.handle}` });
  await expect(reply).toBeVisible();
  if (testInfo.project.name === "js-off") {
    const [stored] = await e2eQuery<{ id: string }>("SELECT id FROM cruds WHERE reply_to_id = $1 AND user_id = $2", [crudId, alice.id]);
    await expect(page).toHaveURL(new RegExp(`/status/${crudId}#crud-${stored!.id}$`));
    await expect(reply).toBeInViewport();
  } else {
    await expect(page.getByLabel("Your reply")).toBeFocused();
  }
});

test("deleting, saving the profile, sending a message and signing out each say so", async ({ page }) => {
  const crudId = await insertCrud(alice.id, `To be deleted by ${alice.handle}`);
  await page.goto(`/@${alice.handle}/status/${crudId}?delete`);
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${alice.handle}$`));
  await expect(statusMessage(page)).toHaveText("Your crud is deleted.");

  await page.goto("/settings/profile");
  await page.getByLabel("Bio").fill("Feedback everywhere");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${alice.handle}$`));
  await expect(statusMessage(page)).toHaveText("Your profile is saved.");

  await page.goto(`/messages/@${bob.handle}`);
  await page.getByLabel("Message").fill("Did you see that?");
  await page.getByRole("button", { name: "Send" }).click();
  await expect(page.locator(".message-list")).toContainText("Did you see that?");
  await expect(statusMessage(page)).toHaveText("Your message is sent.");

  await page.getByRole("navigation", { name: "Main" }).locator("summary").click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(statusMessage(page)).toHaveText("You have signed out.");
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" })).toBeVisible();
  // Shown once: the same page again says nothing.
  await page.reload();
  await expect(page.locator("article.crud").first()).toBeVisible();
  await expect(statusMessage(page)).toHaveText("");
});

test("a progress bar shows while the next page loads (JS)", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "js-off", "Without JavaScript the browser shows its own progress.");
  await page.goto("/");
  await hydrated(page);
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/search\.data/, async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Search" }).click();
  const bar = page.getByRole("progressbar", { name: "Loading the page" });
  await expect(bar).toBeAttached();
  release();
  await expect(page.getByRole("heading", { name: "Search", level: 1 })).toBeVisible();
  await expect(bar).not.toBeAttached();
});

test("a crud whose countdown ends on screen loses its text and actions, and says so (JS)", async ({ page }, testInfo) => {
  test.skip(testInfo.project.name === "js-off", "Without JavaScript the page is as the server rendered it; the next one leaves the crud out.");
  const message = `About to expire ${alice.handle}`;
  const crudId = await insertCrud(bob.id, message, "2 minutes");
  await page.clock.install();
  await page.goto(`/@${bob.handle}/status/${crudId}`);
  const root = page.locator(".thread-root article.crud");
  await expect(root.getByRole("button", { name: /^Like/ })).toBeVisible();
  await expect(page.getByLabel("Your reply")).toBeVisible();

  await page.clock.fastForward("02:30");
  await expect(root.getByText("This crud has expired.")).toBeVisible();
  // Nobody was on it: the focus (and the scroll position) stay where they were.
  await expect(root.getByText("This crud has expired.")).not.toBeFocused();
  await expect(root).not.toContainText(message);
  await expect(root.getByRole("button")).toHaveCount(0);
  await expect(page.getByLabel("Your reply")).toHaveCount(0);
  await expect(page.getByText("This crud has expired: it takes no more replies.")).toBeVisible();
});

test("liking or reposting a crud that has gone says so where it was, never a dead end", async ({ page }, testInfo) => {
  const jsOn = testInfo.project.name === "js-on";
  for (const [intent, end] of [
    ["Like", "DELETE FROM cruds WHERE id = $1"],
    ["Repost", "UPDATE cruds SET expires_at = now() - interval '1 second' WHERE id = $1"],
  ] as const) {
    const message = `Gone before the ${intent} of ${alice.handle}`;
    const crudId = await insertCrud(bob.id, message);
    await page.goto(`/@${bob.handle}`);
    await hydrated(page);
    const card = page.locator(`#crud-${crudId}`);
    await expect(card).toContainText(message);
    await e2eQuery(end, [crudId]);
    await card.getByRole("button", { name: new RegExp(`^${intent}`) }).click();
    if (jsOn) {
      // In place, on the card; the rest of the page as it was.
      await expect(card.getByText("This crud has expired or was deleted.")).toBeVisible();
      await expect(card.getByRole("button")).toHaveCount(0);
      // The focus was on its button: it moves to the note rather than being lost.
      await expect(card.getByText("This crud has expired or was deleted.")).toBeFocused();
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Bob Feedback");
      await expect(page.getByRole("heading", { name: "Not found" })).toHaveCount(0);
    } else {
      // Back on the page it was on, in the layout, with the message.
      await expect(statusMessage(page)).toHaveText("That crud has expired or was deleted.");
      await expect(page).toHaveURL(new RegExp(`/@${bob.handle}$`));
      await expect(page.getByRole("heading", { level: 1 })).toContainText("Bob Feedback");
      await expect(card).toHaveCount(0);
    }
  }
});

test("replying to a crud that has gone keeps the text and says why", async ({ page }, testInfo) => {
  const crudId = await insertCrud(bob.id, `Gone before the reply of ${alice.handle}`);
  await page.goto(`/@${bob.handle}/status/${crudId}`);
  await hydrated(page);
  await page.getByLabel("Your reply").fill("A reply worth keeping");
  await e2eQuery("DELETE FROM cruds WHERE id = $1", [crudId]);
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  if (testInfo.project.name === "js-on") {
    await expect(page.getByRole("form", { name: "Reply" }).getByRole("alert")).toHaveText(
      "This crud has expired or was deleted, so your reply was not posted.",
    );
    await expect(page.getByLabel("Your reply")).toHaveValue("A reply worth keeping");
  } else {
    // The compose page (ADR 033): the reply form with the message and the text kept, to send elsewhere or copy.
    await expect(page).toHaveURL(/\/compose$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your reply");
    await expect(page.getByRole("form", { name: "Reply" }).getByRole("alert")).toHaveText(
      "This crud has expired or was deleted, so your reply was not posted.",
    );
    await expect(page.getByLabel("Your reply")).toHaveValue("A reply worth keeping");
    await expect(page.getByRole("heading", { name: "Not found" })).toHaveCount(0);
  }
  expect(await e2eQuery("SELECT 1 FROM cruds WHERE message = 'A reply worth keeping'")).toHaveLength(0);
});

test("like and repost come back to the card, not to the top of the page", async ({ page }, testInfo) => {
  const carol = await ensureUser(uniqueHandle("fb_carol", testInfo.project.name), "Carol Many");
  // The oldest of a dozen is at the bottom of Carol's profile, well below the first screen.
  const target = await insertCrud(carol.id, `The bottom one of ${carol.handle}`);
  for (let i = 0; i < 12; i++) {
    await crudBy(carol, { text: `Newer crud ${i}\n\nwith\n\nlines`, createdAt: `${i + 1} seconds` });
  }
  await page.goto(`/@${carol.handle}`);
  const card = page.locator(`#crud-${target}`);
  await expect(card).not.toBeInViewport();
  await card.scrollIntoViewIfNeeded();
  await card.getByRole("button", { name: /^Like/ }).click();
  await expect(card.getByRole("button", { name: /^Unlike 1 like$/ })).toBeVisible();
  await expect(card).toBeInViewport();
  if (testInfo.project.name === "js-off") await expect(page).toHaveURL(new RegExp(`/@${carol.handle}#crud-${target}$`));
  await card.getByRole("button", { name: /^Repost/ }).click();
  await expect(card.getByRole("button", { name: /^Undo repost 1 repost$/ })).toBeVisible();
  await expect(card).toBeInViewport();
  expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
});
