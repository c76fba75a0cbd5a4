// `npx tsx tests/bench/explain-social.ts`: EXPLAIN ANALYZE of the search, trending and suggestion
// queries on 100,000 cruds (1,000 users, 50 tags, 100,000 crud_tags rows). Prints the plans that
// docs/decisions/009-messages-search-trending.md records. A measurement, not a test.
import { scratchDatabase } from "./scratch-database";

const NAME = "cruddur_explain_social";
const { db, drop } = await scratchDatabase(NAME);
await db.query(`
  INSERT INTO users (cognito_user_id, handle, email, display_name)
  SELECT 'x-' || i, 'user' || i, 'user' || i || '@example.com', 'Explain User ' || i FROM generate_series(1, 1000) AS i`);
await db.query(`
  WITH u AS (SELECT id, row_number() OVER (ORDER BY handle) AS n FROM users)
  INSERT INTO cruds (user_id, message, created_at, expires_at)
  SELECT u.id, 'Crud number ' || i || ' says hello to #tag' || (i % 50) || ' about ' || md5(i::text),
         now() - i * interval '2 seconds', now() + interval '1 hour' + (i % 720) * interval '1 hour'
  FROM generate_series(1, 100000) AS i JOIN u ON u.n = i % 1000 + 1`);
await db.query(`
  INSERT INTO crud_tags (crud_id, tag, created_at)
  SELECT id, substring(message from '#(tag[0-9]+)'), created_at FROM cruds`);
await db.query("ANALYZE");

const viewer = (await db.query<{ id: string }>("SELECT id FROM users WHERE handle = 'user1'")).rows[0]!.id;
const word = (await db.query<{ w: string }>("SELECT md5('777') AS w")).rows[0]!.w;
const queries: [string, string, unknown[]][] = [
  [
    "search #tag (first page)",
    `SELECT t.crud_id, t.created_at FROM crud_tags t JOIN cruds c ON c.id = t.crud_id
     WHERE t.tag = $1 AND c.expires_at > now() ORDER BY t.created_at DESC, t.crud_id DESC LIMIT 21`,
    ["tag7"],
  ],
  [
    "search words, rare word",
    `SELECT c.id, c.created_at FROM cruds c
     WHERE to_tsvector('simple', c.message) @@ plainto_tsquery('simple', $1) AND c.expires_at > now()
     ORDER BY c.created_at DESC, c.id DESC LIMIT 21`,
    [word],
  ],
  [
    "search words, common words",
    `SELECT c.id, c.created_at FROM cruds c
     WHERE to_tsvector('simple', c.message) @@ plainto_tsquery('simple', $1) AND c.expires_at > now()
     ORDER BY c.created_at DESC, c.id DESC LIMIT 21`,
    ["hello tag7"],
  ],
  [
    "search users",
    `SELECT u.id FROM users u WHERE lower(u.handle) LIKE $1 OR lower(u.display_name) LIKE lower($1)
     ORDER BY (u.handle = 'user12') DESC, u.handle LIMIT 10`,
    ["user12%"],
  ],
  [
    "trending",
    `SELECT t.tag, count(*)::int, array_agg(c.expires_at) FILTER (WHERE c.expires_at <= now() + interval '60 s')
     FROM crud_tags t JOIN cruds c ON c.id = t.crud_id
     WHERE t.created_at > now() - interval '24 h' AND c.created_at > now() - interval '24 h' AND c.expires_at > now()
     GROUP BY t.tag ORDER BY 2 DESC, t.tag LIMIT 20`,
    [],
  ],
  [
    "suggested users (signed in)",
    `WITH recent AS (
       SELECT c.user_id, c.created_at FROM cruds c WHERE c.expires_at > now() AND c.created_at > now() - interval '7 days' AND c.created_at <= now()
       ORDER BY c.created_at DESC, c.id DESC LIMIT 500
     ), active AS (
       SELECT r.user_id, max(r.created_at) AS last_posted_at FROM recent r
       WHERE r.user_id <> $1::uuid AND r.user_id NOT IN (
         SELECT c.user_id FROM likes l JOIN cruds c ON c.id = l.crud_id WHERE l.user_id = $1::uuid
         UNION SELECT c.user_id FROM reposts p JOIN cruds c ON c.id = p.crud_id WHERE p.user_id = $1::uuid
         UNION SELECT parent.user_id FROM cruds reply JOIN cruds parent ON parent.id = reply.reply_to_id WHERE reply.user_id = $1::uuid AND reply.reply_to_id IS NOT NULL
         UNION SELECT user_b_id FROM conversations WHERE user_a_id = $1::uuid
         UNION SELECT user_a_id FROM conversations WHERE user_b_id = $1::uuid)
       GROUP BY r.user_id)
     SELECT u.id FROM active a JOIN users u ON u.id = a.user_id ORDER BY a.last_posted_at DESC, u.handle LIMIT 5`,
    [viewer],
  ],
];
for (const [name, sql, params] of queries) {
  const plan = (await db.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY ON) ${sql}`, params)).rows;
  console.log(`\n## ${name}\n${plan.map((r) => r["QUERY PLAN"]).join("\n")}`);
}
await db.end();
await drop();
