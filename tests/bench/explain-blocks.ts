// `npx tsx tests/bench/explain-blocks.ts`: the Everyone and Following timelines and the notifications
// page with and without blocks and mutes, on 1,000 users and 100,000 cruds (5,000 reposts): each
// statement's median over 50 runs and its plan's execution time. docs/decisions/018-block-and-mute.md
// records the figures. A measurement, not a test.
import { scratchDatabase, seedCruds, seedFollows, seedReposts, seedUsers } from "./scratch-database";
import { modelExplainer, type ModelCall } from "./model-explainer";

const NAME = "cruddur_explain_blocks";
const { url, db, drop } = await scratchDatabase(NAME);
await seedUsers(db);
await seedCruds(db);
await seedReposts(db);
await seedFollows(db);
await db.query(`
  INSERT INTO notifications (recipient_id, actor_id, kind, crud_id, created_at)
  SELECT c.user_id, u.id, 'like', c.id, c.created_at FROM cruds c JOIN users u ON u.handle = 'user_' || (1 + abs(hashtext(c.id::text)) % 1000)
  WHERE c.user_id IN (SELECT id FROM users WHERE handle IN ('user_1', 'user_2')) AND u.id <> c.user_id`);
await db.query("VACUUM ANALYZE");

const explainer = await modelExplainer(url);
const { getFollowingPage, getProfile, getTimelinePage } = await import("~/models/crud.server");
const { getNotificationGroups } = await import("~/models/notification.server");
const ids: Record<string, string> = {};
for (const handle of ["user_1", "user_2"]) ids[handle] = (await getProfile(handle, new Date()))!.id;

const cases: [string, ModelCall][] = [
  ["Everyone", () => getTimelinePage({ viewerId: ids.user_1!, now: new Date() })],
  ["Following, 999 follows", () => getFollowingPage({ viewerId: ids.user_1!, now: new Date() })],
  ["Following, 20 follows", () => getFollowingPage({ viewerId: ids.user_2!, now: new Date() })],
  ["Notifications", () => getNotificationGroups(ids.user_1!, new Date())],
];

async function measure(label: string) {
  for (const [name, run] of cases) {
    const [plan = ""] = await explainer.explain(run, "ANALYZE");
    const lines = plan.split("\n");
    // The execution time, and how the filters are read (the nodes on blocks and mutes, deduplicated).
    const probes = new Set(
      lines
        .filter((line) => / on (blocks|mutes) /.test(line))
        .map((line) =>
          line
            .trim()
            .replace(/\(cost=.*$/, "")
            .replace(/^-> +/, ""),
        ),
    );
    const executions = [...lines.filter((line) => line.startsWith("Execution Time")), ...probes];
    const { median, p90 } = await explainer.time(run);
    console.log(`${label} | ${name}: median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms; EXPLAIN ${executions.join(" ")}`);
  }
}

await measure("no blocks or mutes");
// Each viewer blocks 10 users, is blocked by 10 and mutes 10 (30 of 1,000 authors, ~3% of what is posted).
await db.query(`
  INSERT INTO blocks (blocker_id, blocked_id) SELECT v.id, u.id FROM users v, users u
  WHERE v.handle IN ('user_1', 'user_2') AND u.handle IN (SELECT 'user_' || n FROM generate_series(100, 109) n);
  INSERT INTO blocks (blocker_id, blocked_id) SELECT u.id, v.id FROM users v, users u
  WHERE v.handle IN ('user_1', 'user_2') AND u.handle IN (SELECT 'user_' || n FROM generate_series(200, 209) n);
  INSERT INTO mutes (muter_id, muted_id) SELECT v.id, u.id FROM users v, users u
  WHERE v.handle IN ('user_1', 'user_2') AND u.handle IN (SELECT 'user_' || n FROM generate_series(300, 309) n);
  ANALYZE blocks; ANALYZE mutes`);
await measure("10 blocks, 10 blocked by, 10 mutes");
// A heavy muter: 300 mutes (30% of what is posted is skipped on the way to a page).
await db.query(`
  INSERT INTO mutes (muter_id, muted_id) SELECT v.id, u.id FROM users v, users u
  WHERE v.handle IN ('user_1', 'user_2') AND u.handle IN (SELECT 'user_' || n FROM generate_series(400, 699) n);
  ANALYZE mutes`);
await measure("and 300 more mutes");
await db.end();
await explainer.end();
await drop();
