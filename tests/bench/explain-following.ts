// `npx tsx tests/bench/explain-following.ts`: EXPLAIN ANALYZE of the Following tab, a profile header
// with its follow counts, and a followers list, on 1,000 users and 100,000 cruds, for a user
// following 999 people, one following 20, one following a single quiet user and one following 100 quiet users. The app's own model
// functions run, their one statement prefixed with EXPLAIN. Prints what
// docs/decisions/016-following-timeline.md records. A measurement, not a test.
import { scratchDatabase, seedFollowingCases } from "./scratch-database";
import { modelExplainer, type ModelCall } from "./model-explainer";

const NAME = "cruddur_explain_following";
const { url, db, drop } = await scratchDatabase(NAME);
await seedFollowingCases(db);
await db.query("VACUUM ANALYZE");
await db.end();

// The app's modules, on the scratch database, with every statement explained instead of run.
const explainer = await modelExplainer(url);
const { getFollowingPage, getProfile, getTimelinePage } = await import("~/models/crud.server");
const { getFollowList } = await import("~/models/follow.server");
const idOf = async (handle: string) => (await getProfile(handle, new Date()))!.id;
const ids: Record<string, string> = {};
for (const handle of ["user_1", "user_2", "user_3", "user_4"]) ids[handle] = await idOf(handle);

const cases: [string, ModelCall][] = [
  ["Everyone (the global timeline, for comparison)", () => getTimelinePage({ viewerId: ids.user_1!, now: new Date() })],
  ["Following tab, following 999", () => getFollowingPage({ viewerId: ids.user_1!, now: new Date() })],
  ["Following tab, following 20", () => getFollowingPage({ viewerId: ids.user_2!, now: new Date() })],
  ["Following tab, following 1 quiet user (and user_5)", () => getFollowingPage({ viewerId: ids.user_3!, now: new Date() })],
  ["Following tab, following 100 quiet users", () => getFollowingPage({ viewerId: ids.user_4!, now: new Date() })],
  ["profile header with counts (999 followers)", () => getProfile("user_5", new Date(), ids.user_2)],
  ["followers list (999 followers), first page", () => getFollowList({ handle: "user_5", kind: "followers", viewerId: ids.user_2 })],
];
for (const [name, run] of cases) {
  // Warm plans first (the third explanation is the one printed), then the statement itself, 50 times.
  let plans: string[] = [];
  for (let warm = 0; warm < 3; warm++) plans = await explainer.explain(run);
  const { median, p90 } = await explainer.time(run);
  console.log(`\n=== ${name}: median ${median.toFixed(2)} ms, p90 ${p90.toFixed(2)} ms over 50 runs\n${plans.join("\n---\n")}`);
  if (process.env.EXPLAIN_AS_RUN) console.log(`\n--- as the app runs it (generic plan)\n${(await explainer.explainAsRun(run)).join("\n---\n")}`);
}
await explainer.end();
await drop();
