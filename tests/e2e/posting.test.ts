import { crudBy, expect, hydrated, statusMessage, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";
import { signInAs, type E2EUser } from "../support/e2e-session";

let alice: E2EUser;
let bob: E2EUser;

test.beforeEach(async ({ newUser, signIn }) => {
  alice = await signIn("alice", "Alice Poster");
  bob = await newUser("bob", "Bob Liker");
});

const crudForm = (page: import("@playwright/test").Page) => page.getByRole("form", { name: "Post a crud" });

test("posting a crud with a lifetime; errors keep the text and say what is wrong", async ({ page }) => {
  await page.goto("/");
  const form = crudForm(page);
  const message = `Hello from ${alice.handle} #e2e${alice.handle.slice(-4)} @${bob.handle}`;

  // Too long: the server refuses (the textarea's maxlength leaves room for long links, which count as 23,
  // so the server's rule is what counts).
  await form.getByRole("textbox").fill("x".repeat(281));
  await form.getByRole("button", { name: "Crud" }).click();
  await expect(form.getByText("Use at most 280 characters")).toBeVisible();
  await expect(form.getByRole("textbox")).toHaveValue("x".repeat(281));

  await form.getByRole("textbox").fill(message);
  await form.getByLabel("Expires after").selectOption("3-hours");
  await form.getByRole("button", { name: "Crud" }).click();
  const card = page.locator("article.crud", { hasText: message }).first();
  await expect(card).toBeVisible();
  await expect(card.locator(".expiry")).toContainText(/expires in 2h 59m|expires in 3h 0m/);
  await expect(card.getByRole("link", { name: `@${bob.handle}` })).toHaveAttribute("href", `/@${bob.handle}`);
  await expect(card.getByRole("link", { name: /^#e2e/ })).toHaveAttribute("href", /\/search\?q=%23e2e/);
  await expect(form.getByRole("textbox")).toHaveValue("");
});

test("with JavaScript a too-long crud is never sent: the field says why, takes the focus, and the stale 'posted' message goes", async ({ page }) => {
  test.skip(test.info().project.name === "js-off", "without JavaScript the server refuses it (the test above)");
  await page.goto("/");
  await hydrated(page);
  const form = crudForm(page);
  const textbox = form.getByRole("textbox");
  await textbox.fill(`first by ${alice.handle}`);
  await form.getByRole("button", { name: "Crud" }).click();
  await expect(statusMessage(page)).toHaveText("Your crud is posted.");

  let posts = 0;
  page.on("request", (request) => void (request.method() === "POST" && request.url().includes("/compose") && posts++));
  await textbox.fill("y".repeat(283));
  await form.getByRole("button", { name: "Crud" }).click();
  await expect(statusMessage(page)).toHaveText("Not posted: use at most 280 characters (3 too many).");
  await expect(form.getByText("Use at most 280 characters: 3 too many")).toBeVisible();
  await expect(textbox).toBeFocused();
  await expect(textbox).toHaveAttribute("aria-invalid", "true");
  await page.keyboard.press("Control+Enter");
  await expect(textbox).toHaveValue("y".repeat(283));
  expect(posts).toBe(0);
  // Once it fits, the error goes.
  await textbox.fill("y".repeat(280));
  await expect(textbox).not.toHaveAttribute("aria-invalid", "true");
});

test("the server rejects an unknown lifetime and an empty crud with 400, storing nothing", async ({ page }) => {
  await page.goto("/");
  const bad = await page.request.post("/compose", { form: { intent: "crud", message: "never stored", ttl: "forever", backTo: "/" } });
  expect(bad.status()).toBe(400);
  expect(await bad.text()).toContain("Choose one of the lifetimes in the list");
  // The composer's own encoding (multipart) is refused the same way.
  const empty = await page.request.post("/compose", { multipart: { intent: "crud", message: "   ", ttl: "1-hour", backTo: "/" } });
  expect(empty.status()).toBe(400);
  expect(await empty.text()).toContain("Write something first");
  expect(await e2eQuery("SELECT 1 FROM cruds WHERE message = 'never stored'")).toHaveLength(0);
});

test("a crud containing HTML shows as text", async ({ page }) => {
  await page.goto("/");
  const message = `<script>window.pwned=1</script><b>${alice.handle}</b>`;
  await crudForm(page).getByRole("textbox").fill(message);
  await crudForm(page).getByRole("button", { name: "Crud" }).click();
  await expect(page.locator("article.crud", { hasText: message }).first().locator(".message")).toHaveText(message);
  expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
});

test("reply, like, repost and delete", async ({ page, context }) => {
  const crud = await crudBy(bob, { text: `Bob's crud for ${alice.handle}` });
  await page.goto(`/@${bob.handle}/status/${crud.id}`);
  await expect(page.getByRole("article").first()).toContainText(`Bob's crud for ${alice.handle}`);

  await page.getByLabel("Your reply").fill("A thoughtful reply");
  await page.getByRole("button", { name: "Reply", exact: true }).click();
  await expect(page.locator(".feed article.crud", { hasText: "A thoughtful reply" })).toBeVisible();

  const root = page.locator(".thread-root article");
  await root.getByRole("button", { name: /^Like/ }).click();
  await expect(root.getByRole("button", { name: /^Unlike 1 like$/ })).toBeVisible();
  await root.getByRole("button", { name: /^Repost/ }).click();
  await expect(root.getByRole("button", { name: /^Undo repost 1 repost$/ })).toBeVisible();
  // With JavaScript the buttons change at once (optimistic UI), before the server has stored anything:
  // wait for the stored counts rather than read them once.
  const storedCounts = async () =>
    (
      await e2eQuery<{ likes_count: number; reposts_count: number; replies_count: number }>(
        "SELECT likes_count, reposts_count, replies_count FROM cruds WHERE id = $1",
        [crud.id],
      )
    )[0];
  await expect.poll(storedCounts).toEqual({ likes_count: 1, reposts_count: 1, replies_count: 1 });

  // The repost shows on Alice's profile, as hers ("You reposted"); to someone else, by her name.
  await page.goto(`/@${alice.handle}`);
  await expect(page.locator("article.crud", { hasText: `Bob's crud for ${alice.handle}` }).locator(".reposted-by")).toHaveText(/^\s*You reposted$/);

  // Alice may not delete Bob's crud: the forged request is refused and nothing changes.
  const forged = await page.request.post(`/cruds/${crud.id}`, { form: { intent: "delete", redirectTo: "/" }, maxRedirects: 0 });
  expect(forged.status()).toBe(403);
  expect(await e2eQuery("SELECT 1 FROM cruds WHERE id = $1", [crud.id])).toHaveLength(1);

  // Bob deletes it, through the confirmation step.
  await context.clearCookies();
  await signInAs(context, bob.handle);
  await page.goto(`/@${bob.handle}/status/${crud.id}`);
  await page.locator(".thread-root summary", { hasText: "More" }).click();
  await page.locator(".thread-root").getByRole("link", { name: "Delete" }).click();
  await expect(page.getByRole("alertdialog")).toContainText("Delete this crud?");
  await page.getByRole("alertdialog").getByRole("button", { name: "Delete" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${bob.handle}$`));
  const gone = await page.goto(`/@${bob.handle}/status/${crud.id}`);
  expect(gone?.status()).toBe(404);
  await expect(page.getByRole("alert")).toContainText("This crud has expired or never existed");
});

test("edit profile: the change shows everywhere at once; bad input is explained", async ({ page }) => {
  await page.goto(`/@${alice.handle}`);
  await page.getByRole("link", { name: "Edit profile" }).first().click();
  await expect(page.getByRole("heading", { name: "Edit profile" })).toBeVisible();
  await page.getByLabel("Display name").fill("");
  await page.getByLabel("Display name").evaluate((el) => el.removeAttribute("required"));
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Enter your name")).toBeVisible();
  await page.getByLabel("Display name").fill("Alice Renamed");
  await page.getByLabel("Bio").fill("Now with a bio");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${alice.handle}$`));
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Alice Renamed");
  await expect(page.locator(".bio")).toHaveText("Now with a bio");
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText("Alice Renamed");
});

test("a page that needs a user sends visitors to sign in and back", async ({ browser, baseURL }) => {
  const anonymous = await browser.newContext({ baseURL });
  const page = await anonymous.newPage();
  await page.goto("/settings/profile");
  await expect(page).toHaveURL(/\/signin\?redirectTo=%2Fsettings%2Fprofile/);
  await anonymous.close();
});
