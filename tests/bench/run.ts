// `npm run bench`: load the production server on a 100,000-crud database and print the figures
// docs/performance.md records. A benchmark, not a test: it asserts nothing, it measures.
// `npm run bench:million`: the Following tab on 1,000,000 cruds (BENCH_CRUDS), with its query plans.
// BENCH_COMPARE=<another checkout, built> BENCH_ONLY=…: an A/B of two builds, scenario by scenario.
// BENCH_NODE_FLAGS="--trace-gc": more node flags for the app's server, whose stdout then shows.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { build as esbuild } from "esbuild";
import pg from "pg";
import { largestSharedBundle } from "../support/build-assets";
import { migrate, recreateDatabase } from "../support/database";
import { modelExplainer } from "./model-explainer";
import { everyonesSessionCookies } from "./scratch-database";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const PORT = Number(process.env.BENCH_PORT ?? 3200);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const USERS = 1_000;
const CRUDS = Number(process.env.BENCH_CRUDS ?? 100_000);

if (!existsSync(path.join(root, "build/server.js"))) throw new Error("Run `npm run build` first.");

const databaseUrl = await recreateDatabase("cruddur_bench");
migrate(databaseUrl);
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();

console.log(`Seeding ${CRUDS.toLocaleString()} cruds by ${USERS.toLocaleString()} users…`);
await db.query(`
  INSERT INTO users (cognito_user_id, handle, email, display_name, bio)
  SELECT 'bench-' || i, 'user' || i, 'user' || i || '@example.com', 'Bench User ' || i, 'Benchmarking since ' || i
  FROM generate_series(1, ${USERS}) AS i`);
await db.query(`
  WITH u AS (SELECT id, row_number() OVER (ORDER BY handle) AS n FROM users)
  INSERT INTO cruds (user_id, message, created_at, expires_at)
  SELECT u.id,
         'Crud number ' || i || ' says hello to #tag' || (i % 50) || ' and @user' || (i % ${USERS} + 1),
         now() - i * interval '2 seconds',
         now() + interval '1 hour' + (i % 720) * interval '1 hour'
  FROM generate_series(1, ${CRUDS}) AS i
  JOIN u ON u.n = i % ${USERS} + 1`);
// A thread with 30 replies, some likes and reposts, as the signed-in pages show them.
const [threadRoot] = (
  await db.query<{ id: string; handle: string }>("SELECT c.id, u.handle FROM cruds c JOIN users u ON u.id = c.user_id ORDER BY c.created_at DESC LIMIT 1")
).rows;
await db.query(
  `
  INSERT INTO cruds (user_id, message, reply_to_id, expires_at, created_at)
  SELECT u.id, 'Reply number ' || i, $1, (SELECT expires_at FROM cruds WHERE id = $1), now() - (30 - i) * interval '1 second'
  FROM generate_series(1, 30) AS i JOIN LATERAL (SELECT id FROM users OFFSET i LIMIT 1) u ON true`,
  [threadRoot!.id],
);
await db.query("UPDATE cruds SET replies_count = 30 WHERE id = $1", [threadRoot!.id]);
await db.query(
  `INSERT INTO likes (user_id, crud_id) SELECT u.id, c.id FROM (SELECT id FROM users LIMIT 50) u, (SELECT id FROM cruds ORDER BY created_at DESC LIMIT 40) c`,
);
await db.query(
  `INSERT INTO reposts (user_id, crud_id) SELECT u.id, c.id FROM (SELECT id FROM users LIMIT 5) u, (SELECT id FROM cruds WHERE reply_to_id IS NULL ORDER BY created_at DESC LIMIT 10) c`,
);
// Hashtags (as posting writes them) for search and trending, and notifications for the signed-in user.
await db.query(
  `INSERT INTO crud_tags (crud_id, tag, created_at) SELECT id, 'tag' || (substring(message from '#tag([0-9]+)')), created_at FROM cruds WHERE message LIKE '%#tag%'`,
);
await db.query("ANALYZE");
const [busiest] = (
  await db.query<{ handle: string; id: string }>(
    "SELECT u.handle, u.id FROM users u JOIN cruds c ON c.user_id = u.id GROUP BY u.id ORDER BY count(*) DESC LIMIT 1",
  )
).rows;

// The signed-in visitor (the busiest user) has 120 notifications: likes of 40 of their cruds by 3 users.
await db.query(
  `INSERT INTO notifications (recipient_id, actor_id, kind, crud_id, created_at)
   SELECT c.user_id, u.id, 'like', c.id, now() - interval '1 minute'
   FROM (SELECT id, user_id FROM cruds WHERE user_id = $1 LIMIT 40) c, (SELECT id FROM users WHERE id <> $1 LIMIT 3) u`,
  [busiest!.id],
);

// The Following tab (ADR 016): the busiest user follows the 999 others (every author is followed: the
// statement's global-index plan); a second user follows 20 (the page-per-author plan).
// The second user is never the busiest (who is random), nor one of the 20 they follow.
const [lightFollower] = (
  await db.query<{ id: string }>("SELECT id FROM users WHERE id <> $1 AND handle IN ('user2', 'user3') ORDER BY handle LIMIT 1", [busiest!.id])
).rows;
await db.query("INSERT INTO follows (follower_id, followee_id) SELECT $1, id FROM users WHERE id <> $1", [busiest!.id]);
await db.query(
  "INSERT INTO follows (follower_id, followee_id) SELECT $1, id FROM users WHERE handle IN (SELECT 'user' || n FROM generate_series(100, 119) n)",
  [lightFollower!.id],
);
await db.query("ANALYZE follows");
const explainer = await modelExplainer(databaseUrl);
const { getFollowingPage } = await import("~/models/crud.server");
for (const [name, viewerId] of [
  ["follows 999", busiest!.id],
  ["follows 20", lightFollower!.id],
]) {
  const followingPage = () => getFollowingPage({ viewerId: viewerId!, now: new Date() });
  await explainer.explain(followingPage); // warm the plan cache and the buffers
  const [plan] = await explainer.explain(followingPage);
  const { median } = await explainer.time(followingPage, 20);
  console.log(
    `\nEXPLAIN (ANALYZE, BUFFERS) Following tab, ${name} (${CRUDS.toLocaleString()} cruds; median ${median.toFixed(2)} ms through the pool):\n${plan}`,
  );
}
await explainer.end();

for (const [name, sql] of [
  ["timeline", "SELECT id FROM cruds WHERE reply_to_id IS NULL AND expires_at > now() ORDER BY created_at DESC, id DESC LIMIT 21"],
  [
    "profile",
    `SELECT id FROM cruds WHERE user_id = '${busiest!.id}' AND reply_to_id IS NULL AND expires_at > now() ORDER BY created_at DESC, id DESC LIMIT 21`,
  ],
]) {
  const plan = (await db.query<{ "QUERY PLAN": string }>(`EXPLAIN ${sql}`)).rows.map((r) => r["QUERY PLAN"]);
  console.log(`EXPLAIN ${name}: ${plan.find((line) => /Scan/.test(line))?.trim()}`);
}

// Remix cookies carry base64 JSON (createCookie's encoding).
const cookieFor = (sessionId: string) => `__Host-cruddur_session=${encodeURIComponent(Buffer.from(JSON.stringify(sessionId)).toString("base64"))}`;

/** A signed-in visitor: a session row and its cookie, as the app would have made them. */
async function sessionCookie(userId: string): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await db.query("INSERT INTO sessions (id, user_id, expires_at) VALUES (encode(sha256(convert_to($1, 'UTF8')), 'hex'), $2, now() + interval '1 day')", [
    id,
    userId,
  ]);
  return cookieFor(id);
}

// A stand-in for Honeycomb's and Rollbar's APIs: reads every request and answers 200.
const telemetryReceiver = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "Content-Type": "application/json" }).end("{}"));
}).listen(0, "127.0.0.1");
await once(telemetryReceiver, "listening");
const telemetryPort = (telemetryReceiver.address() as AddressInfo).port;
const telemetryEnv = (base: string) => ({
  PAGE_CACHE: "0",
  OTEL_EXPORTER_OTLP_ENDPOINT: base,
  ROLLBAR_ACCESS_TOKEN: "bench",
  ROLLBAR_ENDPOINT: `${base}/api/1/`,
});

/** A multipart/form-data body of text fields, as a browser sends a form with `enctype="multipart/form-data"`. */
function multipartForm(fields: Record<string, string>): { body: string; contentType: string } {
  const boundary = "----CruddurBenchBoundary7MA4YWxkTrZu0gW";
  const parts = Object.entries(fields).map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
  return { body: `${parts.join("")}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
}

type Scenario = {
  name: string;
  path: string;
  /** A path that differs between builds (a content-hashed file): BENCH_COMPARE asks each build for its own. */
  pathIn?: (appRoot: string) => string;
  cookie?: string;
  target?: string;
  method?: "POST";
  body?: string;
  /** The body's Content-Type (default: a urlencoded form). */
  contentType?: string;
  expect?: number;
  env?: Record<string, string>;
  /** Which process serves it: the production build (default) or the bare node:http floor. */
  server?: "app" | "floor";
  /** Each request from another of these sessions (instead of `cookie`) and another client address: many people, under their rate limits. */
  crowd?: string[];
  /** The Accept-Encoding to send (gzip, or what a phone's browser sends); without it, none: uncompressed. */
  acceptEncoding?: string;
};

/** Another client address per request (the host trusts one X-Forwarded-For hop, as behind the ALB). */
const addressOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const cookie = await sessionCookie(busiest!.id);
const lightFollowerCookie = await sessionCookie(lightFollower!.id);
// A session for each of the 1,000 users: the write scenario posts as all of them, so no one meets the posting limit.
const crowd = await everyonesSessionCookies(db, { cookieName: "__Host-cruddur_session" });
// The targets (docs/performance.md) are CPU per request, server + PostgreSQL, beside two floors measured in the same run.
const SIGNED_IN_TARGET = "≤ 4 ms CPU, p99 ≤ 100 ms, RSS ≤ 250 MB";
const PHONE_ENCODINGS = "gzip, deflate, br, zstd";
const largestBundle = largestSharedBundle(root);
const scenarios: Scenario[] = [
  { name: "floor: node:http, the timeline's SQL, JSON", path: "/", server: "floor" },
  { name: "floor: empty Remix route (host + Remix)", path: "/api/ping", env: { PAGE_CACHE: "0" } },
  { name: "floor: a document without data (/signin), page cache off", path: "/signin", env: { PAGE_CACHE: "0" } },

  { name: "home loader's data only, page cache off", path: "/_root.data?_routes=routes%2F_index", env: { PAGE_CACHE: "0" }, target: "≤ 1.0 ms CPU" },
  { name: "home, signed out", path: "/", target: "≥ 4,000 req/s, p99 ≤ 100 ms" },
  { name: "home, signed out, page cache off", path: "/", env: { PAGE_CACHE: "0" }, target: "≤ 3 ms CPU, RSS ≤ 250 MB" },
  // ADR 008: tracing and Rollbar on, with their backends up (a local receiver), then down (a closed
  // port): a backend that is down must not slow requests by more than 10 %.
  { name: "home, signed out, page cache off, OTLP + Rollbar up", path: "/", env: telemetryEnv(`http://127.0.0.1:${telemetryPort}`) },
  { name: "home, signed out, page cache off, OTLP + Rollbar down", path: "/", env: telemetryEnv("http://127.0.0.1:1"), target: "within 10 % of the row above" },
  { name: "profile, signed out", path: `/@${busiest!.handle}` },
  { name: "home, signed in: Following tab, follows 999", path: "/", cookie, target: SIGNED_IN_TARGET },
  { name: "home, signed in: Following tab, follows 20", path: "/", cookie: lightFollowerCookie, target: SIGNED_IN_TARGET },
  { name: "home, signed in: Everyone tab", path: "/?tab=everyone", cookie, target: SIGNED_IN_TARGET },
  // The server compresses what it sends (nothing in front of it does: the ALB does not): its price.
  { name: "home, signed in: Everyone tab, gzip", path: "/?tab=everyone", cookie, acceptEncoding: "gzip, deflate" },
  { name: "home, signed in: Everyone tab, br (a phone's browser)", path: "/?tab=everyone", cookie, acceptEncoding: PHONE_ENCODINGS },
  { name: "home, signed out, br (a phone's browser)", path: "/", acceptEncoding: PHONE_ENCODINGS },
  // A first visit's largest download (then cached for a year): the build's brotli copy, sent as is.
  {
    name: "the largest script bundle, br",
    path: largestBundle.url,
    pathIn: (appRoot) => largestSharedBundle(appRoot).url,
    acceptEncoding: PHONE_ENCODINGS,
  },
  { name: "thread (30 replies), signed in", path: `/@${threadRoot!.handle}/status/${threadRoot!.id}`, cookie, target: SIGNED_IN_TARGET },
  { name: "profile, signed in", path: `/@${threadRoot!.handle}`, cookie: lightFollowerCookie, target: SIGNED_IN_TARGET },
  { name: "search a word, signed out", path: "/search?q=hello", target: "≥ 300 req/s, p99 ≤ 150 ms" },
  { name: "search a #tag, signed out", path: "/search?q=%23tag7", target: "≥ 300 req/s, p99 ≤ 150 ms" },
  // Every request a different query, as when many people search many things: the cache never hits.
  { name: "search a word, signed out, page cache off", path: "/search?q=hello", env: { PAGE_CACHE: "0" }, crowd: [""] },
  { name: "notifications, signed in", path: "/notifications", cookie, target: SIGNED_IN_TARGET },
  {
    // The no-JS composer's post to /compose (ADR 033), multipart as the browser sends it, without images:
    // the streamed form, validation, one INSERT (crud, tags, mentions), a 302. Cruds posted per second.
    name: "post a crud (write)",
    path: "/compose",
    crowd,
    method: "POST",
    ...multipartForm({ intent: "crud", message: "Benchmarking the write path #bench @user1", ttl: "1-hour", backTo: "/" }),
    expect: 302,
    target: "≥ 300 cruds/s",
  },
];

async function transactions(): Promise<number> {
  const { rows } = await db.query<{ n: string }>("SELECT xact_commit + xact_rollback AS n FROM pg_stat_database WHERE datname = current_database()");
  return Number(rows[0]!.n);
}

/** The node flags of `npm start` (heap limits), so the benchmark measures what production runs. */
const startFlags = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start
  .split(" ")
  .filter((word) => word.startsWith("--"));

// The floor server, bundled as the app is (same resolution of `~/`, same node flags).
const floorScript = path.join(root, ".cache/bench/floor-server.js");
await esbuild({
  entryPoints: [path.join(root, "tests/bench/floor-server.ts")],
  bundle: true,
  platform: "node",
  format: "esm",
  packages: "external",
  outfile: floorScript,
  logLevel: "warning",
});

function startServer(extraEnv: Record<string, string> = {}, script = path.join(root, "build/server.js"), cwd = root): Promise<ChildProcess> {
  // BENCH_PROFILE=1: each server writes a V8 CPU profile on exit (summarise with profile-summary.ts).
  const profileFlags = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${path.join(root, ".cache/bench/profiles")}`] : [];
  const extraFlags = process.env.BENCH_NODE_FLAGS?.split(" ") ?? [];
  const server = spawn(process.execPath, [...startFlags, ...profileFlags, ...extraFlags, script], {
    cwd,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(PORT),
      DATABASE_URL: databaseUrl,
      PURGE_INTERVAL_SECONDS: "0",
      COGNITO_USER_POOL_ID: process.env.COGNITO_USER_POOL_ID ?? "local_bench",
      COGNITO_CLIENT_ID: process.env.COGNITO_CLIENT_ID ?? "bench",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
      ...extraEnv,
    },
    stdio: ["ignore", extraFlags.length ? "inherit" : "ignore", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + 20_000;
    const poll = async () => {
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/api/health-check`)).ok) return resolve(server);
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) reject(new Error("server did not start"));
      else setTimeout(poll, 200);
    };
    void poll();
  });
}

/** User + system CPU time of a process in ms (robust to other load on the machine, unlike req/s). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

/**
 * CPU ms of the PostgreSQL backends serving this database (the server's pool), read from /proc: the
 * backends seen now, each with its CPU so far. A backend that starts later counts from zero.
 */
async function postgresBackendsCpu(): Promise<Map<number, number>> {
  const { rows } = await db.query<{ pid: number }>("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
  const cpu = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      cpu.set(pid, cpuMs(pid));
    } catch {
      /* the backend ended (or PostgreSQL runs elsewhere: then the column reads 0) */
    }
  }
  return cpu;
}

const cpuSpent = (before: Map<number, number>, after: Map<number, number>) => [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0);

const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

const only = process.env.BENCH_ONLY;
type Row = { scenario: string; "total CPU ms": number } & Record<string, string | number>;
const rows: Row[] = [];
/** BENCH_COMPARE's side: the other checkout's rows. */
const rowsThere: Row[] = [];
// BENCH_ONLY=home runs the scenarios whose name contains it, and the floors they are compared with.
/** One scenario against the app built in `appRoot` (this checkout, or BENCH_COMPARE's). */
async function measure(scenario: Scenario, appRoot: string): Promise<Row> {
  const server = await startServer(scenario.env, scenario.server === "floor" ? floorScript : path.join(appRoot, "build/server.js"), appRoot);
  const headers: Record<string, string> = {
    ...(scenario.cookie ? { cookie: scenario.cookie } : {}),
    ...(scenario.body ? { "content-type": scenario.contentType ?? "application/x-www-form-urlencoded" } : {}),
    ...(scenario.acceptEncoding ? { "accept-encoding": scenario.acceptEncoding } : {}),
  };
  let sent = 0;
  const people = scenario.crowd;
  const options: autocannon.Options = {
    url: `http://127.0.0.1:${PORT}${scenario.pathIn?.(appRoot) ?? scenario.path}`,
    headers,
    method: scenario.method ?? "GET",
    body: scenario.body,
    ...(people
      ? {
          requests: [
            {
              setupRequest: (request) => {
                sent += 1;
                const person = people[sent % people.length]!;
                return { ...request, headers: { ...request.headers, ...(person ? { cookie: person } : {}), "x-forwarded-for": addressOf(sent) } };
              },
            },
          ],
        }
      : {}),
  };
  // BENCH_SAVE_HTML=1: one response of each scenario in .cache/bench/html, to see what the bytes are.
  if (process.env.BENCH_SAVE_HTML && !scenario.body) {
    const response = await fetch(options.url!, { headers, redirect: "manual" });
    const file = path.join(root, ".cache/bench/html", `${scenario.name.replace(/[^a-z0-9]+/gi, "-")}.html`);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, await response.text());
  }
  // Warm up the JIT and the pool, then measure.
  await autocannon({ ...options, connections: 10, duration: 3 });
  const before = await transactions();
  const cpuBefore = cpuMs(server.pid!);
  const postgresBefore = await postgresBackendsCpu();
  const result = await autocannon({ ...options, connections: CONNECTIONS, duration: DURATION });
  const rss = peakRssMb(server.pid!);
  const cpuPerRequest = (cpuMs(server.pid!) - cpuBefore) / result.requests.total;
  const postgresPerRequest = cpuSpent(postgresBefore, await postgresBackendsCpu()) / result.requests.total;
  // Backends flush their statistics when they exit: stop the server before counting.
  await new Promise((resolve) => {
    server.once("exit", resolve);
    server.kill("SIGTERM");
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  const queries = ((await transactions()) - before - 1) / result.requests.total;
  return {
    scenario: scenario.name,
    path: scenario.path,
    "req/s": Math.round(result.requests.average),
    "p50 ms": result.latency.p50,
    "p99 ms": result.latency.p99,
    errors: result.errors + (scenario.expect === 302 ? result.requests.total - (result.statusCodeStats?.["302"]?.count ?? 0) : result.non2xx),
    "SQL/req": Number(queries.toFixed(2)),
    "CPU ms/req": Number(cpuPerRequest.toFixed(2)),
    "PG CPU ms/req": Number(postgresPerRequest.toFixed(2)),
    "total CPU ms": Number((cpuPerRequest + postgresPerRequest).toFixed(2)),
    // As sent: compressed when the scenario sends an Accept-Encoding. React's cost grows with the bytes it writes.
    "KB/resp": Number((result.throughput.total / result.requests.total / 1024).toFixed(1)),
    "peak RSS MB": Math.round(rss),
    target: scenario.target ?? "",
  };
}

// BENCH_ONLY="a|b": the scenarios whose name contains either.
const selected = scenarios.filter((s) => !only || only.split("|").some((part) => s.name.includes(part)) || s.name.startsWith("floor:"));
// BENCH_COMPARE=<another checkout, built>: each scenario alternately against this build and that one,
// BENCH_ROUNDS times (3), so that the machine's changing load falls on both alike; prints both.
const compareRoot = process.env.BENCH_COMPARE;
const comparison: Record<string, string | number>[] = [];
for (const scenario of selected) {
  if (!compareRoot) {
    rows.push(await measure(scenario, root));
    continue;
  }
  const cpu: Record<"here" | "there", number[]> = { here: [], there: [] };
  const measured: Record<"here" | "there", Row[]> = { here: [], there: [] };
  for (let round = 0; round < Number(process.env.BENCH_ROUNDS ?? 3); round++) {
    measured.here.push(await measure(scenario, root));
    measured.there.push(await measure(scenario, compareRoot));
  }
  cpu.here = measured.here.map((row) => row["CPU ms/req"] as number);
  cpu.there = measured.there.map((row) => row["CPU ms/req"] as number);
  // Each side's full row from its median round (by server CPU), for the tables with the floors' ratios.
  const medianRow = (side: Row[]) => [...side].sort((a, b) => (a["CPU ms/req"] as number) - (b["CPU ms/req"] as number))[Math.floor(side.length / 2)]!;
  rows.push(medianRow(measured.here));
  rowsThere.push(medianRow(measured.there));
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  comparison.push({
    scenario: scenario.name,
    "server CPU ms, this checkout": cpu.here.join(" / "),
    [`server CPU ms, ${path.basename(compareRoot)}`]: cpu.there.join(" / "),
    "median change": `${(((median(cpu.here) - median(cpu.there)) / median(cpu.there)) * 100).toFixed(1)} %`,
  });
}
await db.end();
telemetryReceiver.close();
if (compareRoot) {
  console.log(`\nThis checkout against ${compareRoot}, alternating, ${CONNECTIONS} connections, ${DURATION} s each`);
  console.table(comparison);
  printTable(rowsThere, `${compareRoot} (the round of median server CPU)`);
  printTable(rows, "this checkout (the round of median server CPU)");
} else {
  printTable(rows);
}

function printTable(rows: Row[], title = "") {
  console.log(
    `\n${title ? `${title}: ` : ""}${CONNECTIONS} connections, ${DURATION} s per scenario, ${CRUDS.toLocaleString()} cruds by ${USERS.toLocaleString()} users`,
  );
  // Each figure as a multiple of the two floors of this same run (the machine's load moves all of them).
  const floorCpu = (prefix: string) => rows.find((row) => row.scenario.startsWith(prefix))?.["total CPU ms"];
  const [sqlFloor, remixFloor] = [floorCpu("floor: node:http"), floorCpu("floor: empty Remix")];
  console.table(
    rows.map((row) => ({
      ...row,
      "× SQL floor": sqlFloor ? Number((row["total CPU ms"] / sqlFloor).toFixed(1)) : "",
      "× Remix floor": remixFloor ? Number((row["total CPU ms"] / remixFloor).toFixed(1)) : "",
    })),
  );
}
