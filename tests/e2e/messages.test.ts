import { expect, test } from "./fixtures";
import { signInAs, uniqueHandle } from "../support/e2e-session";

test("two users send and read a direct message; unread until opened; errors are clear", async ({ browser }, testInfo) => {
  const javaScriptEnabled = testInfo.project.name !== "js-off";
  const aliceContext = await browser.newContext({ javaScriptEnabled });
  const bobContext = await browser.newContext({ javaScriptEnabled });
  const alice = await signInAs(aliceContext, uniqueHandle("alice", testInfo.project.name), "Alice Tester");
  const bob = await signInAs(bobContext, uniqueHandle("bob", testInfo.project.name), "Bob Tester");
  const text = `Hello Bob, it is Alice (${testInfo.project.name} ${Date.now()})`;

  // Alice starts the conversation from /messages: a search for a person, then the link to them.
  const alicePage = await aliceContext.newPage();
  await alicePage.goto("/messages");
  await expect(alicePage.getByText("No conversations yet.")).toBeVisible();
  await alicePage.getByLabel("Find someone to message").fill(bob.handle);
  await alicePage.getByRole("search", { name: "New message" }).getByRole("button", { name: "Find" }).click();
  await expect(alicePage).toHaveURL(new RegExp(`/messages\\?q=${bob.handle}$`));
  const found = alicePage.getByRole("list", { name: `People matching “${bob.handle}”` });
  await expect(found.getByRole("link")).toHaveCount(1);
  await found.getByRole("link", { name: `Message Bob Tester @${bob.handle}` }).click();
  await expect(alicePage).toHaveURL(new RegExp(`/messages/@${bob.handle}#latest$`));
  await expect(alicePage.getByRole("heading", { level: 1 })).toContainText("Bob Tester");

  // Too long (the form's maxlength is bypassed to check the server): 400, the text is kept.
  const tooLong = "x".repeat(1025);
  const response = await alicePage.request.post(`/messages/@${bob.handle}`, { form: { message: tooLong } });
  expect(response.status()).toBe(400);
  const page400 = await response.text();
  expect(page400).toContain("Use at most 1024 characters");
  expect(page400).toContain(tooLong);

  await alicePage.getByLabel("Message", { exact: true }).fill(text);
  await alicePage.getByRole("button", { name: "Send" }).click();
  const aliceList = alicePage.getByRole("list", { name: `Messages with @${bob.handle}` });
  await expect(aliceList.getByText(text)).toBeVisible();
  await expect(alicePage.getByLabel("Message", { exact: true })).toHaveValue("");

  // Bob sees an unread conversation, opens it, reads, replies.
  const bobPage = await bobContext.newPage();
  await bobPage.goto("/messages");
  const row = bobPage
    .getByRole("list", { name: "Conversations" })
    .getByRole("listitem")
    .filter({ hasText: `@${alice.handle}` });
  await expect(row).toContainText(text);
  await expect(row).toContainText("New messages");
  const bobNav = bobPage.getByRole("navigation", { name: "Main" });
  await expect(bobNav.getByRole("link", { name: /Messages 1 unread conversations/ })).toBeVisible();
  await row.getByRole("link").click();
  await expect(bobPage).toHaveURL(new RegExp(`/messages/@${alice.handle}#latest$`));
  await expect(bobPage.getByRole("list", { name: `Messages with @${alice.handle}` })).toContainText(text);
  // The page that opens it no longer counts it.
  await expect(bobNav.getByRole("link", { name: /Messages/ })).not.toContainText("unread");
  await bobPage.getByLabel("Message", { exact: true }).fill("Hi Alice!");
  await bobPage.getByRole("button", { name: "Send" }).click();
  await expect(bobPage.getByRole("list", { name: `Messages with @${alice.handle}` }).getByText("Hi Alice!")).toBeVisible();
  await bobPage.goto("/messages");
  await expect(row).not.toContainText("New messages");
  await expect(row).toContainText("You: Hi Alice!");

  // Alice's list now shows Bob's reply as unread.
  await alicePage.goto("/messages");
  const aliceRow = alicePage.getByRole("listitem").filter({ hasText: `@${bob.handle}` });
  await expect(aliceRow).toContainText("Hi Alice!");
  await expect(aliceRow).toContainText("New messages");

  // Clear errors: yourself (400) and an unknown handle (404).
  const self = await alicePage.goto(`/messages/@${alice.handle}`);
  expect(self?.status()).toBe(400);
  await expect(alicePage.getByRole("alert")).toContainText("cannot send messages to yourself");
  const unknown = await alicePage.goto("/messages/@nobody_at_all_xyz");
  expect(unknown?.status()).toBe(404);
  await expect(alicePage.getByRole("alert")).toContainText("There is no user @nobody_at_all_xyz");

  await aliceContext.close();
  await bobContext.close();
});

test("a conversation is a chat: sides, the latest in view, Ctrl+Enter sends and the box keeps the focus; started from a profile", async ({
  browser,
}, testInfo) => {
  const javaScriptEnabled = testInfo.project.name !== "js-off";
  const aliceContext = await browser.newContext({ javaScriptEnabled });
  const bobContext = await browser.newContext();
  const alice = await signInAs(aliceContext, uniqueHandle("chatalice", testInfo.project.name), "Alice Chat");
  const bob = await signInAs(bobContext, uniqueHandle("chatbob", testInfo.project.name), "Bob Chat");
  // Bob has written twenty messages: more than the list's height.
  for (let n = 1; n <= 20; n++) {
    expect((await bobContext.request.post(`/messages/@${alice.handle}`, { form: { message: `Bob says ${n}` }, maxRedirects: 0 })).status()).toBe(302);
  }
  await bobContext.close();

  // From Bob's profile, the Message button.
  const page = await aliceContext.newPage();
  await page.goto(`/@${bob.handle}`);
  await page.getByRole("link", { name: "Message", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/messages/@${bob.handle}#latest$`));
  const list = page.getByRole("list", { name: `Messages with @${bob.handle}` });
  const items = list.getByRole("listitem");
  await expect(items).toHaveCount(20);
  // The latest at the bottom, in view (scrolled there with JavaScript, by `#latest` without); the first is not.
  await expect(items.last()).toContainText("Bob says 20");
  await expect(items.last()).toBeInViewport();
  await expect(items.first()).not.toBeInViewport();
  // Each says who and when.
  await expect(items.last().locator(".meta")).toContainText("Bob Chat");
  await expect(items.last().locator(".meta time")).toHaveAttribute("datetime", /Z$/);

  const box = page.getByLabel("Message", { exact: true });
  await box.fill("Hello from Alice");
  if (javaScriptEnabled) {
    await box.press("Control+Enter");
  } else {
    await page.getByRole("button", { name: "Send" }).click();
  }
  const mine = list.locator("li.mine", { hasText: "Hello from Alice" });
  await expect(mine).toBeVisible();
  await expect(mine.locator(".meta")).toContainText("You");
  await expect(box).toHaveValue("");
  await expect(mine).toBeInViewport();
  if (javaScriptEnabled) {
    // The same page, the box still focused: the next one is typed at once.
    await expect(box).toBeFocused();
    await page.keyboard.type("And another");
    await page.keyboard.press("Meta+Enter");
    await expect(list.locator("li.mine", { hasText: "And another" })).toBeVisible();
    await expect(box).toBeFocused();
    await expect(box).toHaveValue("");
  }
  // Yours on the right, theirs on the left.
  const theirs = (await list.locator("li.theirs").last().boundingBox())!;
  const ours = (await mine.boundingBox())!;
  expect(ours.x + ours.width).toBeGreaterThan(theirs.x + theirs.width);
  expect(ours.x).toBeGreaterThan(theirs.x);
  await aliceContext.close();
});

test("an empty message is refused with a clear error and the page stays usable", async ({ browser, signIn }, testInfo) => {
  const context = await browser.newContext({ javaScriptEnabled: testInfo.project.name !== "js-off" });
  await signIn("carol", undefined, context);
  const other = await browser.newContext();
  const dave = await signInAs(other, uniqueHandle("dave", testInfo.project.name));
  await other.close();
  const page = await context.newPage();
  const response = await page.request.post(`/messages/@${dave.handle}`, { form: { message: "   " } });
  expect(response.status()).toBe(400);
  await page.goto(`/messages/@${dave.handle}`);
  await expect(page.getByText(`No messages yet. Say hello to @${dave.handle}.`)).toBeVisible();
  await context.close();
});

test("signed out, /messages sends you to sign in", async ({ page }) => {
  await page.goto("/messages");
  await expect(page).toHaveURL(/\/signin\?redirectTo=%2Fmessages/);
});
