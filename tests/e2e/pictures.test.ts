// Pictures in the browser, with JavaScript and without (docs/product.md §11, ADR 033): a crud with two described
// images seen everywhere it shows, the ALT badge, the one question about descriptions, a reply with an image, and
// an image that dies with its crud: a 404 at once, and no file left in the store after a purge round.
import { mkdir } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import type { Page } from "@playwright/test";
import { crudBy, endThreadIn, expect, hydrated, purgeRound, statusMessage, test } from "./fixtures";
import { storedObjects } from "../support/pictures";

// Each test uploads and re-encodes photos (a server's work queue of one image at a time) and walks several pages:
// on a busy machine that is more than the suite's 30 s.
test.describe.configure({ timeout: 90_000 });

const crudForm = (page: Page) => page.getByRole("form", { name: "Post a crud" });
const jsOff = () => test.info().project.use.javaScriptEnabled === false;

/** Photo-like JPEGs written for this test (no binary fixtures in the repository). */
async function photos(...names: string[]): Promise<string[]> {
  const folder = test.info().outputPath("photos");
  await mkdir(folder, { recursive: true });
  return Promise.all(
    names.map(async (name, index) => {
      const file = path.join(folder, name);
      const background = ["#c84", "#48c", "#4c8"][index % 3]!;
      await sharp({ create: { width: 1600, height: 1200, channels: 3, background } })
        .jpeg()
        .toFile(file);
      return file;
    }),
  );
}

/**
 * Chooses `files` in `form` and gives each its description: with JavaScript in the fields that appear beside the
 * previews; without, on the step the server answers with (a browser cannot show a preview without script).
 */
async function postWithDescriptions(page: Page, form: ReturnType<typeof crudForm>, files: string[], descriptions: string[], submit = "Crud") {
  await form.getByLabel("Add images").setInputFiles(files);
  if (!jsOff()) {
    for (const [index, file] of files.entries()) await form.getByLabel(`Description of ${path.basename(file)}`).fill(descriptions[index]!);
    await form.getByRole("button", { name: submit }).click();
    return;
  }
  await form.getByRole("button", { name: submit }).click();
  await expect(page).toHaveURL(/\/compose$/);
  const step = page.getByRole("form", { name: submit === "Reply" ? "Reply" : "Post a crud" });
  await expect(step.getByText("Post without a description?")).toBeVisible();
  for (const [index, description] of descriptions.entries()) await step.getByLabel(`Description of image ${index + 1}`).fill(description);
  await step.getByRole("button", { name: submit, exact: true }).click();
}

test("a crud with two described images shows them on home, its thread, the profile and search", async ({ page, signedInUser }) => {
  const tag = `pics${signedInUser.handle.slice(-6)}`;
  const text = `Two pictures #${tag}`;
  await page.goto("/");
  await hydrated(page);
  await crudForm(page).getByRole("textbox").fill(text);
  await postWithDescriptions(page, crudForm(page), await photos("sunset.jpg", "harbour.jpg"), ["An orange sunset", "A blue harbour"]);
  await expect(statusMessage(page)).toHaveText("Your crud is posted.");

  const card = page.locator("article.crud", { hasText: text }).first();
  await expect(card.getByRole("img", { name: "An orange sunset" })).toBeVisible();
  await expect(card.getByRole("img", { name: "A blue harbour" })).toBeVisible();
  // The ALT badge shows the description on click (a <details>: no script needed).
  await card.getByText("ALT").first().click();
  await expect(card.locator(".alt-badge p").first()).toHaveText("An orange sunset");

  for (const address of [`/@${signedInUser.handle}`, `/search?q=%23${tag}`]) {
    await page.goto(address);
    const shown = page.locator("article.crud", { hasText: text }).first();
    await expect(shown.getByRole("img", { name: "An orange sunset" })).toBeVisible();
    await expect(shown.getByRole("img", { name: "A blue harbour" })).toHaveAttribute("width", "640");
  }
  await page.locator("article.crud", { hasText: text }).first().locator("a.age").click();
  await expect(page).toHaveURL(/\/status\//);
  const sunset = page.locator(".thread-root").getByRole("img", { name: "An orange sunset" });
  await expect(sunset).toHaveAttribute("loading", "eager");
  await expect(sunset).toHaveAttribute("height", "480");
});

test("an image without a description asks once; 'Post anyway' posts it without one", async ({ page, signedInUser }) => {
  const text = `Undescribed ${signedInUser.handle}`;
  await page.goto("/");
  await hydrated(page);
  const form = crudForm(page);
  await form.getByRole("textbox").fill(text);
  await form.getByLabel("Add images").setInputFiles(await photos("plain.jpg"));
  await form.getByRole("button", { name: "Crud" }).click();
  // Everything kept: the text, and the image (held as a pending upload, shown as a preview).
  const step = page.getByRole("form", { name: "Post a crud" });
  await expect(step.getByText("Post without a description?")).toBeVisible();
  await expect(step.getByRole("textbox", { name: "What would you like to say?" })).toHaveValue(text);
  await expect(step.getByLabel("Description of image 1")).toBeVisible();
  await step.getByRole("button", { name: "Post anyway" }).click();
  await expect(statusMessage(page)).toHaveText("Your crud is posted.");
  const card = page.locator("article.crud", { hasText: text }).first();
  await expect(card.locator(".crud-image img")).toHaveAttribute("alt", "");
  await expect(card.getByText("ALT")).toHaveCount(0);
});

test("a file that is not a picture is refused with the reason, and the focus goes to the file field", async ({ page, signedInUser }) => {
  const text = `Not a picture ${signedInUser.handle}`;
  await page.goto("/");
  await hydrated(page);
  const form = crudForm(page);
  await form.getByRole("textbox").fill(text);
  await form.getByLabel("Add images").setInputFiles({ name: "notes.jpg", mimeType: "image/jpeg", buffer: Buffer.from("these are words, not a JPEG") });
  await form.getByRole("button", { name: "Crud" }).click();
  const field = page.getByRole("form", { name: "Post a crud" }).getByLabel("Add images");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#crud-images-error")).toBeVisible();
  if (test.info().project.name !== "js-off") await expect(field).toBeFocused();
  await expect(page.getByRole("form", { name: "Post a crud" }).getByRole("textbox", { name: "What would you like to say?" })).toHaveValue(text);
  await expect(page.locator("article.crud", { hasText: text })).toHaveCount(0);
});

test("a reply carries an image too", async ({ page, signedInUser, newUser }) => {
  const bob = await newUser("bob", "Bob");
  const crud = await crudBy(bob, { text: `Show me, ${signedInUser.handle}` });
  await page.goto(`/@${bob.handle}/status/${crud.id}`);
  await hydrated(page);
  const form = page.getByRole("form", { name: "Reply" });
  await form.getByRole("textbox").fill("Here it is");
  await postWithDescriptions(page, form, await photos("proof.jpg"), ["The proof"], "Reply");
  await expect(statusMessage(page)).toHaveText("Your reply is posted.");
  await expect(page).toHaveURL(new RegExp(`/@${bob.handle}/status/${crud.id}`));
  await expect(page.locator("article.crud", { hasText: "Here it is" }).getByRole("img", { name: "The proof" })).toBeVisible();
});

test("an image dies with its crud: its address answers 404 at once, and a purge round deletes its files", async ({ page, signedInUser }) => {
  const text = `Short-lived picture ${signedInUser.handle}`;
  await page.goto("/");
  await hydrated(page);
  const form = crudForm(page);
  await form.getByRole("textbox").fill(text);
  await postWithDescriptions(page, form, await photos("brief.jpg"), ["Brief"]);
  const card = page.locator("article.crud", { hasText: text }).first();
  const src = (await card.getByRole("img", { name: "Brief" }).getAttribute("src"))!;
  const key = /\/media\/(cruds\/[^/]+)\//.exec(src)![1]!;
  expect((await page.request.get(src)).status()).toBe(200);
  expect((await storedObjects()).filter((name) => name.startsWith(key))).toHaveLength(2);

  const crudId = (await card.getAttribute("id"))!.replace(/^crud-/, "");
  await endThreadIn(crudId, "-1 second");
  expect((await page.request.get(src)).status()).toBe(404);
  await purgeRound();
  expect((await storedObjects()).filter((name) => name.startsWith(key))).toEqual([]);
});

test("a thread with four images does not move as they load, and images further down load lazily", async ({ page, signedInUser }) => {
  test.skip(jsOff(), "layout shifts are measured by the page's own script");
  // Every layout shift from the first paint on, summed as Lighthouse's CLS counts them (without user input).
  await page.addInitScript(() => {
    const total = { value: 0 };
    (window as unknown as { __shifts: typeof total }).__shifts = total;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[])
        if (!entry.hadRecentInput) total.value += entry.value;
    }).observe({ type: "layout-shift", buffered: true });
  });
  const text = `Four at once ${signedInUser.handle}`;
  await page.goto("/");
  await hydrated(page);
  await crudForm(page).getByRole("textbox").fill(text);
  const descriptions = ["one", "two", "three", "four"];
  await postWithDescriptions(page, crudForm(page), await photos("a.jpg", "b.jpg", "c.jpg", "d.jpg"), descriptions);
  await expect(statusMessage(page)).toHaveText("Your crud is posted.");
  // A document load of the thread (not a navigation in the page), so that only its own shifts count.
  await page.goto((await page.locator("article.crud", { hasText: text }).first().locator("a.age").getAttribute("href"))!);
  const images = page.locator(".thread-root .crud-image img");
  await expect(images).toHaveCount(4);
  // Loaded: every image has its pixels (then two frames, so that the observer has had every shift delivered).
  await expect
    .poll(() => images.evaluateAll((all) => all.every((image) => (image as HTMLImageElement).complete && (image as HTMLImageElement).naturalWidth > 0)))
    .toBe(true);
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  expect(await page.evaluate(() => (window as unknown as { __shifts: { value: number } }).__shifts.value)).toBe(0);
  for (const image of await images.all()) await expect(image).toHaveAttribute("loading", "eager");
  // In a feed (the profile), every card's images wait until they are near the screen.
  await page.goto(`/@${signedInUser.handle}`);
  await expect(page.locator("article.crud", { hasText: text }).first().locator(".crud-image img").first()).toHaveAttribute("loading", "lazy");
});
