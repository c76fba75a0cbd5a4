// `npm run test:qa:local` (part of `npm test`): the QA run (ADR 042) against a Cruddur it starts apart, as a QA
// team meets one: the production build in its own process (tests/e2e/server.ts on another port: its own
// database and local Cognito, the rate limits on, a QA token named), reached only over HTTP and through the user
// pool's API. By default the smoke journeys on one desktop and one phone project (JavaScript on, then off);
// arguments go to Playwright (`npm run test:qa:local -- --grep @remote` runs them all). Afterwards, that
// server's database and pool must hold exactly what they held before: no test account, crud or session left.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CognitoIdentityProviderClient, ListUsersCommand } from "@aws-sdk/client-cognito-identity-provider";
import pg from "pg";
import { databaseUrl } from "./database";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const port = Number(process.env.QA_LOCAL_PORT ?? 3300);
const baseUrl = `http://127.0.0.1:${port}`;
const token = randomBytes(24).toString("hex");
const started = Date.now();
const say = (line: string) => console.log(`[qa] ${line}`);

// The e2e server script, on a port (and so a database and Cognito) of its own: it is not the suite's.
const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "tests/e2e/server.ts")], {
  cwd: root,
  env: { ...process.env, E2E_PORT: String(port), STAGE: "e2e", QA_RATE_LIMIT_TOKEN: token },
  stdio: ["ignore", "ignore", "inherit"],
});
const serverExited = new Promise<number | null>((resolve) => server.on("exit", resolve));

async function waitForHealth(): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before answering`);
    const ok = await fetch(`${baseUrl}/api/health-check`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${baseUrl} did not answer within 120 s`);
}

type Pool = { userPoolId: string; clientId: string; endpoint: string };

/** Rows per table of the server's database, and users in its pool. */
async function inventory(pool: Pool): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: databaseUrl(`cruddur_e2e_${port}`) });
  await client.connect();
  const counts: Record<string, number> = {};
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename",
    );
    for (const { name } of tables) {
      const { rows } = await client.query<{ count: string }>(`SELECT count(*) FROM "${name.replaceAll('"', '""')}"`);
      counts[name] = Number(rows[0]!.count);
    }
    const { rows } = await client.query<{ count: string }>("SELECT count(*) FROM users WHERE handle LIKE 'qa\\_%'");
    counts["users named qa_…"] = Number(rows[0]!.count);
    // The journal of deletions keeps a line per deleted account (no personal data) until the purge: only an
    // unfinished one is something left behind.
    delete counts.account_deletions;
    const { rows: unfinished } = await client.query<{ count: string }>(
      "SELECT count(*) FROM account_deletions WHERE cognito_deleted_at IS NULL OR rows_deleted_at IS NULL",
    );
    counts["unfinished account deletions"] = Number(unfinished[0]!.count);
  } finally {
    await client.end();
  }
  const cognito = new CognitoIdentityProviderClient({
    endpoint: pool.endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const logins = (await cognito.send(new ListUsersCommand({ UserPoolId: pool.userPoolId }))).Users ?? [];
  for (const login of logins) say(`in the user pool: ${login.Attributes?.find((a) => a.Name === "email")?.Value} (${login.UserStatus})`);
  counts["user pool logins"] = logins.length;
  return counts;
}

function runPlaywright(pool: Pool): Promise<number> {
  const args = process.argv.slice(2);
  const selection = args.length > 0 ? args : ["--grep", "@smoke", "--project", "desktop-js-on", "--project", "phone-js-off"];
  const playwright = spawn(process.execPath, [path.join(root, "node_modules/@playwright/test/cli.js"), "test", ...selection], {
    cwd: root,
    env: {
      ...process.env,
      E2E_BASE_URL: baseUrl,
      QA_RATE_LIMIT_TOKEN: token,
      QA_COGNITO_USER_POOL_ID: pool.userPoolId,
      QA_COGNITO_CLIENT_ID: pool.clientId,
      QA_COGNITO_ENDPOINT: pool.endpoint,
    },
    stdio: "inherit",
  });
  return new Promise((resolve) => playwright.on("exit", (code) => resolve(code ?? 1)));
}

let failed = true;
try {
  await waitForHealth();
  const pool = JSON.parse(readFileSync(path.join(root, `.cache/e2e-cognito-${port}.json`), "utf8")) as Pool;
  say(`server up at ${baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const before = await inventory(pool);
  const code = await runPlaywright(pool);
  const after = await inventory(pool);
  const changed = Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
  for (const name of changed) say(`left behind: ${name} ${before[name] ?? 0} → ${after[name] ?? 0}`);
  if (changed.length === 0) say(`nothing left behind: ${Object.keys(after).length} tables and the user pool as before`);
  failed = code !== 0 || changed.length > 0;
} catch (error) {
  console.error(error);
} finally {
  server.kill("SIGTERM");
  await serverExited;
  say(`${failed ? "FAILED" : "passed"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
process.exit(failed ? 1 : 0);
