import { expect, test } from "./fixtures";

test("a handle in the timeline leads to the profile with its live crud count", async ({ page }) => {
  await page.goto("/");
  // The first card's author (its text may mention others: whoever posted last in the suite decides).
  const author = page.locator("article.crud").first().locator("a.handle");
  const profile = await author.getAttribute("href");
  expect(profile).toMatch(/^\/@\w+$/);
  await author.click();
  await expect(page).toHaveURL(new RegExp(`${profile}$`));
  await expect(page.locator(".profile-info h1")).toBeVisible();
  await expect(page.locator(".crud-count")).toHaveText(/^\d+ cruds?$/);
});

test("a profile shows the header, bio and only that user's cruds", async ({ page }) => {
  const response = await page.goto("/@bayko");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Andrew Bayko");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("@bayko");
  await expect(page.locator(".bio")).toHaveText("Co-founder of ExamPro.");
  const count = Number((await page.locator(".crud-count").textContent())!.split(" ")[0]);
  const handles = await page.locator("article.crud .handle").allTextContents();
  expect(handles.length).toBe(Math.min(count, 20));
  expect(new Set(handles)).toEqual(new Set(["@bayko"]));
});

test("an unknown handle is a real 404 page", async ({ page }) => {
  const response = await page.goto("/@nobody_here");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Not found" })).toBeVisible();
  await expect(page.getByRole("alert")).toContainText("There is no user @nobody_here");
});

test("an unknown path is a 404 inside the layout", async ({ page }) => {
  const response = await page.goto("/no/such/page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("link", { name: "Back to the home timeline" })).toBeVisible();
});

test("the health check reports the database", async ({ request }) => {
  const response = await request.get("/api/health-check");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ success: true });
});

test("the nav's Sign in link comes back to the page the visitor was reading", async ({ page }) => {
  await page.goto("/@andrewbrown");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/signin\?redirectTo=%2F%40andrewbrown$/);
  await expect(page.locator('input[name="redirectTo"]')).toHaveValue("/@andrewbrown");
});
