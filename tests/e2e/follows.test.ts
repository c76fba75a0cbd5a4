import { crudBy, expect, follow, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";

test("follow from a profile: their cruds join the Following tab, counts update; unfollow: they leave it", async ({ page, newUser, signIn }) => {
  const viewer = await signIn("fan", "Fan Follower");
  const star = await newUser("star", "Star Followed");
  const message = `Star's crud for ${viewer.handle}`;
  await crudBy(star, { text: message });
  const tabs = page.getByRole("navigation", { name: "Timelines" });
  const card = page.locator("article.crud", { hasText: message });
  // The page's own buttons (the sidebar's suggestions may offer the same person).
  const main = page.locator("#main");

  // A new account's Following tab is empty and invites to follow people.
  await page.goto("/");
  await expect(tabs.getByRole("link", { name: "Following" })).toHaveAttribute("aria-current", "page");
  await expect(page.getByRole("region", { name: "Your Following timeline is empty" })).toBeVisible();
  await expect(card).toHaveCount(0);
  // Everyone still shows everything.
  await tabs.getByRole("link", { name: "Everyone" }).click();
  await expect(page).toHaveURL(/\/\?tab=everyone$/);
  await expect(tabs.getByRole("link", { name: "Everyone" })).toHaveAttribute("aria-current", "page");
  await expect(card).toBeVisible();

  await page.goto(`/@${star.handle}`);
  const counts = page.locator(".profile-info .follow-counts");
  await expect(counts).toContainText("0 following · 0 followers");
  await main.getByRole("button", { name: `Follow @${star.handle}` }).click();
  await expect(main.getByRole("button", { name: `Unfollow @${star.handle}` })).toBeVisible();
  await expect(counts).toContainText("1 follower");
  await expect(page).toHaveURL(new RegExp(`/@${star.handle}$`));

  await page.goto("/");
  await expect(card).toBeVisible();
  await expect(page.getByRole("region", { name: "Your Following timeline is empty" })).toHaveCount(0);

  // The viewer's own counts and list.
  await page.goto(`/@${viewer.handle}`);
  await expect(page.locator(".profile-info .follow-counts")).toContainText("1 following · 0 followers");
  await page.getByRole("link", { name: "1 following" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${viewer.handle}/following$`));
  await expect(page.locator(".people li", { hasText: `@${star.handle}` })).toBeVisible();

  // Unfollow from the list: the star's crud leaves the Following tab, and stays in Everyone.
  await main.getByRole("button", { name: `Unfollow @${star.handle}` }).click();
  // The list is of whom the viewer follows: the star leaves it.
  await expect(page.locator(".people li", { hasText: `@${star.handle}` })).toHaveCount(0);
  await expect(page.getByText(`@${viewer.handle} does not follow anyone yet.`)).toBeVisible();
  await expect.poll(async () => (await e2eQuery("SELECT 1 FROM follows WHERE follower_id = $1", [viewer.id])).length).toBe(0);
  await page.goto("/");
  await expect(card).toHaveCount(0);
  await page.goto("/?tab=everyone");
  await expect(card).toBeVisible();
  await page.goto(`/@${star.handle}`);
  await expect(page.locator(".profile-info .follow-counts")).toContainText("0 following · 0 followers");
});

test("signed out, the Follow button is not offered and the follow lists are public; an unknown handle is the 404 page", async ({ page, newUser }) => {
  const star = await newUser("pubstar", "Public Star");
  const fan = await newUser("pubfan", "Public Fan");
  await follow(fan, star);
  await page.goto(`/@${star.handle}`);
  await expect(page.getByRole("button", { name: /Follow @/ })).toHaveCount(0);
  await page.getByRole("link", { name: "1 follower" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${star.handle}/followers$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`People following @${star.handle}`);
  await expect(page.locator(".people li", { hasText: `@${fan.handle}` })).toBeVisible();
  const missing = await page.goto("/@no_such_user_e2e/followers");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("alert")).toContainText("There is no user @no_such_user_e2e");
});
