// The QA toolkit's fixtures (ADR 042): what a journey needs on any Cruddur, local or deployed, without a
// back door. Accounts come from the target's user pool (tests/support/qa-accounts.ts) and are deleted after
// the test through the product's own account deletion; everything else a test does, it does through the
// pages, by their visible labels. The suite's own fixtures (./fixtures.ts) write to its database instead,
// and so only run against the server the suite starts.
import { test as base, expect, type Page } from "@playwright/test";
import { createConfirmedAccount, deleteThroughSettings, newQaAccount, recordAccount, signIn, type QaAccount } from "../support/qa-accounts";

export { expect, signIn, type QaAccount };
export { confirmInPool, accountIsGone, statusMessage } from "../support/qa-accounts";

type QaFixtures = {
  /** The test's accounts: each is deleted through /settings/delete when the test ends, however it ends. */
  qaAccounts: {
    /** A new account, signed up and confirmed in the user pool, not signed in anywhere. */
    create: () => Promise<QaAccount>;
    /** Details for an account the test signs up itself (the sign-up form), to be deleted as the others. */
    plan: () => QaAccount;
  };
  /** A new account, signed in in the test's `page`. */
  signedInUser: QaAccount;
};

// (`provide` is Playwright's `use`, named so that the React hooks lint rule leaves it alone.)
export const test = base.extend<QaFixtures>({
  qaAccounts: async ({ browser }, provide) => {
    const made: QaAccount[] = [];
    const plan = () => {
      const account = newQaAccount();
      recordAccount(account);
      made.push(account);
      return account;
    };
    await provide({
      plan,
      create: async () => {
        const account = plan();
        await createConfirmedAccount(account);
        return account;
      },
    });
    // A fresh, signed-out browser (the config's options: base URL, QA token) for each deletion.
    for (const account of made) {
      const context = await browser.newContext({ javaScriptEnabled: false });
      await deleteThroughSettings(await context.newPage(), account);
      await context.close();
    }
  },
  signedInUser: async ({ qaAccounts, page }, provide) => {
    const account = await qaAccounts.create();
    await signIn(page, account);
    await provide(account);
  },
});

/** The composer on the home page, by its name. */
export const composer = (page: Page) => page.getByRole("form", { name: "Post a crud" });

/** Posts `text` from the home page's composer, living `lifetime` (a label of the "Expires after" list). */
export async function postCrud(page: Page, text: string, lifetime = "1 hour"): Promise<void> {
  await page.goto("/");
  await composer(page).getByRole("textbox").fill(text);
  await composer(page).getByLabel("Expires after").selectOption({ label: lifetime });
  await composer(page).getByRole("button", { name: "Crud" }).click();
  await expect(cardWith(page, text)).toBeVisible();
}

/** The card (article) showing `text`. */
export const cardWith = (page: Page, text: string) => page.getByRole("article").filter({ hasText: text }).first();
