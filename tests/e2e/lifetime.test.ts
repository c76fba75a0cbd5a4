import { crudBy, endThreadIn, expect, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";

const expiryOf = async (id: string) => (await e2eQuery<{ expires_at: Date }>("SELECT expires_at FROM cruds WHERE id = $1", [id]))[0]!.expires_at.getTime();

test("shortening a crud from its menu: the thread follows; 'Expire now' ends it; a stale choice is refused with a message", async ({ page, signIn }) => {
  const author = await signIn("shorten", "Short Ener");
  const words = `Lifetime crud of ${author.handle}`;
  const crud = await crudBy(author, { text: words, lifetime: "2 days" });
  const reply = await crudBy(author, { text: "a reply", replyTo: crud.id });
  const threadPath = `/@${author.handle}/status/${crud.id}`;
  const lifetime = page.getByRole("form", { name: "Shorten the lifetime" });

  await page.goto(`/@${author.handle}`);
  const card = page.locator("article.crud", { hasText: words });
  await card.locator("summary", { hasText: "More" }).click();
  await card.getByRole("link", { name: "Shorten the lifetime of this crud" }).click();
  await expect(page).toHaveURL(new RegExp(`${threadPath}#lifetime$`));
  // The thread's Lifetime disclosure is open at #lifetime (the one Shorten on the page is the form's).
  await expect(page.locator(".lifetime-disclosure")).toHaveAttribute("open");
  await expect(page.getByRole("button", { name: "Shorten" })).toHaveCount(1);
  // Two days left: only the presets that end sooner are offered.
  await expect(lifetime.getByLabel("Expire")).toContainText("1 day from now");
  await expect(lifetime.getByRole("option", { name: "3 days from now" })).toHaveCount(0);
  await lifetime.getByLabel("Expire").selectOption("3-hours");
  await lifetime.getByRole("button", { name: "Shorten" }).click();
  await expect(page.locator(".thread-root .expiry")).toContainText(/expires in 2h 59m|expires in 3h 0m/);
  await expect(page).toHaveURL(new RegExp(`${threadPath}$`));
  await expect.poll(() => expiryOf(crud.id)).toBeLessThanOrEqual(Date.now() + 3 * 3_600_000);
  expect(await expiryOf(reply.id)).toBe(await expiryOf(crud.id));

  // Meanwhile the crud got shorter still (another tab): the choice on this page is now too long.
  await endThreadIn(crud.id, "30 minutes");
  // Back on the thread after the redirect, the Lifetime disclosure is closed without JavaScript (the page is new).
  const disclosure = page.locator(".lifetime-disclosure");
  if ((await disclosure.getAttribute("open")) === null) await disclosure.locator("summary").click();
  await lifetime.getByLabel("Expire").selectOption("1-hour");
  await lifetime.getByRole("button", { name: "Shorten" }).click();
  await expect(lifetime.getByText(/That would not end it sooner: it already expires in (29|30)m/)).toBeVisible();
  await expect(lifetime.getByLabel("Expire")).toHaveAttribute("aria-invalid", "true");

  await lifetime.getByLabel("Expire").selectOption("now");
  await lifetime.getByRole("button", { name: "Shorten" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${author.handle}$`));
  await expect(page.getByText(`@${author.handle} has no live cruds.`)).toBeVisible();
  await page.goto(threadPath);
  await expect(page.getByText("This crud has expired or never existed")).toBeVisible();
});
