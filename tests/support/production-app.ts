// The production build over real HTTP, without a test framework (the bench uses it too): the server as
// `npm start` runs it, local receivers in place of OTLP and Rollbar, the server's JSON lines, and the
// build's route manifest. Vitest suites use tests/support/production-app-suite.ts, which adds the hooks.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { createServer as createNetServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export function requireBuild() {
  if (!existsSync(path.join(root, "build/server.js")) || !existsSync(path.join(root, "build/instrumentation.js")))
    throw new Error("Run `npm run build` before the tests that start the production app.");
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A port nothing listens on (taken, then released). */
export const closedPort = freePort;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export type Received = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };

/** A tiny HTTP server that records every request and answers `reply`. */
export async function startReceiver(reply: { status: number; body: string } = { status: 200, body: "{}" }) {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    void readBody(req).then((body) => {
      received.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      res.writeHead(reply.status, { "Content-Type": "application/json" }).end(reply.body);
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    /** Waits until `predicate(received)` holds (checked on every new request), or throws after `ms`. */
    async waitFor<T>(predicate: (all: Received[]) => T | undefined | false, ms = 10_000): Promise<T> {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = predicate(received);
        if (found) return found;
        if (Date.now() > deadline) throw new Error(`receiver: nothing matching after ${ms} ms (${received.length} requests)`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200).unref();
        });
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---- OTLP/HTTP JSON ------------------------------------------------------------------------
type AnyValue = { stringValue?: string; intValue?: number | string; doubleValue?: number; boolValue?: boolean };
type OtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes?: { key: string; value: AnyValue }[];
  status?: { code?: number };
};
type OtlpExport = {
  resourceSpans: { resource?: { attributes?: { key: string; value: AnyValue }[] }; scopeSpans: { scope?: { name: string }; spans: OtlpSpan[] }[] }[];
};

export type Span = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  scope: string;
  service?: string;
  attributes: Record<string, string | number | boolean | undefined>;
};
export const SPAN_KIND_SERVER = 2;
export const SPAN_KIND_CLIENT = 3;

const value = (v: AnyValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : undefined) ?? v.doubleValue ?? v.boolValue;

/** Every span in the OTLP/HTTP JSON export requests received so far. */
export function decodeSpans(received: Received[]): Span[] {
  const spans: Span[] = [];
  for (const request of received) {
    if (!request.url.endsWith("/v1/traces")) continue;
    const payload = JSON.parse(request.body) as OtlpExport;
    for (const resourceSpans of payload.resourceSpans) {
      const service = resourceSpans.resource?.attributes?.find((a) => a.key === "service.name")?.value.stringValue;
      for (const scopeSpans of resourceSpans.scopeSpans) {
        for (const span of scopeSpans.spans) {
          spans.push({
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId || undefined,
            name: span.name,
            kind: span.kind,
            scope: scopeSpans.scope?.name ?? "",
            service,
            attributes: Object.fromEntries((span.attributes ?? []).map((a) => [a.key, value(a.value)])),
          });
        }
      }
    }
  }
  return spans;
}

// ---- the production server ----------------------------------------------------------------
export type AppServer = { url: string; output: () => string; stop: () => Promise<number | null>; process: ChildProcess };

/**
 * `node --import=./build/instrumentation.js build/server.js` (what `npm start` runs) with `env`,
 * once its health check answers `ready` (by default: 200).
 */
export async function startApp(env: Record<string, string | undefined>, { ready = (response: Response) => response.ok } = {}): Promise<AppServer> {
  requireBuild();
  const port = await freePort();
  const child = spawn(process.execPath, ["--import=./build/instrumentation.js", path.join(root, "build/server.js")], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: "production",
      PORT: String(port),
      DATABASE_URL: process.env.DATABASE_URL,
      MEDIA_DIR: process.env.MEDIA_DIR,
      PURGE_INTERVAL_SECONDS: "0",
      INSECURE_COOKIES: "1",
      COGNITO_USER_POOL_ID: "local_test",
      COGNITO_CLIENT_ID: "test-client",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}):\n${output}`);
    try {
      if (ready(await fetch(`${url}/api/health-check`))) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    process: child,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once("exit", (code) => resolve(code));
        child.kill("SIGTERM");
      }),
  };
}

/** Waits until the server's output satisfies `ready` (checked as each chunk arrives), or fails after 10 s. */
export async function waitForOutput(app: AppServer, ready: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`the server never printed what was awaited:\n${app.output().slice(-2_000)}`);
    await new Promise<void>((resolve) => {
      const wake = () => {
        app.process.stdout?.off("data", wake);
        app.process.stderr?.off("data", wake);
        resolve();
      };
      app.process.stdout?.on("data", wake);
      app.process.stderr?.on("data", wake);
      setTimeout(wake, 500).unref();
    });
  }
}

/** The JSON lines the server printed (request logs, error logs). */
export function jsonLines(output: string): Record<string, unknown>[] {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

// ---- the build's routes -------------------------------------------------------------------
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
