// `npm run bench:export`: the data export's backpressure (ADR 023). A client asks for a large export
// and then reads nothing for a few seconds; the figures show how many pages of cruds the server read
// meanwhile (it should stop once the connection's buffers are full, far short of the whole export),
// then the client reads the rest. A benchmark, not a test: it asserts nothing, it measures.
// BENCH_EXPORT_CRUDS (50,000) rows of ~420 bytes; BENCH_EXPORT_ENCODING=gzip to go through compression.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import net from "node:net";
import pg from "pg";
import { startApp } from "../support/production-app";
import { dropDatabase, migrate, recreateDatabase } from "../support/database";

const CRUDS = Number(process.env.BENCH_EXPORT_CRUDS ?? 50_000);
const ENCODING = process.env.BENCH_EXPORT_ENCODING ?? "identity";
const PAGE_SIZE = 500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const rssMb = (pid: number) => Math.round(Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024);

const DATABASE = `cruddur_bench_export_${process.pid}`;
const databaseUrl = await recreateDatabase(DATABASE);
migrate(databaseUrl);
const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
const [user] = (
  await db.query<{ id: string }>(
    `INSERT INTO users (cognito_user_id, handle, email, display_name) VALUES ('bench', 'bench_export', 'b@example.com', 'Bench') RETURNING id`,
  )
).rows;
for (let done = 0; done < CRUDS; done += 5_000) {
  const messages = Array.from({ length: Math.min(5_000, CRUDS - done) }, () => randomBytes(190).toString("base64"));
  await db.query(`INSERT INTO cruds (user_id, message, expires_at) SELECT $1, m, now() + interval '1 day' FROM unnest($2::text[]) m`, [user!.id, messages]);
}
const sessionId = randomBytes(32).toString("base64url");
await db.query(`INSERT INTO sessions (id, user_id, expires_at) VALUES (encode(sha256(convert_to($1, 'UTF8')), 'hex'), $2, now() + interval '1 day')`, [
  sessionId,
  user!.id,
]);
const cookie = `cruddur_session=${encodeURIComponent(Buffer.from(JSON.stringify(sessionId)).toString("base64"))}`;
const pagesRead = async () =>
  (await db.query<{ n: number }>(`SELECT idx_scan::int AS n FROM pg_stat_user_indexes WHERE indexrelname = 'cruds_user_id_created_at_idx'`)).rows[0]!.n;

const app = await startApp({ DATABASE_URL: databaseUrl });
const pid = app.process.pid!;
const { port } = new URL(app.url);
console.log(`${CRUDS} cruds (${Math.ceil(CRUDS / PAGE_SIZE)} pages of ${PAGE_SIZE}), Accept-Encoding: ${ENCODING}; server RSS ${rssMb(pid)} MB`);
const socket = net.connect(Number(port), "127.0.0.1");
await new Promise((resolve) => socket.once("connect", resolve));
socket.write(
  `POST /settings/export/download HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nCookie: ${cookie}\r\nAccept-Encoding: ${ENCODING}\r\n` +
    `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
);
let received = 0;
socket.once("data", (chunk: Buffer) => {
  received += chunk.length;
  socket.pause();
});
for (let second = 1; second <= 6; second++) {
  await sleep(1_000);
  console.log(`client paused ${second} s: ${await pagesRead()} pages read by the server, server RSS ${rssMb(pid)} MB`);
}
const started = performance.now();
socket.on("data", (chunk: Buffer) => (received += chunk.length));
socket.resume();
await new Promise((resolve) => socket.once("end", resolve));
const readMs = Math.round(performance.now() - started);
await sleep(1_500); // PostgreSQL's statistics are flushed about once a second
console.log(`then read in ${readMs} ms: ${(received / 1e6).toFixed(1)} MB, ${await pagesRead()} pages in all`);
await app.stop();
await db.end();
await dropDatabase(DATABASE);
