// `npx tsx tests/bench/explain-new-cruds.ts`: what one poll of /api/new-cruds costs the database (the
// count of entries newer than the top of a home tab), next to the timeline page it polls for, on
// 1,000 users and 100,000 cruds (a third of them @mentioning someone, so the cards' mention lookup
// runs), for Everyone and for users following 999, 20 and 100 quiet people. The app's own model
// functions run, their one statement prefixed with EXPLAIN. Prints what
// docs/decisions/021-live-timeline-links-and-share-cards.md records. A measurement, not a test.
import pg from "pg";
import { scratchDatabase, seedCruds, seedFollows, seedQuietFollowed, seedReposts, seedUsers } from "./scratch-database";

const NAME = "cruddur_explain_new_cruds";
const { url, db, drop } = await scratchDatabase(NAME);
await seedUsers(db);
await seedCruds(db, { mentions: true });
await seedReposts(db);
await seedFollows(db);
await seedQuietFollowed(db);
await db.query("VACUUM ANALYZE");
await db.end();

process.env.DATABASE_URL = url;
const { queryRows, POOL_SINGLETON } = await import("~/db.server");
const crud = await import("~/models/crud.server");
const { existingSingleton } = await import("~/db/singleton.server");
await queryRows`SELECT 1`;
const pool = existingSingleton<pg.Pool>(POOL_SINGLETON)!;
const query = pool.query.bind(pool) as (text: string, values: unknown[]) => Promise<pg.QueryResult>;
const plans: string[] = [];
const ids: Record<string, string> = {};
for (const handle of ["user_1", "user_2", "user_4"]) ids[handle] = (await crud.getProfile(handle, new Date()))!.id;
const explained = async (text: string, values: unknown[]) => {
  const result = await query(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, values);
  plans.push(result.rows.map((row: Record<string, string>) => row["QUERY PLAN"]).join("\n"));
  return { ...result, rows: [] };
};

const now = new Date();
const everyoneTop = (await crud.getTimelinePage({ now })).newest!;
const tops: Record<string, import("~/domain/cursor").Cursor> = {};
for (const handle of ["user_1", "user_2", "user_4"]) tops[handle] = (await crud.getFollowingPage({ now, viewerId: ids[handle]! })).newest!;
const hourAgo = { at: new Date(now.getTime() - 3_600_000), key: "00000000-0000-0000-0000-000000000000" };

const cases: [string, () => Promise<unknown>][] = [
  ["Everyone page (cards with mentions)", () => crud.getTimelinePage({ now, viewerId: ids.user_2 })],
  ["poll Everyone, nothing new", () => crud.countNewerInTimeline({ since: everyoneTop, now, viewerId: ids.user_2 })],
  ["poll Everyone, since an hour ago (20+)", () => crud.countNewerInTimeline({ since: hourAgo, now, viewerId: ids.user_2 })],
  ["Following 999 page", () => crud.getFollowingPage({ now, viewerId: ids.user_1! })],
  ["poll Following 999, nothing new", () => crud.countNewerInFollowing({ since: tops.user_1!, now, viewerId: ids.user_1! })],
  ["poll Following 999, since an hour ago", () => crud.countNewerInFollowing({ since: hourAgo, now, viewerId: ids.user_1! })],
  ["Following 20 page", () => crud.getFollowingPage({ now, viewerId: ids.user_2! })],
  ["poll Following 20, nothing new", () => crud.countNewerInFollowing({ since: tops.user_2!, now, viewerId: ids.user_2! })],
  ["poll Following 20, since an hour ago", () => crud.countNewerInFollowing({ since: hourAgo, now, viewerId: ids.user_2! })],
  ["poll Following 100 quiet users, nothing new", () => crud.countNewerInFollowing({ since: tops.user_4!, now, viewerId: ids.user_4! })],
];
for (const [name, run] of cases) {
  (pool as unknown as { query: unknown }).query = explained;
  for (let warm = 0; warm < 3; warm++) {
    plans.length = 0;
    await run();
  }
  const plan = plans.join("\n---\n");
  (pool as unknown as { query: unknown }).query = query;
  const times: number[] = [];
  for (let n = 0; n < 50; n++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const [planning, execution] = ["Planning", "Execution"].map((what) => new RegExp(`${what} Time: ([\\d.]+) ms`).exec(plan)?.[1]);
  console.log(
    `\n=== ${name}: median ${times[25]!.toFixed(2)} ms, p90 ${times[45]!.toFixed(2)} ms over 50 runs; planning ${planning} ms, execution ${execution} ms`,
  );
  if (process.env.PLANS) console.log(plan);
}
// The same count as a named (prepared) statement: planned once per connection, not on every poll.
let captured: { text: string; values: unknown[] } | undefined;
(pool as unknown as { query: unknown }).query = async (text: string, values: unknown[]) => {
  captured = { text, values };
  return query(text, values);
};
for (const [name, run] of [
  ["poll Everyone, nothing new", () => crud.countNewerInTimeline({ since: everyoneTop, now, viewerId: ids.user_2 })],
  ["poll Following 999, nothing new", () => crud.countNewerInFollowing({ since: tops.user_1!, now, viewerId: ids.user_1! })],
  ["poll Following 20, nothing new", () => crud.countNewerInFollowing({ since: tops.user_2!, now, viewerId: ids.user_2! })],
] as const) {
  await run();
  const { text, values } = captured!;
  const times: number[] = [];
  for (let n = 0; n < 50; n++) {
    const start = performance.now();
    await pool.query({ name: `bench-${name}`, text, values });
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  console.log(`\n=== ${name}, prepared: median ${times[25]!.toFixed(2)} ms, p90 ${times[45]!.toFixed(2)} ms over 50 runs`);
}
// What the cards' mention lookup (crud.server.ts, mentionedHandles) adds to a page of 21 cruds with mentions.
for (const [name, column] of [
  ["21 cards' ids", ""],
  [
    "21 cards' ids and their mentioned users",
    `, ARRAY(SELECT mu.handle FROM users mu WHERE mu.handle = ANY(ARRAY(SELECT lower(m[1]) FROM regexp_matches(c.message, '@([A-Za-z0-9_]{3,20})', 'g') AS m)))`,
  ],
] as const) {
  const text = `EXPLAIN (ANALYZE) SELECT c.id${column} FROM cruds c WHERE c.message LIKE '%@%' ORDER BY c.created_at DESC LIMIT 21`;
  const executions: number[] = [];
  for (let n = 0; n < 50; n++) {
    const plan = (await query(text, [])).rows.map((row: Record<string, string>) => row["QUERY PLAN"]).join("\n");
    executions.push(Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1]));
  }
  executions.sort((a, b) => a - b);
  console.log(`\n=== ${name}: median execution ${executions[25]!.toFixed(3)} ms over 50 runs`);
}
await pool.end();
await drop();
