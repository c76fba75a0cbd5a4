// The explain scripts' database: a fresh, migrated scratch database and a client on it, and the data
// they share, written once: 1,000 users (`user_1` … `user_1000`), 100,000 cruds, 5,000 reposts, the
// follows of user_1 (everyone) and user_2 (20 people), and 100 quiet users followed by user_4.
// For measurements, not tests.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { dropDatabase, migrate, recreateDatabase } from "../support/database";

export async function scratchDatabase(name: string) {
  const url = await recreateDatabase(name);
  migrate(url);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  return { url, db, drop: () => dropDatabase(name) };
}

export function seedUsers(db: pg.Client, count = 1_000) {
  return db.query(`
    INSERT INTO users (cognito_user_id, handle, email, display_name)
    SELECT 'x-' || n, 'user_' || n, 'u' || n || '@example.com', 'User ' || n FROM generate_series(1, ${count}) n`);
}

/**
 * 100,000 cruds over the last 3 days by random authors, lifetimes of 1 hour to 7 days (some expired).
 * With `mentions`, every third @mentions a user and every seventh someone who does not exist.
 */
export function seedCruds(db: pg.Client, { mentions = false } = {}) {
  const message = mentions
    ? `'crud ' || i || CASE WHEN i % 3 = 0 THEN ' @user_' || (1 + i % 1000) ELSE '' END || CASE WHEN i % 7 = 0 THEN ' @nobody_' || i ELSE '' END`
    : `'crud ' || i`;
  return db.query(`
    WITH u AS (SELECT id, row_number() OVER (ORDER BY handle) AS n FROM users)
    INSERT INTO cruds (user_id, message, created_at, expires_at)
    SELECT u.id, ${message}, t.at, t.at + interval '1 hour' * (1 + i % 168)
    FROM generate_series(1, 100000) i
    CROSS JOIN LATERAL (SELECT now() - interval '3 days' * random() + i * interval '0 s' AS at) t
    JOIN u ON u.n = 1 + (i * 7919) % 1000`);
}

/** 5,000 reposts of random cruds, a minute after each crud, by spread-out users. */
export function seedReposts(db: pg.Client) {
  return db.query(`
    WITH c AS (SELECT id, created_at, row_number() OVER () AS n FROM (SELECT id, created_at FROM cruds ORDER BY random() LIMIT 5000) s),
    u AS (SELECT id, row_number() OVER (ORDER BY handle) AS n FROM users)
    INSERT INTO reposts (user_id, crud_id, created_at)
    SELECT u.id, c.id, c.created_at + interval '1 minute' FROM c JOIN u ON u.n = 1 + (c.n * 31) % 1000 ON CONFLICT DO NOTHING`);
}

/** user_1 follows everyone (the filtered-index plan), user_2 follows 20 (the per-author plan). */
export function seedFollows(db: pg.Client) {
  return db.query(`
    INSERT INTO follows (follower_id, followee_id) SELECT a.id, b.id FROM users a, users b WHERE a.handle = 'user_1' AND b.id <> a.id;
    INSERT INTO follows (follower_id, followee_id)
    SELECT a.id, b.id FROM users a, users b WHERE a.handle = 'user_2' AND b.handle IN (SELECT 'user_' || n FROM generate_series(100, 119) n)`);
}

/**
 * 100 quiet users (2 live cruds each, 2 days old), all followed by user_4: the planner's estimate of
 * cruds per author is the average (~100), far above theirs.
 */
export function seedQuietFollowed(db: pg.Client) {
  return db.query(`
    INSERT INTO users (cognito_user_id, handle, email, display_name)
    SELECT 'x-q' || n, 'quiet_' || n, 'q' || n || '@example.com', 'Quiet ' || n FROM generate_series(1, 100) n;
    INSERT INTO cruds (user_id, message, created_at, expires_at)
    SELECT u.id, 'quiet crud', now() - interval '2 days' - k * interval '1 minute', now() + interval '1 day'
    FROM users u, generate_series(1, 2) k WHERE u.handle LIKE 'quiet\\_%';
    INSERT INTO follows (follower_id, followee_id) SELECT a.id, b.id FROM users a, users b WHERE a.handle = 'user_4' AND b.handle LIKE 'quiet\\_%'`);
}

/**
 * The data of `explain-following.ts`: users, cruds and reposts as above, one quiet user (2 cruds) whom user_1
 * follows with everyone else and user_3 alone, everyone following user_5, and user_4's 100 quiet follows.
 */
export async function seedFollowingCases(db: pg.Client) {
  await seedUsers(db);
  await seedCruds(db);
  await seedReposts(db);
  await db.query(`
    INSERT INTO users (cognito_user_id, handle, email, display_name) VALUES ('x-quiet', 'quiet', 'quiet@example.com', 'Quiet');
    INSERT INTO cruds (user_id, message, created_at, expires_at)
    SELECT id, 'quiet ' || n, now() - interval '2 days', now() + interval '1 day' FROM users, generate_series(1, 2) n WHERE handle = 'quiet'`);
  await seedFollows(db);
  await db.query(`
    INSERT INTO follows (follower_id, followee_id) SELECT a.id, b.id FROM users a, users b WHERE a.handle = 'user_3' AND b.handle = 'quiet';
    INSERT INTO follows (follower_id, followee_id) SELECT a.id, b.id FROM users a, users b WHERE b.handle = 'user_5' AND a.id <> b.id ON CONFLICT DO NOTHING`);
  await seedQuietFollowed(db);
}

/**
 * Expired cruds the purge has not deleted yet: `ratio` × the live top-level cruds, by the same 1,000 authors
 * (`user_N`), created over the same 3 days as the live ones and expired at a random instant between their
 * creation and a second ago, so they are interleaved with the live cruds everywhere a newest-first walk reads
 * (the worst place for them); and reposts of them in the live cruds' proportion (5 %), a minute after each.
 * Returns the number of expired cruds added.
 */
export async function seedExpiredBacklog(db: pg.Client, ratio: number): Promise<number> {
  const { rows } = await db.query<{ live: number }>(
    "SELECT count(*)::int AS live FROM cruds c JOIN users u ON u.id = c.user_id WHERE c.expires_at > now() AND c.reply_to_id IS NULL AND u.handle LIKE 'user\\_%'",
  );
  const count = Math.round(ratio * rows[0]!.live);
  if (count === 0) return 0;
  await db.query(`
    WITH u AS (SELECT id, row_number() OVER (ORDER BY handle) AS n FROM users WHERE handle LIKE 'user\\_%')
    INSERT INTO cruds (user_id, message, created_at, expires_at)
    SELECT u.id, 'expired ' || i, t.at, t.at + (now() - interval '1 second' - t.at) * random()
    FROM generate_series(1, ${count}) i
    CROSS JOIN LATERAL (SELECT now() - interval '1 second' - (interval '3 days' - interval '1 second') * random() + i * interval '0 s' AS at) t
    JOIN u ON u.n = 1 + (i::bigint * 7907) % 1000`);
  await db.query(`
    WITH c AS (SELECT id, created_at, row_number() OVER () AS n FROM (
      SELECT id, created_at FROM cruds WHERE message LIKE 'expired %' ORDER BY random() LIMIT ${Math.round(count / 20)}) s),
    u AS (SELECT id, row_number() OVER (ORDER BY handle) AS n FROM users WHERE handle LIKE 'user\\_%')
    INSERT INTO reposts (user_id, crud_id, created_at)
    SELECT u.id, c.id, least(c.created_at + interval '1 minute', now() - interval '1 second') FROM c JOIN u ON u.n = 1 + (c.n * 37) % 1000
    ON CONFLICT DO NOTHING`);
  return count;
}

/**
 * A session for every user (in `order`, an ORDER BY over `users`), stored as the app stores them (the SHA-256 of
 * the cookie's secret, ADR 006), and their Cookie headers under `cookieName` (Remix cookies carry base64 JSON).
 */
export async function everyonesSessionCookies(db: pg.Client, { cookieName, order = "handle" }: { cookieName: string; order?: string }): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM users ORDER BY ${order}`);
  const ids = rows.map(() => randomBytes(32).toString("base64url"));
  await db.query(
    "INSERT INTO sessions (id, user_id, expires_at) SELECT encode(sha256(convert_to(s.id, 'UTF8')), 'hex'), s.user_id, now() + interval '1 day' FROM unnest($1::text[], $2::uuid[]) AS s(id, user_id)",
    [ids, rows.map((row) => row.id)],
  );
  return ids.map((id) => `${cookieName}=${encodeURIComponent(Buffer.from(JSON.stringify(id)).toString("base64"))}`);
}
