// Avatars (docs/product.md §11) in a real browser, JavaScript on and off: a person picks an avatar in the profile
// settings with its description, and sees it on their profile (described there, where it is the subject) and on
// their crud in the timeline. The picture is made in the test with sharp (no binary fixtures in the repository).
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import sharp from "sharp";
import type { Locator } from "@playwright/test";
import { crudBy, expect, statusMessage, test } from "./fixtures";
import { asNewVisitor } from "../support/e2e-visitor";

let folder = "";
let face = "";

test.beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "cruddur-e2e-avatars-"));
  face = path.join(folder, "face.jpg");
  await writeFile(
    face,
    await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 20, g: 140, b: 90 } } })
      .jpeg()
      .toBuffer(),
  );
});

test.afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

test.beforeEach(async ({ context }) => asNewVisitor(context));

/** The image has been fetched and decoded (a lazy one is scrolled to first). */
async function expectLoaded(image: Locator, width: number) {
  await image.scrollIntoViewIfNeeded();
  await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(width);
}

test("an avatar set in the settings shows on the profile and on the person's crud in the timeline", async ({ page, signIn }) => {
  const me = await signIn("avatar");
  const text = `Now with a face, ${me.handle}`;
  await crudBy(me, { text });

  await page.goto("/settings/profile");
  await expect(page.getByRole("group", { name: "Avatar" })).toContainText("No avatar");
  await page.getByLabel("Avatar description").fill("A green square");
  await page.getByLabel("Choose an avatar").setInputFiles(face);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page).toHaveURL(new RegExp(`/@${me.handle}$`));
  await expect(statusMessage(page)).toHaveText("Your profile is saved.");

  // On the profile it is the subject: described, 96 px, loaded from the store.
  const header = page.locator(".profile-info img.avatar");
  await expect(header).toHaveAttribute("alt", "A green square");
  await expect(header).toHaveAttribute("src", /^\/media\/profiles\/[\w-]+\/preview\.webp$/);
  await expectLoaded(header, 96);
  const src = (await header.getAttribute("src"))!;

  // Beside the name on a crud card it is decoration: the same picture, no alt text.
  await page.goto("/?tab=everyone");
  const card = page.locator("article.crud", { hasText: text });
  const avatar = card.locator("img.avatar");
  await expect(avatar).toHaveAttribute("src", src);
  await expect(avatar).toHaveAttribute("alt", "");
  await expectLoaded(avatar, 96);

  // The settings page now shows it, with "Remove avatar".
  await page.goto("/settings/profile");
  await expect(page.getByRole("group", { name: "Avatar" }).locator("img")).toHaveAttribute("src", src);
  await expect(page.getByLabel("Remove avatar")).toBeVisible();
});
