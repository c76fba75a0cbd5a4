// Shared by the security suites: a signed-in cookie, the production build with a local Cognito, the
// build's route manifest, and a fingerprint of every row in the test database (to prove a refused
// request changed nothing).
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { createSession } from "~/auth/session.server";
import { queryRows } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { readConfirmationCode, startLocalCognito, type LocalCognito } from "../../server/local-cognito/index";
import { freePort, root, startApp, type AppServer } from "../observability/harness";

/** The Cookie header of a fresh session for `userId`, as the server would have set it. */
export async function sessionCookie(userId: string): Promise<string> {
  return (await createSession(userId)).split(";")[0]!;
}

/**
 * The production build signing people up and in against a cognito-local of its own (its Post
 * Confirmation trigger the real Lambda), for the suite that calls this at its top: started before its
 * tests, stopped after them. `url` is the server's; `confirmationCode` reads the code Cognito "sent".
 */
export function appWithLocalCognito(name: string): { readonly url: string; confirmationCode: (email: string) => Promise<string | undefined> } {
  let app: AppServer | undefined;
  let cognito: LocalCognito | undefined;
  let dataDir = "";
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), `cruddur-${name}-`));
    cognito = await startLocalCognito({ port: await freePort(), lambdaPort: await freePort(), dataDir, databaseUrl: process.env.DATABASE_URL!, log: () => {} });
    app = await startApp({ COGNITO_USER_POOL_ID: cognito.userPoolId, COGNITO_CLIENT_ID: cognito.clientId, COGNITO_ENDPOINT: cognito.endpoint });
  }, 60_000);
  afterAll(async () => {
    await app?.stop();
    await cognito?.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  return {
    get url() {
      return app!.url;
    },
    confirmationCode: (email) => readConfirmationCode(dataDir, cognito!.userPoolId, email),
  };
}

export type ManifestRoute = { id: string; parentId?: string; path?: string; index?: boolean; hasAction: boolean };

/** The production build's route manifest (what the browser is sent), read without running the build. */
export function buildRoutes(): ManifestRoute[] {
  const server = readFileSync(path.join(root, "build/index.js"), "utf8");
  const manifestUrl = /\/build\/manifest-[A-Za-z0-9]+\.js/.exec(server)?.[0];
  if (!manifestUrl) throw new Error("no manifest in build/index.js: run `npm run build`");
  const script = readFileSync(path.join(root, "public", manifestUrl), "utf8");
  const manifest = JSON.parse(script.replace(/^window\.__remixManifest=/, "").replace(/;\s*$/, "")) as { routes: Record<string, ManifestRoute> };
  return Object.values(manifest.routes);
}

/** The URL path of a manifest route, each `:param` filled from `params` (a splat gets `splat`). */
export function routePath(routes: ManifestRoute[], route: ManifestRoute, params: Record<string, string>): string {
  const segments: string[] = [];
  for (let at: ManifestRoute | undefined = route; at; at = routes.find((r) => r.id === at!.parentId)) {
    if (at.path) segments.unshift(at.path);
  }
  const filled = segments
    .join("/")
    .split("/")
    .filter(Boolean)
    .map((segment) => (segment === "*" ? (params["*"] ?? "splat") : segment.startsWith(":") ? params[segment.slice(1)] : segment));
  if (filled.some((segment) => segment === undefined)) throw new Error(`no value for a parameter of ${route.id} (${segments.join("/")})`);
  return `/${filled.join("/")}`;
}

/** One md5 per table over all its rows: equal fingerprints, unchanged data. */
export async function databaseFingerprint(): Promise<Record<string, string>> {
  const tables = await queryRows<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename`;
  const fingerprint: Record<string, string> = {};
  for (const { name } of tables) {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    const [row] = await queryRows<{ md5: string }>`SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS md5 FROM ${Prisma.raw(quoted)} t`;
    fingerprint[name] = row!.md5;
  }
  return fingerprint;
}
