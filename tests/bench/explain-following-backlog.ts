// `npx tsx tests/bench/explain-following-backlog.ts`: the home page's statements (the Following tab for 999, 20,
// 1 quiet and 100 quiet follows, Everyone, the new-cruds polls, a profile) on explain-following.ts's data, and
// on the same data with a backlog of expired cruds the purge has not deleted yet (`seedExpiredBacklog`):
// `BACKLOG_RATIOS` (default `0,1,5`) × as many expired cruds as live ones, interleaved with them. Each case
// prints three medians of 50 runs: the model function through the app's pool (the generic plan, as the app
// runs it), and its statements alone on one connection, generic and planned each time (a custom plan); and
// the buffers the generic plan reads as run (auto_explain), which do not move with the machine's other load.
// `PLANS=1` prints each statement's custom plan (EXPLAIN ANALYZE), `EXPLAIN_AS_RUN=1` the generic plan the app
// runs. `EXPLAIN_DATABASE` names the scratch databases (a prefix; `_<ratio>x` is appended), `EXPLAIN_REUSE=1`
// keeps them and reuses what an earlier run seeded (migrating them first). Prints what ADR 045 records.
// A measurement, not a test.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { databaseUrl, migrate } from "../support/database";
import { scratchDatabase, seedExpiredBacklog, seedFollowingCases } from "./scratch-database";
import { modelExplainer, type ModelCall } from "./model-explainer";

const PREFIX = process.env.EXPLAIN_DATABASE ?? "cruddur_explain_backlog";
const RATIOS = (process.env.BACKLOG_RATIOS ?? "0,1,5").split(",").map(Number);
const ROW = "| backlog ";
const REUSE = Boolean(process.env.EXPLAIN_REUSE);
const NO_VACUUM = Boolean(process.env.EXPLAIN_NO_VACUUM);

/** A seeded database for `ratio`: reused (and migrated) when asked and already seeded, else made afresh. */
async function database(ratio: number): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${PREFIX}_${ratio}x`;
  if (REUSE) {
    const url = databaseUrl(name);
    const db = new pg.Client({ connectionString: url });
    const seeded = await db.connect().then(
      async () =>
        (await db.query("SELECT 1 FROM pg_database WHERE datname = current_database() AND shobj_description(oid, 'pg_database') = 'seeded'")).rowCount === 1,
      () => false,
    );
    if (seeded) {
      migrate(url);
      await db.query("ANALYZE");
      await db.end();
      return { url, drop: async () => {} };
    }
    await db.end().catch(() => {});
  }
  const { url, db, drop } = await scratchDatabase(name);
  await seedFollowingCases(db);
  await seedExpiredBacklog(db, ratio);
  // `EXPLAIN_NO_VACUUM=1`: no page of the tables is marked all-visible (as just after heavy writes, before
  // autovacuum), so an index-only scan still reads every table row: the worst case for ADR 045's index.
  if (NO_VACUUM) await db.query("ALTER TABLE cruds SET (autovacuum_enabled = false); ALTER TABLE reposts SET (autovacuum_enabled = false); ANALYZE");
  else await db.query("VACUUM ANALYZE");
  await db.query(`COMMENT ON DATABASE "${name}" IS 'seeded'`);
  await db.end();
  return { url, drop: REUSE ? async () => {} : drop };
}

/** Live and expired (not yet purged) cruds in the database. */
async function census(url: string) {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const { rows } = await db.query<{ live: number; expired: number; reposts: number }>(`
    SELECT count(*) FILTER (WHERE expires_at > now())::int AS live, count(*) FILTER (WHERE expires_at <= now())::int AS expired,
      (SELECT count(*)::int FROM reposts) AS reposts FROM cruds`);
  await db.end();
  return rows[0]!;
}

// One process per data set (the app's pool is bound to one database per process), then the summary.
if (process.env.BACKLOG_RATIO === undefined) {
  const rows: string[] = [];
  for (const ratio of RATIOS) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
      env: { ...process.env, BACKLOG_RATIO: String(ratio) },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
      maxBuffer: 1 << 28,
    });
    process.stdout.write(
      child.stdout
        .split("\n")
        .filter((line) => !line.startsWith(ROW))
        .join("\n"),
    );
    if (child.status !== 0) throw new Error(`the ${ratio}× data set failed (exit ${child.status})`);
    rows.push(...child.stdout.split("\n").filter((line) => line.startsWith(ROW)));
  }
  console.log(
    "\n| Data | Case | as run, pool (ms) | statements, generic (ms) | statements, planned each time (ms) | buffers read as run |\n|---|---|---|---|---|---|",
  );
  console.log(rows.join("\n"));
} else {
  const ratio = Number(process.env.BACKLOG_RATIO);
  const { url, drop } = await database(ratio);
  const { live, expired, reposts } = await census(url);
  const label = `backlog ${ratio}× (${live.toLocaleString("en")} live, ${expired.toLocaleString("en")} expired cruds, ${reposts.toLocaleString("en")} reposts)`;
  console.log(`\n##### ${label}`);

  const explainer = await modelExplainer(url);
  const crud = await import("~/models/crud.server");
  const ids: Record<string, string> = {};
  for (const handle of ["user_1", "user_2", "user_3", "user_4"]) ids[handle] = (await crud.getProfile(handle, new Date()))!.id;
  const now = () => new Date();
  const hourAgo = { at: new Date(Date.now() - 3_600_000), key: "00000000-0000-0000-0000-000000000000" };
  const top999 = (await crud.getFollowingPage({ now: now(), viewerId: ids.user_1! })).newest!;

  const cases: [string, ModelCall][] = [
    ["Everyone", () => crud.getTimelinePage({ viewerId: ids.user_2!, now: now() })],
    ["Following 999", () => crud.getFollowingPage({ viewerId: ids.user_1!, now: now() })],
    ["Following 20", () => crud.getFollowingPage({ viewerId: ids.user_2!, now: now() })],
    ["Following 1 quiet (+ user_5)", () => crud.getFollowingPage({ viewerId: ids.user_3!, now: now() })],
    ["Following 100 quiet", () => crud.getFollowingPage({ viewerId: ids.user_4!, now: now() })],
    ["new cruds, Everyone, since an hour ago", () => crud.countNewerInTimeline({ since: hourAgo, now: now(), viewerId: ids.user_2! })],
    ["new cruds, Following 999, nothing new", () => crud.countNewerInFollowing({ since: top999, now: now(), viewerId: ids.user_1! })],
    ["new cruds, Following 999, since an hour ago", () => crud.countNewerInFollowing({ since: hourAgo, now: now(), viewerId: ids.user_1! })],
    ["new cruds, Following 20, since an hour ago", () => crud.countNewerInFollowing({ since: hourAgo, now: now(), viewerId: ids.user_2! })],
    ["profile page of user_5 (header + feed)", () => crud.getProfilePage({ handle: "user_5", viewerId: ids.user_2!, now: now() })],
  ];
  for (const [name, run] of cases) {
    let plans: string[] = [];
    for (let warm = 0; warm < 3; warm++) plans = await explainer.explain(run);
    const app = await explainer.time(run);
    const generic = await explainer.timeStatements(run, "generic");
    const planned = await explainer.timeStatements(run, "planned");
    const planning = plans.map((plan) => /Planning Time: ([\d.]+) ms/.exec(plan)?.[1]).join(" + ");
    // The plans as run, and what they read: buffers do not depend on what else the machine is doing.
    const asRun = await explainer.explainAsRun(run);
    const read = (plan: string) =>
      /Buffers: shared (?:hit=(\d+))? ?(?:read=(\d+))?/
        .exec(plan)
        ?.slice(1)
        .reduce((sum, n) => sum + Number(n ?? 0), 0) ?? 0;
    const buffers = asRun.reduce((sum, plan) => sum + read(plan), 0);
    console.log(
      `=== ${name}: as run (pool) median ${app.median.toFixed(2)} ms (p90 ${app.p90.toFixed(2)}); statements generic ${generic.median.toFixed(2)} ms, ` +
        `planned each time ${planned.median.toFixed(2)} ms (EXPLAIN ANALYZE planning ${planning} ms); as run, ${buffers} buffers read`,
    );
    console.log(`${ROW}${ratio}× | ${name} | ${app.median.toFixed(2)} | ${generic.median.toFixed(2)} | ${planned.median.toFixed(2)} | ${buffers} |`);
    if (process.env.PLANS) console.log(plans.join("\n---\n"));
    if (process.env.EXPLAIN_AS_RUN) console.log(`--- as the app runs it (generic plan)\n${asRun.join("\n---\n")}`);
  }
  await explainer.end();
  await drop();
}
