// `tsx tests/support/with-database.ts "<command>"`: runs the command (in a shell) with
// TEST_DATABASE_ADMIN_URL set. When it is already set (your own server, or an outer run) it is kept;
// otherwise a throw-away embedded PostgreSQL on a free port serves this run and is removed after it,
// so a test run never depends on a server someone else started (docs/decisions/003-embedded-database.md).
// A throw-away picture store (MEDIA_DIR) likewise. The e2e server's ports are chosen the same way (free ones, unless given), so two runs can share a machine.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort, startEmbeddedPostgres, type EmbeddedServer } from "../../server/embedded-postgres";

const command = process.argv.slice(2).join(" ");
if (!command) throw new Error('usage: tsx tests/support/with-database.ts "<command>"');

const env = { ...process.env };
let server: EmbeddedServer | undefined;
let dataDir: string | undefined;
if (!env.TEST_DATABASE_ADMIN_URL) {
  dataDir = mkdtempSync(path.join(os.tmpdir(), "cruddur-test-pg-"));
  server = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, fast: true });
  env.TEST_DATABASE_ADMIN_URL = server.url;
  console.log(`[cruddur] tests use a throw-away PostgreSQL on ${new URL(server.url).host} (TEST_DATABASE_ADMIN_URL to use your own)`);
}

// The picture store of this run (ADR 033): every server and test process of it reads and writes the same files.
let mediaDir: string | undefined;
if (!env.MEDIA_DIR) env.MEDIA_DIR = mediaDir = mkdtempSync(path.join(os.tmpdir(), "cruddur-test-media-"));

env.E2E_PORT ??= String(await freePort());
env.E2E_COGNITO_PORT ??= String(await freePort());

const child = spawn(command, { shell: true, stdio: "inherit", env });
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => {
  void (async () => {
    await server?.stop().catch(() => {});
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    if (mediaDir) rmSync(mediaDir, { recursive: true, force: true });
    process.exit(code ?? (signal ? 1 : 0));
  })();
});
