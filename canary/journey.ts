// The synthetic user's journey (ADR 043): sign in, post a 1-hour crud, see it on the Following tab, delete it,
// sign out. One module for the CloudWatch Synthetics canary (canary/handler.ts, every 5 minutes), the deploy
// pipeline's smoke check (canary/smoke.ts) and `npm test` (tests/e2e/canary-journey.test.ts), so the script
// AWS runs is the one the suite runs. It uses only Playwright's `Page` (no test runner, no database, no back
// door) and finds things by what a person sees: labels, roles, texts.
import type { Locator, Page } from "@playwright/test";

export interface JourneyTarget {
  /** Where Cruddur answers, e.g. `https://cruddur.example` (no path). */
  baseUrl: string;
  /** A confirmed account without two-step sign-in, used for nothing else (docs/deploy.md, "The canary"). */
  email: string;
  password: string;
}

/** Runs one named step: `synthetics.executeStep` in the canary (screenshots, per-step metrics), `test.step` in tests. */
export type StepRunner = (name: string, body: () => Promise<void>) => Promise<void>;

/** The steps, in order, as the canary's report and the Playwright report name them. */
export const JOURNEY_STEPS = ["sign in", "post a 1-hour crud", "see it on the Following tab", "delete it", "sign out"] as const;

/** The text of the crud a run posts: unique, and saying what it is to anyone who sees it for its few seconds. */
export function journeyCrudText(now = new Date()): string {
  return `Synthetic check ${now.toISOString()} ${Math.random().toString(36).slice(2, 8)}: posted and deleted by Cruddur's canary`;
}

/** The journey; throws (with what was expected) at the first step that does not happen. Returns the crud's text. */
export async function runJourney(page: Page, target: JourneyTarget, step: StepRunner, text = journeyCrudText()): Promise<string> {
  const url = (path: string) => new URL(path, target.baseUrl).toString();
  const [signIn, post, seeIt, deleteIt, signOut] = JOURNEY_STEPS;
  const composer = page.getByRole("form", { name: "Post a crud" });
  const card = page.getByRole("article").filter({ hasText: text });
  const mainNav = page.getByRole("navigation", { name: "Main" });

  await step(signIn, async () => {
    await page.goto(url("/signin"));
    await page.getByLabel("Email").fill(target.email);
    await page.getByLabel("Password", { exact: true }).fill(target.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Signed in, the home page has the composer; refused, the form says why (wrong password, a second step asked).
    const refusal = page.getByRole("alert");
    await composer.or(refusal).first().waitFor();
    if (!(await composer.isVisible())) throw new Error(`sign-in refused: ${(await refusal.first().innerText()).trim()}`);
  });

  await step(post, async () => {
    await composer.getByRole("textbox").fill(text);
    await composer.getByLabel("Expires after").selectOption({ label: "1 hour" });
    await composer.getByRole("button", { name: "Crud" }).click();
    await visible(page.getByText("Your crud is posted."));
  });

  await step(seeIt, async () => {
    const tabs = page.getByRole("navigation", { name: "Timelines" });
    await tabs.getByRole("link", { name: "Following" }).click();
    await tabs.locator('[aria-current="page"]', { hasText: "Following" }).waitFor();
    await visible(card);
    // Posted with a lifetime of an hour: its countdown is in its last hour (a slow run may take minutes).
    await visible(card.getByText(/expires in (5\dm|1h 0m)/));
  });

  await step(deleteIt, async () => {
    await card.locator("summary", { hasText: "More" }).click();
    await card.getByRole("link", { name: "Delete" }).click();
    // With JavaScript a dialog on the feed; before hydration (or without JavaScript) the confirmation page.
    const confirmation = page.getByRole("dialog", { name: "Delete this crud?" }).or(page.getByRole("alertdialog"));
    await confirmation.getByRole("button", { name: "Delete" }).click();
    await visible(page.getByText("Your crud is deleted."));
    await card.waitFor({ state: "detached" });
  });

  await step(signOut, async () => {
    await mainNav.locator("summary", { hasText: "Account menu for" }).click();
    await mainNav.getByRole("button", { name: "Sign out" }).click();
    await visible(page.getByRole("heading", { name: "Say it, and let it expire" }));
    await page.getByRole("link", { name: "Sign in" }).first().waitFor();
  });
  return text;
}

const visible = (locator: Locator) => locator.first().waitFor({ state: "visible" });
