import { expect, test } from "./fixtures";
import { signInAs, uniqueHandle } from "../support/e2e-session";

test("two users send and read a direct message; unread until opened; errors are clear", async ({ browser }, testInfo) => {
  const javaScriptEnabled = testInfo.project.name !== "js-off";
  const aliceContext = await browser.newContext({ javaScriptEnabled });
  const bobContext = await browser.newContext({ javaScriptEnabled });
  const alice = await signInAs(aliceContext, uniqueHandle("alice", testInfo.project.name), "Alice Tester");
  const bob = await signInAs(bobContext, uniqueHandle("bob", testInfo.project.name), "Bob Tester");
  const text = `Hello Bob, it is Alice (${testInfo.project.name} ${Date.now()})`;

  // Alice starts the conversation from /messages with the "Message someone" form.
  const alicePage = await aliceContext.newPage();
  await alicePage.goto("/messages");
  await expect(alicePage.getByText("No conversations yet.")).toBeVisible();
  await alicePage.getByLabel("Message someone").fill(`@${bob.handle}`);
  await alicePage.getByRole("button", { name: "Open" }).click();
  await expect(alicePage).toHaveURL(new RegExp(`/messages/@${bob.handle}$`));
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
  await expect(bobPage).toHaveURL(new RegExp(`/messages/@${alice.handle}$`));
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
