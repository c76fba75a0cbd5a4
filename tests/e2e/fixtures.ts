// The e2e suite's fixtures and factories: who is signed in, and the data a test arranges before it
// looks at a page. Tests import `test` and `expect` from here and never write SQL: the factories below
// write rows as the app would have (a reply lives as long as its crud, counts stay exact), on the e2e
// database (tests/support/e2e-db.ts). Handles are unique per test and per project (js-on, js-off).
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { latestCode } from "../support/e2e-cognito";
import { e2eQuery } from "../support/e2e-db";
import { ensureUser, signInAs, uniqueHandle, type E2EUser } from "../support/e2e-session";

export { expect };
export type { E2EUser };

type Fixtures = {
  /** A new user, signed in in the test's `context` (and so in `page`). */
  signedInUser: E2EUser;
  /** Signs a new user (handle `prefix_…`) in, in `context` (the test's own by default). */
  signIn: (prefix: string, displayName?: string, context?: BrowserContext) => Promise<E2EUser>;
  /** A new user (handle `prefix_…`), not signed in anywhere. */
  newUser: (prefix: string, displayName?: string) => Promise<E2EUser>;
};

// (`provide` is Playwright's `use`, named so that the React hooks lint rule leaves it alone.)
export const test = base.extend<Fixtures>({
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

/** Suspends the account (what a moderator's Suspend leaves in the row, ADR 019), or lifts it. */
export async function setSuspended(user: { handle: string }, suspended: boolean): Promise<void> {
  await e2eQuery(`UPDATE users SET suspended_at = ${suspended ? "now()" : "NULL"} WHERE handle = $1`, [user.handle]);
}

/** Makes a crud and its replies end `lifetime` from now (a PostgreSQL interval), as shortening it elsewhere would. */
export async function endThreadIn(crudId: string, lifetime: string): Promise<void> {
  await e2eQuery("UPDATE cruds SET expires_at = now() + $2::interval WHERE id = $1 OR reply_to_id = $1", [crudId, lifetime]);
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

/** Fills and sends the sign-up form; lands on /confirm. */
export async function signUpWithForm(page: Page, account: Account, password = PASSWORD): Promise<void> {
  await page.goto("/signup");
  await page.getByLabel("Name", { exact: true }).fill(account.name);
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Username").fill(account.handle);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(/\/confirm\?/);
}

/** On /confirm: the emailed code, then "Account confirmed" on /signin. */
export async function confirmWithCode(page: Page, email: string): Promise<void> {
  await expect(page.getByLabel("Email")).toHaveValue(email);
  await page.getByLabel("Confirmation code").fill(await latestCode(email));
  await page.getByRole("button", { name: "Confirm" }).click();
  await expect(page).toHaveURL(/\/signin\?/);
  await expect(page.getByRole("status")).toContainText("Account confirmed");
}

/** Fills and sends the sign-in form (going to /signin first if needed); asserts nothing about the outcome. */
export async function signInWithForm(page: Page, email: string, password = PASSWORD): Promise<void> {
  if (!page.url().includes("/signin")) await page.goto("/signin");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}
