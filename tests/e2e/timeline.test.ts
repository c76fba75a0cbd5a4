import { crudBy, expect, test } from "./fixtures";
import { e2eQuery } from "../support/e2e-db";

test.describe("home timeline (signed out)", () => {
  test("lists 20 live cruds newest first with countdowns, and pages older ones by cursor", async ({ page }) => {
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    // The intro above the feed (ADR 037) is the way in on the signed-out home.
    const join = page.getByRole("region", { name: "Say it, and let it expire" });
    await expect(join.getByRole("link", { name: "Sign up" })).toHaveAttribute("href", "/signup");
    await expect(join.getByRole("link", { name: "Sign in" })).toHaveAttribute("href", "/signin");

    const cruds = page.locator("article.crud");
    // Reposts sort by when they were reposted; the order check reads original cruds only.
    const originals = page.locator("article.crud:not(:has(.reposted-by))");
    // A page of 20 entries, each crud once (a crud reposted on the page shows as its newest entry only).
    await expect(cruds.first()).toBeVisible();
    const count = await cruds.count();
    expect(count).toBeGreaterThan(10);
    expect(count).toBeLessThanOrEqual(20);
    const threads = await cruds.locator("a.age").evaluateAll((links) => links.map((link) => link.getAttribute("href")));
    expect(new Set(threads).size).toBe(count);
    const first = cruds.first();
    await expect(first.locator(".expiry time")).toHaveAttribute("datetime", /^\d{4}-\d\d-\d\dT/);
    await expect(first.locator(".expiry")).toContainText(/expires in \d+[dhms]/);
    // Its author's handle (its text may mention others too): a link to their profile.
    await expect(first.locator("a.handle")).toHaveAttribute("href", /^\/@\w+$/);

    const times = await originals.locator(".age time").evaluateAll((els) => els.map((el) => el.getAttribute("datetime")!));
    expect([...times].sort().reverse()).toEqual(times);

    await page.getByRole("link", { name: "Older" }).click();
    await expect(page).toHaveURL(/\?cursor=/);
    // With JavaScript the URL changes a moment before the next page renders: wait for its content.
    await expect(originals.first().locator(".age time")).not.toHaveAttribute("datetime", times[0]!);
    const older = await page.locator("article.crud:not(:has(.reposted-by)) .age time").evaluateAll((els) => els.map((el) => el.getAttribute("datetime")!));
    expect(older.length).toBeGreaterThan(0);
    expect(older[0]! < times.at(-1)!).toBe(true);
  });

  test("never shows an expired crud", async ({ page }) => {
    await page.goto("/");
    await expect(page.locator("body")).not.toContainText("EXPIRED");
    await expect(page.locator("body")).not.toContainText("must never be seen");
  });

  test("a broken cursor gets a clear 400 page", async ({ page }) => {
    const response = await page.goto("/?cursor=not-a-cursor");
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("alert")).toContainText("page link is not valid");
  });
});

test.describe("countdowns", () => {
  test("are rendered on the server and tick with JavaScript", async ({ page, browserName: _ }, testInfo) => {
    const [user] = await e2eQuery<{ id: string }>("SELECT id FROM users WHERE handle = 'garek'");
    const message = `Short-lived crud ${testInfo.project.name} ${Date.now()}`;
    await crudBy(user!, { text: message, lifetime: "10 minutes" });

    await page.goto("/@garek");
    const expiry = page.locator("article.crud", { hasText: message }).locator(".expiry time");
    await expect(expiry).toHaveText(/expires in (9m|10m) \d+s/);
    const before = await expiry.textContent();
    // With JavaScript it ticks: wait for exactly that. Without, nothing runs that could change it
    // (a second and a half of waiting proved only that the machine had waited).
    if (testInfo.project.name === "js-on") await expect(expiry).not.toHaveText(before!);
  });
});
