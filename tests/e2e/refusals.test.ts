// A refused reply (a block, ADR 018) on a page that was open before the block, JS on and off: with
// JavaScript the refusal stays on the page it was made on, the reply's text kept; without, the next
// page says it in the product's words under its own heading, with the text and the way back. Neither
// says "Not found".
import { expect, hydrated, test } from "./fixtures";

test("a blocked user's reply on an open crud page is refused there, the text kept", async ({ page, signedInUser: me, makeUser, crudBy, block }, testInfo) => {
  const author = await makeUser("rf_author", "Reply Blocker");
  const crudId = await crudBy(author, `Replies closed to ${me.handle}`);
  await page.goto(`/@${author.handle}/status/${crudId}`);
  if (testInfo.project.name === "js-on") await hydrated(page);
  await block(author, me);
  const reply = "A reply worth keeping, even refused";
  await page.getByLabel("Your reply").fill(reply);
  await page.getByRole("button", { name: "Reply", exact: true }).click();

  if (testInfo.project.name === "js-on") {
    await expect(page.getByRole("form", { name: "Reply" }).getByRole("alert")).toHaveText("You cannot reply to this crud.");
    await expect(page.getByLabel("Your reply")).toHaveValue(reply);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Crud by Reply Blocker @${author.handle}`);
  } else {
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your reply was not posted");
    await expect(page.getByRole("alert")).toContainText("You cannot reply to this crud.");
    await expect(page.getByLabel("Its text, to copy")).toHaveValue(reply);
    await expect(page.getByRole("link", { name: "Back to the home timeline" })).toBeVisible();
  }
  await expect(page.getByRole("heading", { name: "Not found" })).toHaveCount(0);
  await expect(page.getByText("This crud has expired or never existed")).toHaveCount(0);
});
