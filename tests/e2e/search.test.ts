import { crudBy, expect, test } from "./fixtures";
import { ensureUser, uniqueHandle } from "../support/e2e-session";

/** A user with live cruds (and their crud_tags rows) written straight into the e2e database. */
async function arrange(project: string) {
  const handle = uniqueHandle("srch", project);
  const word = `zq${handle.slice(5)}`; // a word nobody else's crud contains
  const tag = `tg${handle.slice(5)}`;
  const user = await ensureUser(handle, `Searchable ${handle}`);
  const insert = (message: string, lifetime = "1 hour", tags: string[] = []) => crudBy(user, { text: message, lifetime, tags });
  await insert(`The ${word} is live and findable`);
  await insert(`Expired ${word} must never be seen`, "-1 minute");
  await insert(`Tagged with #${tag.toUpperCase()} right here`, "1 hour", [tag]);
  await insert(`Expired #${tag} must never be seen`, "-1 minute", [tag]);
  return { handle, word, tag };
}

test("search by word, handle and hashtag from a GET form", async ({ page }, testInfo) => {
  const { handle, word, tag } = await arrange(testInfo.project.name);
  const main = page.getByRole("main");

  await page.goto("/search");
  await expect(main.getByText("Search for people by name or @username")).toBeVisible();

  // By word.
  await main.getByRole("searchbox", { name: "Search" }).fill(word);
  await main.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(new RegExp(`/search\\?q=${word}$`));
  const cruds = main.locator("article.crud");
  await expect(cruds).toHaveCount(1);
  await expect(cruds.first()).toContainText(`The ${word} is live and findable`);
  await expect(main).not.toContainText("must never be seen");

  // By handle (prefix, any case): the user, linking to the profile.
  await main.getByRole("searchbox", { name: "Search" }).fill(`@${handle.slice(0, -2).toUpperCase()}`);
  await main.getByRole("button", { name: "Search" }).click();
  const people = main.getByRole("region", { name: "People" });
  await expect(people.getByRole("link", { name: new RegExp(`@${handle}`) })).toHaveAttribute("href", `/@${handle}`);

  // By hashtag, ignoring case.
  await main.getByRole("searchbox", { name: "Search" }).fill(`#${tag.toUpperCase()}`);
  await main.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/\/search\?q=%23/);
  await expect(main.getByRole("heading", { name: new RegExp(`Cruds tagged #${tag}`, "i") })).toBeVisible();
  await expect(cruds).toHaveCount(1);
  await expect(cruds.first()).toContainText(`Tagged with #${tag.toUpperCase()}`);
  await expect(main).not.toContainText("must never be seen");
});

test("odd queries get a calm answer, never an error", async ({ page }) => {
  for (const q of ["x".repeat(1000), "😀🚀 שלום مرحبا", "a\u0000b", "%_\\'\"<script>", "#", "& | ! <->"]) {
    const response = await page.goto(`/search?${new URLSearchParams({ q })}`);
    expect(response?.status(), q).toBe(200);
    await expect(page.getByRole("main")).toContainText(/Nothing found|No one found|Cruds/);
  }
  const response = await page.goto("/search?q=%E0%A4%A");
  expect(response?.status()).toBe(200);
});

test("the seeded cruds' hashtags are stored as posting stores them: their links find them", async ({ page }) => {
  // Not from the home timeline: other tests' cruds may push the seeded one off its first page.
  await page.goto("/search?q=%23postgres");
  const seeded = page.getByRole("main").locator("article.crud", { hasText: "Postgres indexes" });
  await expect(seeded).toBeVisible();
  await expect(seeded.getByRole("link", { name: "#postgres" })).toHaveAttribute("href", "/search?q=%23postgres");
});
