// A refused reply, like or follow (a block, ADR 018) on a page that was open before the block, JS on
// and off: with JavaScript the refusal stays on the page it was made on, the reply's text kept; without,
// the next page says it in the product's words under its own heading, with the way back (a reply: the
// compose page, ADR 033, with the text in its form). Neither says "Not found" or "Error 403".
import { axeResults } from "./axe";
import { block, crudBy, expect, hydrated, test } from "./fixtures";

test("a blocked user's reply on an open crud page is refused there, the text kept", async ({ page, signedInUser: me, newUser }, testInfo) => {
  const author = await newUser("rf_author", "Reply Blocker");
  const crudId = (await crudBy(author, { text: `Replies closed to ${me.handle}` })).id;
  await page.goto(`/@${author.handle}/status/${crudId}`);
  await hydrated(page);
  await block(author, me);
  const reply = "A reply worth keeping, even refused";
  await page.getByLabel("Your reply").fill(reply);
  await page.getByRole("button", { name: "Reply", exact: true }).click();

  if (testInfo.project.name === "js-on") {
    await expect(page.getByRole("form", { name: "Reply" }).getByRole("alert")).toHaveText("You cannot reply to this crud.");
    await expect(page.getByLabel("Your reply")).toHaveValue(reply);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Crud by Reply Blocker @${author.handle}`);
  } else {
    // The compose page, its reply form keeping the text (to send again, or copy), with the way back.
    await expect(page).toHaveURL(/\/compose$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Your reply");
    await expect(page.getByRole("form", { name: "Reply" }).getByRole("alert")).toHaveText("You cannot reply to this crud.");
    await expect(page.getByLabel("Your reply")).toHaveValue(reply);
    await expect(page.getByRole("link", { name: "Back to the crud you are replying to" })).toHaveAttribute("href", `/@${author.handle}/status/${crudId}`);
  }
  await expect(page.getByRole("heading", { name: "Not found" })).toHaveCount(0);
  await expect(page.getByText("This crud has expired or never existed")).toHaveCount(0);
});

test("a blocked user's like on an open crud page is refused in the product's words, with the way back", async ({
  page,
  signedInUser: me,
  newUser,
}, testInfo) => {
  const author = await newUser("rf_liked", "Like Blocker");
  const crudId = (await crudBy(author, { text: `Likes closed to ${me.handle}` })).id;
  const thread = `/@${author.handle}/status/${crudId}`;
  await page.goto(thread);
  await hydrated(page);
  const card = page.locator(`#crud-${crudId}`);
  await page.getByLabel("Your reply").fill("typed before the like");
  await block(author, me);
  await card.getByRole("button", { name: /^Like/ }).click();

  if (testInfo.project.name === "js-on") {
    // On its button; the page, its crud and the reply being written stay.
    await expect(card.getByRole("alert")).toHaveText("You cannot like this crud.");
    await expect(card.getByRole("button", { name: /^Like/ })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Crud by Like Blocker @${author.handle}`);
    await expect(page.getByLabel("Your reply")).toHaveValue("typed before the like");
  } else {
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not liked");
    await expect(page.getByRole("alert")).toContainText("You cannot like this crud.");
    await expect(page.getByRole("link", { name: "Back to the page you were on" })).toHaveAttribute("href", `${thread}#crud-${crudId}`);
  }
  await expect(page.getByRole("heading", { name: /Not found|Error 403/ })).toHaveCount(0);
});

test("a blocked user's follow is refused in the product's words, with the way back", async ({ page, signedInUser: me, newUser }, testInfo) => {
  const author = await newUser("rf_followed", "Follow Blocker");
  await page.goto(`/@${author.handle}`);
  await hydrated(page);
  await block(author, me);
  const main = page.locator("#main");
  await main.getByRole("button", { name: `Follow @${author.handle}` }).click();

  if (testInfo.project.name === "js-on") {
    await expect(main.locator("form.follow").getByRole("alert")).toHaveText(`You cannot follow @${author.handle}.`);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("Follow Blocker");
  } else {
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not followed");
    await expect(page.getByRole("alert")).toContainText(`You cannot follow @${author.handle}.`);
    const back = page.getByRole("link", { name: "Back to the page you were on" });
    await expect(back).toHaveAttribute("href", `/@${author.handle}`);
    await back.click();
    await expect(page).toHaveURL(new RegExp(`/@${author.handle}$`));
  }
  await expect(page.getByRole("heading", { name: /Error 403/ })).toHaveCount(0);
});

test("the refusal pages have no WCAG 2.1 AA violation (axe)", async ({ page, signedInUser: me, newUser }, testInfo) => {
  test.skip(testInfo.project.name === "js-off", "axe needs JavaScript in the page (the server's HTML it reads is the same)");
  const author = await newUser("rf_axe", "Axe Blocker");
  const crudId = (await crudBy(author, { text: `Axe refusals for ${me.handle}` })).id;
  const thread = `/@${author.handle}/status/${crudId}`;
  await block(author, me);
  // Each form posted as without JavaScript (no `enhanced` field, a plain submit), to reach its page.
  const postWithoutJs = async (form: string, fill?: string) => {
    await page.goto(`/@${author.handle}`);
    await page.evaluate(
      ({ thread, form, fill }) => {
        // The thread is a 404 for the blocked viewer now: the form as it was on the thread before the block.
        document.body.insertAdjacentHTML(
          "beforeend",
          form === "like"
            ? `<form id="probe" method="post" action="/cruds/${thread.split("/").pop()}"><input name="intent" value="like"><input name="redirectTo" value="${thread}"></form>`
            : `<form id="probe" method="post" action="/compose" enctype="multipart/form-data"><input name="intent" value="reply"><input name="replyTo" value="${thread.split("/").pop()}"><input name="backTo" value="${thread}"><textarea name="message">${fill}</textarea></form>`,
        );
        (document.getElementById("probe") as HTMLFormElement).submit();
      },
      { thread, form, fill },
    );
  };
  for (const [form, heading] of [
    ["like", "Not liked"],
    ["reply", "Your reply"],
  ] as const) {
    await postWithoutJs(form, "kept for axe");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    const results = await axeResults(page);
    expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`)).toEqual([]);
  }
});
