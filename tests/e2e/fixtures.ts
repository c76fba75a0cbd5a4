// The e2e suite's fixtures and factories: who is signed in, and the data a test arranges before it
// looks at a page. Tests import `test` and `expect` from here and never write SQL: the factories below
// write rows as the app would have (a reply lives as long as its crud, counts stay exact), on the e2e
// database (tests/support/e2e-db.ts). Handles are unique per test and per project (js-on, js-off).
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { e2eCognitoApi, latestCode } from "../support/e2e-cognito";
import { enableTotp } from "../support/totp";
import { databaseUrl, E2E_DATABASE } from "../support/database";
import { e2eQuery } from "../support/e2e-db";
import { ensureUser, signInAs, uniqueHandle, type E2EUser } from "../support/e2e-session";

export { expect };
export type { E2EUser };

type Fixtures = {
  /** Skips the test in a QA run (E2E_BASE_URL): these fixtures write to the suite's own database and Cognito. */
  suiteServerOnly: void;
  /** A new user, signed in in the test's `context` (and so in `page`). */
  signedInUser: E2EUser;
  /** Signs a new user (handle `prefix_…`) in, in `context` (the test's own by default). */
  signIn: (prefix: string, displayName?: string, context?: BrowserContext) => Promise<E2EUser>;
  /** A new user (handle `prefix_…`), not signed in anywhere. */
  newUser: (prefix: string, displayName?: string) => Promise<E2EUser>;
};

// (`provide` is Playwright's `use`, named so that the React hooks lint rule leaves it alone.)
export const test = base.extend<Fixtures>({
  suiteServerOnly: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
    async ({}, provide, testInfo) => {
      testInfo.skip(!!process.env.E2E_BASE_URL, "local only: arranges its data in the suite's own database and Cognito (tests/e2e/fixtures.ts)");
      await provide();
    },
    { auto: true },
  ],
  signIn: async ({ context }, provide, testInfo) => {
    await provide((prefix, displayName, into = context) => signInAs(into, uniqueHandle(prefix, testInfo.project.name), displayName));
  },
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
  newUser: async ({}, provide, testInfo) => {
    await provide((prefix, displayName) => ensureUser(uniqueHandle(prefix, testInfo.project.name), displayName));
  },
  signedInUser: async ({ signIn }, provide) => {
    await provide(await signIn("me"));
  },
});

type UserRef = { id: string };

export type CrudOptions = {
  text: string;
  /** A PostgreSQL interval from now: "1 hour" (the default), "2 days", "-1 minute" (already expired). */
  lifetime?: string;
  /** The crud this one answers: the reply then lives exactly as long as it (`lifetime` is ignored). */
  replyTo?: string;
  /** When it was posted: a time, or an interval from now ("-10 minutes 30 seconds"). Default: now. */
  createdAt?: Date | string;
  /** Its hashtags, as the app stores them on posting (lower-case, without `#`). */
  tags?: string[];
};

/** A crud (or reply) by `user`. */
export async function crudBy(
  user: UserRef,
  { text, lifetime = "1 hour", replyTo, createdAt, tags = [] }: CrudOptions,
): Promise<{ id: string; createdAt: Date }> {
  const [crud] = await e2eQuery<{ id: string; created_at: Date }>(
    `WITH parent AS (SELECT expires_at FROM cruds WHERE id = $3::uuid),
     crud AS (
       INSERT INTO cruds (user_id, message, reply_to_id, created_at, expires_at)
       VALUES ($1, $2, $3::uuid, coalesce($4::timestamptz, now() + $5::interval), coalesce((SELECT expires_at FROM parent), now() + $6::interval))
       RETURNING id, created_at
     ), tags AS (
       INSERT INTO crud_tags (crud_id, tag, created_at) SELECT crud.id, tag, crud.created_at FROM crud, unnest($7::text[]) AS tag
     )
     SELECT id, created_at FROM crud`,
    [user.id, text, replyTo ?? null, createdAt instanceof Date ? createdAt : null, typeof createdAt === "string" ? createdAt : "0 seconds", lifetime, tags],
  );
  return { id: crud!.id, createdAt: crud!.created_at };
}

/** `fan` follows `star` (once, whatever the number of calls). */
export async function follow(fan: UserRef, star: UserRef): Promise<void> {
  await e2eQuery("INSERT INTO follows (follower_id, followee_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", [fan.id, star.id]);
}

/** `blocker` blocks `blocked`, as the Block button does: the follows between them end too (ADR 018). */
export async function block(blocker: UserRef, blocked: UserRef): Promise<void> {
  await e2eQuery(
    `WITH ended AS (DELETE FROM follows WHERE (follower_id = $1 AND followee_id = $2) OR (follower_id = $2 AND followee_id = $1))
     INSERT INTO blocks (blocker_id, blocked_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
    [blocker.id, blocked.id],
  );
}

/** `muter` mutes `muted`, as the Mute button does, `secondsAgo` before now (the lists show the newest first). */
export async function mute(muter: UserRef, muted: UserRef, secondsAgo = 0): Promise<void> {
  await e2eQuery("INSERT INTO mutes (muter_id, muted_id, created_at) VALUES ($1, $2, now() - make_interval(secs => $3)) ON CONFLICT DO NOTHING", [
    muter.id,
    muted.id,
    secondsAgo,
  ]);
}

/** `fan` follows every other user (the seeded ones included). */
export async function followEveryone(fan: UserRef): Promise<void> {
  await e2eQuery("INSERT INTO follows (follower_id, followee_id) SELECT $1, id FROM users WHERE id <> $1 ON CONFLICT DO NOTHING", [fan.id]);
}

/** `user` likes or reposts the crud, and its count says so. */
export async function interact(kind: "like" | "repost", user: UserRef, crudId: string): Promise<void> {
  const [table, count] = kind === "like" ? ["likes", "likes_count"] : ["reposts", "reposts_count"];
  await e2eQuery(
    `WITH added AS (INSERT INTO ${table} (user_id, crud_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING crud_id)
     UPDATE cruds SET ${count} = ${count} + 1 WHERE id IN (SELECT crud_id FROM added)`,
    [user.id, crudId],
  );
}

/** A notification for `recipient` caused by `actor`: a follow (no crud), or a like, reply… of `crudId`. */
export async function notify(recipient: UserRef, actor: UserRef, kind: "follow" | "like" | "repost" | "reply" | "mention", crudId?: string): Promise<void> {
  await e2eQuery("INSERT INTO notifications (recipient_id, actor_id, kind, crud_id) VALUES ($1, $2, $3, $4)", [recipient.id, actor.id, kind, crudId ?? null]);
}

/** Grants the moderator role (what `npm run user:role -- @handle moderator` does). */
export async function makeModerator(user: UserRef): Promise<void> {
  await e2eQuery("UPDATE users SET role = 'moderator' WHERE id = $1", [user.id]);
}

/** `reporter` reports `target` as a user (no crud), as the report form does for a profile. */
export async function reportUser(reporter: UserRef, target: E2EUser, reason = "spam"): Promise<void> {
  await e2eQuery("INSERT INTO reports (reporter_id, reason, target_user_id, snapshot_handle, snapshot_display_name) VALUES ($1, $2, $3, $4, $5)", [
    reporter.id,
    reason,
    target.id,
    target.handle,
    target.displayName,
  ]);
}

/** Suspends the account (what a moderator's Suspend leaves in the row, ADR 019), or lifts it. */
export async function setSuspended(user: { handle: string }, suspended: boolean): Promise<void> {
  await e2eQuery(`UPDATE users SET suspended_at = ${suspended ? "now()" : "NULL"} WHERE handle = $1`, [user.handle]);
}

/** Makes a crud and its replies end `lifetime` from now (a PostgreSQL interval), as shortening it elsewhere would. */
export async function endThreadIn(crudId: string, lifetime: string): Promise<void> {
  await e2eQuery("UPDATE cruds SET expires_at = now() + $2::interval WHERE id = $1 OR reply_to_id = $1", [crudId, lifetime]);
}

/** One purge round on the e2e database, as an operator runs it (`npm run db:purge`): what its expiry deletes, from the store too. */
export async function purgeRound(): Promise<void> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
  await promisify(execFile)(process.execPath, ["--import", "tsx", "prisma/purge.ts"], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl(E2E_DATABASE) },
  });
}

/** Sets the user's bio, as the profile form would. */
export async function setBio(user: UserRef, bio: string): Promise<void> {
  await e2eQuery("UPDATE users SET bio = $2 WHERE id = $1", [user.id, bio]);
}

/** Another live session of `user`, from another browser and network (for the sessions page). */
export async function otherSession(user: UserRef, { userAgent, ipPrefix }: { userAgent: string; ipPrefix: string }): Promise<void> {
  await e2eQuery(
    "INSERT INTO sessions (id, user_id, expires_at, user_agent, ip_prefix) VALUES (md5(random()::text) || md5(random()::text), $1, now() + interval '1 day', $2, $3)",
    [user.id, userAgent, ipPrefix],
  );
}

// ---- Through the forms, against the suite's cognito-local (for the tests of those forms) ----------

/** The password the form-driven helpers use unless told otherwise. */
export const PASSWORD = "correct horse battery";

export type Account = { name: string; email: string; handle: string };

/** A new account's name, email and handle (`prefix_…`), unique per run and project. */
export function newAccount(project: string, prefix = "t"): Account {
  const id = `${project === "js-off" ? "f" : "n"}${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`;
  return { name: `Tester ${id}`, email: `${prefix}${id}@example.com`, handle: `${prefix}_${id}`.slice(0, 20).toLowerCase() };
}

/** The layout's status message after an action (the flash, ADR 020): the same with JavaScript and without. */
export const statusMessage = (page: Page) => page.locator(".status-region");

/** Fills and sends the sign-up form; lands on /confirm, told that a code was sent. */
export async function signUpWithForm(page: Page, account: Account, password = PASSWORD): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username").fill(account.handle);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/confirm\?email=[^&]*$/);
  await expect(statusMessage(page)).toHaveText("We emailed you a 6-digit code. Enter it to confirm your account.");
}

/** On /confirm: the emailed code, then "Account confirmed" on /signin. */
export async function confirmWithCode(page: Page, email: string): Promise<void> {
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Confirmation code").fill(await latestCode(email));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/signin\?email=[^&]*$/);
  await expect(statusMessage(page)).toHaveText("Account confirmed. Sign in to start crudding.");
}

/** Fills and sends the sign-in form (going to /signin first if needed); asserts nothing about the outcome. */
export async function signInWithForm(page: Page, email: string, password = PASSWORD): Promise<void> {
  if (!page.url().includes("/signin")) await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * Turns authenticator-app sign-in on for a confirmed account, straight through the suite's Cognito (the
 * set-up a person makes on /settings/security, without its pages, for tests about signing in): returns
 * the test's authenticator, which computes its codes.
 */
export function turnOnTotp(email: string, password = PASSWORD) {
  return enableTotp(e2eCognitoApi(), email, password);
}

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
