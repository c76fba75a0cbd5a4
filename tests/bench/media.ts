// `npm run bench:media`: posting cruds with four 12-MP phone photos to the production server (ADR 033), and what
// that does to signed-in pages served beside it. A benchmark, not a test: it asserts nothing, it measures, and
// prints each figure beside its target (docs/performance.md, "Pictures").
// - the photos: four 4,000 × 3,000 JPEGs made here with sharp (gradients, shapes and sensor noise, 3–5 MB each, one
//   with EXIF orientation 6 as a phone held upright writes it), in a temporary folder;
// - posts: each a no-JS multipart post of /compose with a description per image (stored at once: a 302), from
//   another account and client address each time (under the upload limits); 1, 2 and 3 posters at once, each level
//   on a fresh server, so its peak RSS (VmHWM) is that level's;
// - pages: the signed-in Following tab (999 follows, 100,000 cruds) under autocannon, alone, then with one poster
//   posting without pause, then alone again, on one server: CPU per page of the threads that render pages.
// BENCH_MEDIA_POSTS (5): posts per poster; BENCH_DURATION (8 s), BENCH_CONNECTIONS (10): the page load.
// MEDIA_CONCURRENCY and the other server settings are passed through; BENCH_NODE_FLAGS adds node flags.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import sharp from "sharp";
import { freePort, requireBuild, root } from "../support/production-app";
import { everyonesSessionCookies, scratchDatabase, seedCruds, seedFollows, seedUsers } from "./scratch-database";

const POSTS = Number(process.env.BENCH_MEDIA_POSTS ?? 5);
const DURATION = Number(process.env.BENCH_DURATION ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const POSTERS = [1, 2, 3];
const TARGET = { postSeconds: 2, rssMb: 400, pageCpuRatio: 1.2 };

requireBuild();
const work = mkdtempSync(path.join(os.tmpdir(), "cruddur-bench-media-"));
const mediaDir = path.join(work, "store");

// ---- the photos ---------------------------------------------------------------------------------------------
/**
 * A 12-MP phone photo: a sky-to-ground gradient, soft shapes, fine texture and sensor noise, JPEG quality 92 with
 * 4:2:0 chroma, as a phone camera writes it; 3–5 MB, where pure noise would be 7 MB and a flat colour 0.2 MB.
 */
async function phonePhoto(seed: number, orientation?: number): Promise<Buffer> {
  const [width, height] = [4_000, 3_000];
  const pixels = Buffer.alloc(width * height * 3);
  let state = seed * 2_654_435_761;
  const random = () => ((state = (state * 1_103_515_245 + 12_345) >>> 0) & 0xffff) / 0xffff;
  const light = new Float32Array(width * height);
  for (let blob = 0; blob < 12; blob++) {
    const [cx, cy, r] = [random() * width, random() * height, 200 + random() * 700];
    for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(height, cy + r); y++) {
      for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(width, cx + r); x++) {
        const d2 = ((x - cx) ** 2 + (y - cy) ** 2) / r ** 2;
        if (d2 < 1) light[y * width + x]! += (1 - d2) * (blob % 2 ? 70 : -50);
      }
    }
  }
  const tint = [random(), random(), random()];
  for (let y = 0; y < height; y++) {
    const sky = y / height;
    for (let x = 0; x < width; x++) {
      const texture = 18 * Math.sin(x / (7 + seed) + Math.sin(y / 23) * 3) * Math.sin(y / 11 + seed);
      const at = y * width + x;
      for (let c = 0; c < 3; c++) {
        const base = 60 + 120 * (c === 2 ? 1 - sky : sky) + light[at]! * tint[c]!;
        pixels[at * 3 + c] = Math.max(0, Math.min(255, base + texture + (random() - 0.5) * 28));
      }
    }
  }
  let image = sharp(pixels, { raw: { width, height, channels: 3 } }).jpeg({ quality: 92, chromaSubsampling: "4:2:0" });
  image = image.withExif({ IFD0: { Make: "Bench", Model: "Phone 12MP", Software: "cruddur bench" } });
  if (orientation) image = image.withMetadata({ orientation });
  return image.toBuffer();
}

console.log("Making four 12-MP photos…");
const photos: Buffer[] = [];
for (let n = 0; n < 4; n++) photos.push(await phonePhoto(n + 1, n === 3 ? 6 : undefined));
for (const [n, photo] of photos.entries()) writeFileSync(path.join(work, `photo-${n + 1}.jpg`), photo);
const photoFacts = await Promise.all(
  photos.map(async (photo) => {
    const { width, height, orientation } = await sharp(photo).metadata();
    return `${width}×${height}${orientation && orientation !== 1 ? ` (orientation ${orientation})` : ""} ${(photo.length / 1e6).toFixed(1)} MB`;
  }),
);
/** The photos as a browser's file input gives them (made once: a File is read afresh by each post). */
const photoFiles = photos.map((photo, index) => new File([new Uint8Array(photo)], `IMG_${index + 1}.jpg`, { type: "image/jpeg" }));
console.log(`  ${photoFacts.join(", ")}; in ${work}`);

// ---- the database -------------------------------------------------------------------------------------------
const database = await scratchDatabase("cruddur_bench_media");
const { db } = database;
await seedUsers(db);
await seedCruds(db);
await seedFollows(db);
await db.query("ANALYZE");

/** A session per user, in handle order: user_1 (who follows everyone) reads pages, the others post (plain http: INSECURE_COOKIES=1). */
const [reader, ...posters] = await everyonesSessionCookies(db, { cookieName: "cruddur_session", order: "(substring(handle from 6))::int" });

// ---- the server ---------------------------------------------------------------------------------------------
/** The node flags of `npm start` (heap limits, the instrumentation), so the bench measures what production runs. */
const startWords = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { scripts: { start: string } }).scripts.start.split(" ");
const startFlags = startWords.filter((word) => word.startsWith("--"));
/** And its environment (`NAME=value` before `node`), such as the allocator's settings. */
const startEnv = Object.fromEntries(
  startWords.filter((word) => /^[A-Z_]+=/.test(word)).map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]),
);
const extraFlags = process.env.BENCH_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];

type Server = { url: string; pid: number; process: ChildProcess; stop: () => Promise<void> };
async function startServer(): Promise<Server> {
  const port = await freePort();
  const child = spawn(process.execPath, [...startFlags, ...extraFlags, path.join(root, "build/server.js")], {
    cwd: root,
    env: {
      ...process.env,
      ...startEnv,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: database.url,
      MEDIA_DIR: mediaDir,
      PURGE_INTERVAL_SECONDS: "0",
      INSECURE_COOKIES: "1",
      COGNITO_USER_POOL_ID: process.env.COGNITO_USER_POOL_ID ?? "local_bench",
      COGNITO_CLIENT_ID: process.env.COGNITO_CLIENT_ID ?? "bench",
      OTEL_METRICS_EXPORTER: "none",
      OTEL_LOGS_EXPORTER: "none",
    },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (const deadline = Date.now() + 20_000; ;) {
    try {
      if ((await fetch(`${url}/api/health-check`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    url,
    pid: child.pid!,
    process: child,
    stop: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

// ---- what a process spent -----------------------------------------------------------------------------------
const ticksToMs = (fields: string[]) => ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // utime + stime, USER_HZ = 100
const statFields = (file: string) => readFileSync(file, "utf8").split(") ")[1]!.split(" ");

/**
 * CPU ms of the server: all of it, and its JavaScript threads (the main thread, which renders pages and parses
 * uploads, and V8's helpers: GC, compilation). The rest is the thread pools: libvips' workers and libuv's (which run
 * sharp's tasks and the file writes). Threads are read one by one; the JavaScript threads live as long as the process.
 */
function serverCpu(pid: number): { total: number; js: number } {
  let js = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, "utf8").trim();
      if (!/^(libvips|libuv-worker)/.test(name)) js += ticksToMs(statFields(`/proc/${pid}/task/${tid}/stat`));
    } catch {
      /* the thread ended */
    }
  }
  return { total: ticksToMs(statFields(`/proc/${pid}/stat`)), js };
}
const cpuSince = (pid: number, before: { total: number; js: number }) => {
  const now = serverCpu(pid);
  return { total: now.total - before.total, js: now.js - before.js };
};
const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) / 1024;

// ---- posting ------------------------------------------------------------------------------------------------
let postsSent = 0;
/** Another client address per post (the host trusts one X-Forwarded-For hop, as behind the ALB). */
const addressOf = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

/** One crud with the four photos, each described: the no-JS form post, answered 302 once stored. Its wall time in ms. */
async function postFourPhotos(server: Server): Promise<number> {
  const n = postsSent++;
  // Every account may add 30 images per 30 minutes: a post of four each time from the next of 999 accounts.
  const cookie = posters[n % posters.length]!;
  const form = new FormData();
  for (const [name, value] of Object.entries({ intent: "crud", message: `Four photos, post ${n} #bench`, ttl: "1-day", backTo: "/" })) form.append(name, value);
  for (const index of photos.keys()) form.append("imageAlt", `Photo ${index + 1} of post ${n}`);
  for (const file of photoFiles) form.append("images", file);
  const started = performance.now();
  const response = await fetch(`${server.url}/compose`, {
    method: "POST",
    headers: { cookie, "x-forwarded-for": addressOf(n + 1) },
    body: form,
    redirect: "manual",
  });
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (response.status !== 302) throw new Error(`post ${n}: ${response.status}, not the 302 of a stored crud`);
  return ms;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => Number((ms / 1_000).toFixed(2));
const met = (ok: boolean) => (ok ? "met" : "NOT MET");

// ---- (a, b) 1, 2 and 3 posters at once ----------------------------------------------------------------------
const postRows: Record<string, string | number>[] = [];
let cpuPerPostAlone = { total: 0, js: 0 };
for (const concurrent of POSTERS) {
  const server = await startServer();
  await postFourPhotos(server); // libvips loaded, the JIT and the pool warm
  const before = serverCpu(server.pid);
  const started = performance.now();
  const walls = (
    await Promise.all(
      Array.from({ length: concurrent }, async () => {
        const mine: number[] = [];
        for (let post = 0; post < POSTS; post++) mine.push(await postFourPhotos(server));
        return mine;
      }),
    )
  ).flat();
  const elapsed = performance.now() - started;
  const cpu = cpuSince(server.pid, before);
  const rss = peakRssMb(server.pid);
  await server.stop();
  const posts = concurrent * POSTS;
  if (concurrent === 1) cpuPerPostAlone = { total: cpu.total / posts, js: cpu.js / posts };
  postRows.push({
    posters: concurrent,
    posts,
    "wall s/post, median": seconds(median(walls)),
    "wall s/post, max": seconds(Math.max(...walls)),
    "posts/min": Math.round((posts / elapsed) * 60_000),
    "server CPU s/post": seconds(cpu.total / posts),
    "of it JS threads s": seconds(cpu.js / posts),
    "server cores busy": Number((cpu.total / elapsed).toFixed(2)),
    "peak RSS MB": Math.round(rss),
    target: `${concurrent === 1 ? `≤ ${TARGET.postSeconds} s (${met(median(walls) <= TARGET.postSeconds * 1_000)}), ` : ""}RSS ≤ ${TARGET.rssMb} MB (${met(rss <= TARGET.rssMb)})`,
  });
}

// ---- (c) signed-in pages alone and beside uploads -----------------------------------------------------------
type Window = {
  label: string;
  pages: number;
  posts: number;
  cpu: { total: number; js: number };
  p50: number;
  p99: number;
  reqPerSecond: number;
  errors: number;
};
const server = await startServer();
const pageOptions: autocannon.Options = { url: `${server.url}/`, headers: { cookie: reader! } };
await autocannon({ ...pageOptions, connections: CONNECTIONS, duration: 3 });
await postFourPhotos(server);

/**
 * Pages for DURATION seconds; beside uploads, one poster posts without pause from before the window opens, and the
 * window closes when the post in flight at DURATION is answered, so it holds whole posts only.
 */
async function pagesWindow(label: string, withUploads: boolean): Promise<Window> {
  let load!: autocannon.Instance;
  const loaded = new Promise<autocannon.Result>((resolve, reject) => {
    const options = { ...pageOptions, connections: CONNECTIONS, duration: withUploads ? DURATION * 10 : DURATION };
    load = autocannon(options, (error: unknown, result) => (error ? reject(error as Error) : resolve(result)));
  });
  let pages = 0;
  let counting = !withUploads;
  load.on("response", () => {
    if (counting) pages++;
  });
  let before = serverCpu(server.pid);
  let afterPosts: { total: number; js: number } | undefined;
  let posts = 0;
  if (withUploads) {
    await postFourPhotos(server); // the window opens as the next post starts
    before = serverCpu(server.pid);
    counting = true;
    const opened = performance.now();
    while (performance.now() - opened < DURATION * 1_000) {
      await postFourPhotos(server);
      posts++;
    }
    counting = false;
    afterPosts = serverCpu(server.pid);
    load.stop();
  }
  const result = await loaded;
  const after = afterPosts ?? serverCpu(server.pid);
  const cpu = { total: after.total - before.total, js: after.js - before.js };
  return {
    label,
    pages,
    posts,
    cpu,
    p50: result.latency.p50,
    p99: result.latency.p99,
    reqPerSecond: Math.round(result.requests.average),
    errors: result.errors + result.non2xx,
  };
}
const windows = [await pagesWindow("alone", false), await pagesWindow("beside uploads", true), await pagesWindow("alone, again", false)];
const pageRss = peakRssMb(server.pid);
await server.stop();

/**
 * CPU per page: the JavaScript threads' CPU, less what the window's posts cost those threads when posted alone (the
 * multipart parsing, the queries, the response), over the pages served. The thread pools (libvips, libuv) are the
 * uploads' and are left out: the question is what a page costs beside them.
 */
const pageCpu = (window: Window) => Math.max(0, window.cpu.js - window.posts * cpuPerPostAlone.js) / window.pages;
const aloneCpu = (pageCpu(windows[0]!) + pageCpu(windows[2]!)) / 2;
const pageRows = windows.map((window) => {
  const ratio = pageCpu(window) / aloneCpu;
  return {
    pages: window.label,
    "req/s": window.reqPerSecond,
    "p50 ms": window.p50,
    "p99 ms": window.p99,
    errors: window.errors,
    "posts in window": window.posts,
    "server CPU s, all threads": seconds(window.cpu.total),
    "JS CPU ms/page": Number(pageCpu(window).toFixed(2)),
    "× alone": Number(ratio.toFixed(2)),
    target: window.label === "beside uploads" ? `≤ ${TARGET.pageCpuRatio} × alone (${met(ratio <= TARGET.pageCpuRatio)})` : "",
  };
});

await db.end();
await database.drop();
rmSync(work, { recursive: true, force: true });

const startEnvWords = Object.entries(startEnv).map(([name, value]) => `${name}=${value}`);
const settings = `MEDIA_CONCURRENCY=${process.env.MEDIA_CONCURRENCY ?? "1 (default)"}, ${[...startEnvWords, "node", ...startFlags, ...extraFlags].join(" ")}`;
console.log(`\nPosting a crud with four 12-MP photos (${photoFacts.join(", ")}); ${POSTS} posts per poster, each level on a fresh server; ${settings}`);
console.table(postRows);
console.log(
  `\nThe signed-in Following tab (999 follows, 100,000 cruds), ${CONNECTIONS} connections, ${DURATION} s per window, one server (peak RSS ${Math.round(pageRss)} MB);` +
    ` JS CPU per page net of the posts' own (${cpuPerPostAlone.js.toFixed(0)} ms of JS threads per post alone)`,
);
console.table(pageRows);
