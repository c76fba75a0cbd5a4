// Screenshots for docs/screens/: home, a thread and sign-in, on a phone (390 px) and a
// desktop (1400 px), JavaScript on, the default (dark) theme — and home on a phone in the light one —
// on the seeded data. Not part of the
// suite: `SCREENS=1 npm run test:e2e -- tests/e2e/screens.test.ts --project js-on` (after `npm run build`).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { type Page } from "@playwright/test";
import { expect, followEveryone, test } from "./fixtures";
import { signInAs } from "../support/e2e-session";

const SCREENS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../docs/screens");
const WIDTHS = { phone: { width: 390, height: 844 }, desktop: { width: 1400, height: 900 } } as const;

test.skip(!process.env.SCREENS, "screenshots only when SCREENS=1");

async function shoot(page: Page, name: string) {
  // The first screen only (what a reader sees): small files, and what the README shows.
  await page.screenshot({ path: path.join(SCREENS, `${name}.png`), animations: "disabled", caret: "hide", scale: "css" });
}

for (const [device, viewport] of Object.entries(WIDTHS)) {
  test(`screens at ${viewport.width} px`, async ({ browser }, testInfo) => {
    test.skip(testInfo.project.name === "js-off", "screens are taken with JavaScript on");
    const signedOut = await browser.newPage({ viewport, colorScheme: "dark" });
    await signedOut.goto("/signin");
    await expect(signedOut.getByRole("heading", { level: 1 })).toBeVisible();
    await shoot(signedOut, `signin-${device}`);
    await signedOut.close();

    const page = await browser.newPage({ viewport, colorScheme: "dark" });
    const viewer = await signInAs(page.context(), "andrewbrown");
    await followEveryone(viewer);
    await page.goto("/");
    await expect(page.locator("main article.crud").first()).toBeVisible();
    await shoot(page, `home-${device}`);
    if (device === "phone") {
      await page.emulateMedia({ colorScheme: "light" });
      await shoot(page, "home-phone-light");
      await page.emulateMedia({ colorScheme: "dark" });
    }
    await page.locator("main article.crud a.age").first().click();
    await expect(page).toHaveURL(/\/status\//);
    await expect(page.locator(".thread-root article")).toBeVisible();
    await shoot(page, `thread-${device}`);
    await page.close();
  });
}
