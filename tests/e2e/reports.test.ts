import { crudBy, expect, makeModerator, reportUser, statusMessage, test } from "./fixtures";
import { ensureUser, signInAs, uniqueHandle } from "../support/e2e-session";

test("report a crud from its card; a moderator removes it; it is gone for everyone", async ({ context, page }, testInfo) => {
  const project = testInfo.project.name;
  const author = await ensureUser(uniqueHandle("rauthor", project), "Reported Author");
  const message = `Reportable crud ${author.handle}`;
  const crud = await crudBy(author, { text: message });
  const card = page.locator("article.crud", { hasText: message });

  // The reporter: Report on the card, a reason and a comment, then home with the thanks.
  const reporter = await signInAs(context, uniqueHandle("reporter", project), "Careful Reporter");
  await page.goto(`/@${author.handle}`);
  await card.locator("summary", { hasText: "More" }).click();
  await card.getByRole("link", { name: `Report this crud by @${author.handle}` }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Report a crud by @${author.handle}`);
  await page.getByRole("radio", { name: "Harassment" }).check();
  await page.getByLabel("Comment (optional)").fill("This is mean.");
  await page.getByRole("button", { name: "Send report" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(statusMessage(page)).toHaveText("Thanks, our moderators will look at it.");

  // /moderation does not exist for the reporter.
  const hidden = await page.goto("/moderation");
  expect(hidden?.status()).toBe(404);

  // The moderator (the role set in the database, as `npm run user:role` does) sees the snapshot and removes the crud.
  const moderator = await ensureUser(uniqueHandle("mod", project), "The Moderator");
  await makeModerator(moderator);
  await context.clearCookies();
  await signInAs(context, moderator.handle, moderator.displayName);
  await page.goto("/moderation");
  const report = page.locator("li.report:not(.resolved)", { hasText: message });
  await expect(report).toContainText("Reported Author");
  await expect(report).toContainText(`Harassment, reported by @${reporter.handle}`);
  await expect(report).toContainText("This is mean.");
  await report.getByRole("button", { name: "Remove crud" }).click();
  await expect(statusMessage(page)).toHaveText("The crud was removed.");
  await expect(page).toHaveURL(/\/moderation$/);
  await expect(report).toHaveCount(0);
  await expect(page.locator("li.report.resolved", { hasText: message })).toContainText(`Crud removed by @${moderator.handle}`);

  // Gone for everyone: signed in, and signed out.
  await page.goto(`/@${author.handle}`);
  await expect(card).toHaveCount(0);
  await context.clearCookies();
  const gone = await page.goto(`/@${author.handle}/status/${crud.id}`);
  expect(gone?.status()).toBe(404);
  await page.goto("/");
  await expect(card).toHaveCount(0);
});

test("dismiss, suspend and unsuspend each say what they did, back on /moderation", async ({ context, page }, testInfo) => {
  const project = testInfo.project.name;
  const reporter = await ensureUser(uniqueHandle("mreporter", project), "Moderation Reporter");
  const dismissed = await ensureUser(uniqueHandle("mdismiss", project), "Reported Once");
  const suspended = await ensureUser(uniqueHandle("msuspend", project), "Reported Twice");
  for (const target of [dismissed, suspended]) await reportUser(reporter, target);
  const moderator = await signInAs(context, uniqueHandle("mod2", project), "Another Moderator");
  await makeModerator(moderator);

  await page.goto("/moderation");
  await page
    .getByRole("listitem", { name: `Report of @${dismissed.handle}` })
    .getByRole("button", { name: "Dismiss", exact: true })
    .click();
  await expect(statusMessage(page)).toHaveText("The report was dismissed.");
  await expect(page).toHaveURL(/\/moderation$/);

  await page
    .getByRole("listitem", { name: `Report of @${suspended.handle}` })
    .getByRole("button", { name: `Suspend @${suspended.handle}` })
    .click();
  await expect(statusMessage(page)).toHaveText("The user was suspended and signed out everywhere.");

  await page.getByRole("button", { name: `Unsuspend @${suspended.handle}` }).click();
  await expect(statusMessage(page)).toHaveText("The suspension was lifted.");
  await expect(page).toHaveURL(/\/moderation$/);
});
