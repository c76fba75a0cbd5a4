import { expect, hydrated, test } from "./fixtures";

// The shell's links are plain anchors (NavAnchor, ADR 027): the page they lead to is marked for
// assistive technology and the eye, and with JavaScript they navigate inside the app.
test("the main nav marks the page it leads to, and its links navigate in the app with JavaScript", async ({ page, signIn }, testInfo) => {
  const viewer = await signIn("nav", "Nav Tester");
  const nav = page.getByRole("navigation", { name: "Main" });
  const link = (name: string) => nav.getByRole("link", { name, exact: true });

  await page.goto("/?tab=everyone");
  await expect(link("Home")).toHaveAttribute("aria-current", "page");
  await expect(link("Search")).not.toHaveAttribute("aria-current", /.*/);
  const jsOn = testInfo.project.name !== "js-off";
  // In-app navigation once hydrated: a click before it loads the next page as a whole.
  await hydrated(page);
  // Set in this document: still there after a navigation inside the app, gone after a page load.
  if (jsOn) await page.evaluate(() => ((window as unknown as { sameDocument?: boolean }).sameDocument = true));

  await link("Search").click();
  await expect(page).toHaveURL(/\/search$/);
  await expect(link("Search")).toHaveAttribute("aria-current", "page");
  await expect(link("Search")).toHaveClass(/\bactive\b/);
  await expect(link("Home")).not.toHaveAttribute("aria-current", /.*/);
  if (jsOn) expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

  // Profile is marked on the profile itself only (`end`); Notifications on its pages too.
  await link("Profile").click();
  await expect(page).toHaveURL(new RegExp(`/@${viewer.handle}$`));
  await expect(link("Profile")).toHaveAttribute("aria-current", "page");
  await page.goto(`/@${viewer.handle}/followers`);
  await expect(link("Profile")).not.toHaveAttribute("aria-current", /.*/);
  await page.goto(`/notifications`);
  await expect(link("Notifications")).toHaveAttribute("aria-current", "page");
});
