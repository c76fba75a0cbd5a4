// Playwright fixtures for arranging what a test needs, built on tests/support (the e2e database and
// the signed-in session): `signedInUser` (a fresh user signed in in the test's `context`), `makeUser`,
// `crudBy` and `block`. Arranging only: a test asserts through the page, never through these.
/* eslint-disable no-empty-pattern -- Playwright reads a fixture's dependencies from its first parameter's pattern, `{}` for none. */
import { test as base, expect, type Page } from "@playwright/test";
import { e2eQuery } from "../support/e2e-db";
import { ensureUser, signInAs, uniqueHandle, type E2EUser } from "../support/e2e-session";

type Fixtures = {
  /** A new user, signed in in the test's browser context (handle prefix "me"). */
  signedInUser: E2EUser;
  /** A new user, not signed in anywhere: a unique handle from `prefix`. */
  makeUser: (prefix: string, displayName?: string) => Promise<E2EUser>;
  /** A live top-level crud by `user` (one hour to live unless told), its id. */
  crudBy: (user: E2EUser, message: string, options?: { lifetime?: string }) => Promise<string>;
  /** `blocker` blocks `blocked`, as the Block button does: the follows between them end too (ADR 018). */
  block: (blocker: E2EUser, blocked: E2EUser) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  signedInUser: async ({ context }, provide, testInfo) => {
    await provide(await signInAs(context, uniqueHandle("me", testInfo.project.name)));
  },
  makeUser: async ({}, provide, testInfo) => {
    await provide((prefix, displayName) => ensureUser(uniqueHandle(prefix, testInfo.project.name), displayName));
  },
  crudBy: async ({}, provide) => {
    await provide(async (user, message, { lifetime = "1 hour" } = {}) => {
      const [row] = await e2eQuery<{ id: string }>("INSERT INTO cruds (user_id, message, expires_at) VALUES ($1, $2, now() + $3::interval) RETURNING id", [
        user.id,
        message,
        lifetime,
      ]);
      return row!.id;
    });
  },
  block: async ({}, provide) => {
    await provide(async (blocker, blocked) => {
      await e2eQuery(
        `WITH ended AS (DELETE FROM follows WHERE (follower_id = $1 AND followee_id = $2) OR (follower_id = $2 AND followee_id = $1))
         INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
        [blocker.id, blocked.id],
      );
    });
  },
});

export { expect };

/**
 * Once the page runs its script: a form that posts through a fetcher then carries the `enhanced`
 * field, which appears in the render after hydration, so every listener the first render attached
 * (keyboard shortcuts, the account menu's Escape, in-app links, fetchers) is in place. Wait for it
 * after `page.goto` and before a key or a click whose answer only JavaScript gives: `goto` resolves
 * at `load`, and React hydrates after that (in a transition), later still on a busy machine (with the
 * CPU slowed 4 times, one load in eight was not hydrated yet). Nothing to wait for without JavaScript.
 * The page must have such a form (signed in: the composer, a card's like button, a follow button).
 */
export async function hydrated(page: Page) {
  if (test.info().project.use.javaScriptEnabled === false) return;
  await expect(page.locator('input[name="enhanced"]').first()).toBeAttached();
}
