import { crudBy, expect, interact, notify, statusMessage, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";
import { ensureUser, signInAs, uniqueHandle } from "../support/e2e-session";

test("a reply and a like from another user become notifications, read once opened", async ({ browser, baseURL }, testInfo) => {
  const aliceContext = await browser.newContext({ baseURL, javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
  const bobContext = await browser.newContext({ baseURL, javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
  const alice = await signInAs(aliceContext, uniqueHandle("alice", testInfo.project.name), "Alice Notified");
  await signInAs(bobContext, uniqueHandle("bob", testInfo.project.name), "Bob Notifier");
  const crud = await crudBy(alice, { text: `Notify me ${alice.handle}` });

  const bobPage = await bobContext.newPage();
  await bobPage.goto(`/@${alice.handle}/status/${crud.id}`);
  await bobPage.getByLabel("Your reply").fill("Nice one!");
  await bobPage.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(bobPage.locator(".feed article.crud", { hasText: "Nice one!" })).toBeVisible();
  await bobPage.locator(".thread-root article").getByRole("button", { name: /^Like/ }).click();
  await expect(bobPage.locator(".thread-root article").getByRole("button", { name: /^Unlike/ })).toBeVisible();
  // With JavaScript that button changes before the server has stored the like (optimistic UI).
  const notificationsOfAlice = async () =>
    Number((await e2eQuery<{ n: string }>("SELECT count(*) AS n FROM notifications WHERE recipient_id = $1", [alice.id]))[0]!.n);
  await expect.poll(notificationsOfAlice).toBe(2);

  const alicePage = await aliceContext.newPage();
  await alicePage.goto("/");
  const nav = alicePage.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: /Notifications 2 unread/ })).toBeVisible();
  await nav.getByRole("link", { name: /Notifications/ }).click();
  const items = alicePage.locator(".notification");
  await expect(items.filter({ hasText: "Bob Notifier liked your crud" })).toHaveClass(/unread/);
  await expect(items.filter({ hasText: "Bob Notifier replied to your crud" })).toContainText("Nice one!");
  // The page that marks them read shows no unread badge itself.
  await expect(nav.getByRole("link", { name: /Notifications/ })).not.toContainText("unread");

  await alicePage.reload();
  await expect(alicePage.locator(".notification.unread")).toHaveCount(0);
  await expect(nav.getByRole("link", { name: /Notifications/ })).not.toContainText("unread");
  await aliceContext.close();
  await bobContext.close();
});

test("a follow becomes an '@x followed you' notification, counted and read like the others", async ({ browser, baseURL, newUser, signIn }, testInfo) => {
  const context = await browser.newContext({ baseURL, javaScriptEnabled: testInfo.project.use.javaScriptEnabled });
  const alice = await signIn("followee", "Alice Followed", context);
  const bob = await newUser("follower");
  // The follow button is another branch's; the row is what its action writes (notifyFollowed).
  await notify(alice, bob, "follow");

  const page = await context.newPage();
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: /Notifications 1 unread/ })).toBeVisible();
  await nav.getByRole("link", { name: /Notifications/ }).click();
  const item = page.locator(".notification", { hasText: `@${bob.handle} followed you` });
  await expect(item).toHaveClass(/unread/);
  await expect(item.locator("time")).toBeVisible();
  await expect(item.getByRole("link").first()).toHaveAttribute("href", `/@${bob.handle}`);
  await expect(nav.getByRole("link", { name: /Notifications/ })).not.toContainText("unread");

  await page.reload();
  await expect(page.locator(".notification", { hasText: `@${bob.handle} followed you` })).not.toHaveClass(/unread/);
  await expect(nav.getByRole("link", { name: /Notifications/ })).not.toContainText("unread");
  await context.close();
});

test("likes of one crud are one entry, the Mentions tab shows mentions only, and Follow back follows", async ({
  browser,
  baseURL,
  newUser,
  signIn,
}, testInfo) => {
  const javaScriptEnabled = testInfo.project.use.javaScriptEnabled;
  const context = await browser.newContext({ baseURL, javaScriptEnabled });
  const alice = await signIn("grouped", "Alice Grouped", context);
  const crud = await crudBy(alice, { text: `Like this ${alice.handle}` });
  const likers = [];
  for (const n of [1, 2, 3, 4]) {
    const liker = await newUser(`liker${n}`, `Liker ${n}`);
    await interact("like", liker, crud.id);
    await notify(alice, liker, "like", crud.id);
    likers.push(liker);
  }
  const mentioner = await newUser("mentioner", "Mentioner");
  const mention = await crudBy(mentioner, { text: `Hello @${alice.handle}, a mention` });
  await notify(alice, mentioner, "mention", mention.id);
  const fan = await newUser("fan", "New Fan");
  await notify(alice, fan, "follow");

  const page = await context.newPage();
  await page.goto("/");
  const nav = page.getByRole("navigation", { name: "Main" });
  // Three entries with something new: the likes (one), the mention, the follow.
  await expect(nav.getByRole("link", { name: /Notifications 3 unread/ })).toBeVisible();
  await nav.getByRole("link", { name: /Notifications/ }).click();
  const items = page.locator(".notification");
  const likes = items.filter({ hasText: "liked your crud" });
  await expect(likes).toHaveCount(1);
  await expect(likes).toContainText("Liker 4 and 3 others liked your crud");
  await expect(likes).toHaveClass(/unread/);
  await expect(likes.getByRole("link", { name: "your crud" })).toHaveAttribute("href", `/@${alice.handle}/status/${crud.id}`);
  // The crud's words as plain text, not a link.
  await expect(likes.locator(".excerpt")).toHaveText(`Like this ${alice.handle}`);
  await expect(likes.locator(".excerpt a")).toHaveCount(0);
  await expect(items.filter({ hasText: "mentioned you" })).toHaveCount(1);

  // The Mentions tab: a link (JavaScript or not), marked as the current one; only the mention.
  const tabs = page.getByRole("navigation", { name: "Notifications" });
  await tabs.getByRole("link", { name: "Mentions" }).click();
  await expect(page).toHaveURL(/\/notifications\?filter=mentions$/);
  await expect(tabs.getByRole("link", { name: "Mentions" })).toHaveAttribute("aria-current", "page");
  await expect(tabs.getByRole("link", { name: "All" })).not.toHaveAttribute("aria-current", /.*/);
  await expect(items).toHaveCount(1);
  await expect(items.first()).toContainText("Mentioner mentioned you in a crud");
  await expect(items.first().locator(".excerpt")).toHaveText(`Hello @${alice.handle}, a mention`);
  await tabs.getByRole("link", { name: "All" }).click();
  await expect(page).toHaveURL(/\/notifications$/);

  // Follow back: offered on the follow (not yet followed), and it follows.
  const follow = items.filter({ hasText: `@${fan.handle} followed you` });
  await follow.getByRole("button", { name: `Follow back @${fan.handle}` }).click();
  if (javaScriptEnabled) await expect(follow.getByRole("button", { name: `Unfollow @${fan.handle}` })).toBeVisible();
  else await expect(follow.getByRole("button", { name: `Follow back @${fan.handle}` })).toHaveCount(0);
  // Stored, not only shown: the button turns at once (optimistic), the message once the server answered.
  await expect(statusMessage(page)).toHaveText(`Followed @${fan.handle}.`);
  await page.goto(`/@${fan.handle}`);
  await expect(page.getByRole("button", { name: `Unfollow @${fan.handle}` })).toBeVisible();
  // Once followed, the follow is not offered again.
  await page.goto("/notifications");
  await expect(page.locator(".notification", { hasText: `@${fan.handle} followed you` }).getByRole("button")).toHaveCount(0);
  await context.close();
});

test("trending shows a freshly used hashtag", async ({ page, signIn }, testInfo) => {
  const user = await signIn("tagger", "Tag Poster");
  // Four earlier uses by four other people (trending counts people, more than any seeded tag has),
  // then one through the form. If the server's trending cache predates the four, the tag counts 1 and
  // ties sort by name: "aaa…" keeps it in the top ten.
  const tag = `aaafresh${user.handle.slice(-6)}`;
  for (let n = 0; n < 4; n++) {
    const other = await ensureUser(uniqueHandle(`tagger${n}`, testInfo.project.name));
    await crudBy(other, { text: `earlier #${tag} ${n}`, tags: [tag] });
  }
  await page.goto("/");
  await page.getByRole("form", { name: "Post a crud" }).getByRole("textbox").fill(`Now trending: #${tag}`);
  await page.getByRole("form", { name: "Post a crud" }).getByRole("button", { name: "Crud" }).click();
  await expect(page.locator("article.crud", { hasText: `Now trending: #${tag}` })).toBeVisible();
  await page.goto("/");
  const trending = page.getByRole("region", { name: "Trending" });
  await expect(trending.getByRole("link", { name: `#${tag}` })).toHaveAttribute("href", `/search?q=%23${tag}`);
});
