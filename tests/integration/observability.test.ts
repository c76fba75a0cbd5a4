// Tracing, request logs and Server-Timing of the production build started like `npm start`
// (node --import=./build/instrumentation.js build/server.js), with a local OTLP/HTTP receiver
// decoding the real JSON export. Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { REQUEST_LOG } from "~/observability/cloudwatch-contract";
import { createCrud, createUser } from "../support/factories";
import {
  closedPort,
  decodeSpans,
  jsonLines,
  SPAN_KIND_SERVER,
  startApp,
  startReceiver,
  waitForOutput,
  withProductionApp,
} from "../support/production-app-suite";

let otlp: Awaited<ReturnType<typeof startReceiver>>;
let user: { id: string };

beforeAll(async () => {
  user = await createUser({ handle: "tracey" });
  for (let i = 0; i < 3; i++) await createCrud(user.id, { message: `traced crud ${i}` });
  otlp = await startReceiver();
});

afterAll(async () => {
  await otlp?.close();
});

// Registered after the receiver's hooks: started once it listens, stopped before it closes.
const app = withProductionApp(() => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
  OTEL_SERVICE_NAME: "cruddur-test",
  OTEL_BSP_SCHEDULE_DELAY: "100",
}));

describe("the production server with the OpenTelemetry preload", () => {
  it("exports the request's server, database and home-feed spans in one trace over OTLP/HTTP JSON", async () => {
    const response = await fetch(`${app.url}/?utm=1`);
    expect(response.status).toBe(200);
    const traceparent = `00-${"ab".repeat(16)}-${"cd".repeat(8)}-01`;
    await fetch(`${app.url}/`, { headers: { traceparent } });

    const spans = await otlp.waitFor((received) => {
      const all = decodeSpans(received);
      const server = all.find((s) => s.kind === SPAN_KIND_SERVER && s.attributes["http.route"] !== undefined && s.traceId !== "ab".repeat(16));
      if (!server) return false;
      const trace = all.filter((s) => s.traceId === server.traceId);
      const complete =
        trace.some((s) => s.name === "home-feed") &&
        trace.some((s) => /^prisma:|^pg\./.test(s.name) || s.attributes["db.system"] === "postgresql") &&
        // The second request's server span may come in a later export: wait for it too.
        all.some((s) => s.traceId === "ab".repeat(16) && s.kind === SPAN_KIND_SERVER);
      return complete ? { all, trace, server } : false;
    });
    expect(otlp.received[0]!.headers["content-type"]).toMatch(/application\/json/);
    expect(spans.server.service).toBe("cruddur-test");
    expect(spans.server.name).toMatch(/^GET/);
    const db = spans.trace.find((s) => s.attributes["db.system"] === "postgresql" || s.attributes["db.system.name"] === "postgresql");
    expect(db, "a pg span in the request's trace").toBeDefined();
    const feed = spans.trace.find((s) => s.name === "home-feed")!;
    expect(feed.attributes["app.result_length"]).toBe(3);
    // An incoming W3C traceparent continues the caller's trace.
    expect(spans.all.some((s) => s.traceId === "ab".repeat(16) && s.kind === SPAN_KIND_SERVER)).toBe(true);
  });

  it("traces posting a crud in a post-crud span with its author, lifetime and tags", async () => {
    // The app runs with INSECURE_COOKIES=1 (plain http): the cookie this process's createSession names.
    const cookie = (await createSession(user.id)).split(";")[0]!;
    const response = await fetch(`${app.url}/compose`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "crud", message: "traced post #otel", ttl: "3-hours", backTo: "/" }),
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    const span = await otlp.waitFor((received) => decodeSpans(received).find((s) => s.name === "post-crud"));
    expect(span.attributes).toMatchObject({ "app.ttl": "3-hours", "app.user_handle": "tracey", "app.tag_count": 1, "app.image_count": 0 });
    expect(span.attributes["app.crud_id"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs one JSON line per request with its trace id, and sends Server-Timing", async () => {
    const response = await fetch(`${app.url}/@tracey?password=hunter2`, { headers: { cookie: "secret-cookie=abc" } });
    expect(response.status).toBe(200);
    const timing = response.headers.get("server-timing") ?? "";
    expect(timing).toMatch(/db;dur=[\d.]+;desc="\d+ quer(y|ies)"/);
    expect(timing).toMatch(/render;dur=[\d.]+/);
    expect(timing).toMatch(/total;dur=[\d.]+/);
    const requestId = response.headers.get("x-request-id");
    const requestLine = () => jsonLines(app.output()).find((l) => l.msg === "request" && l.request_id === requestId);
    await waitForOutput(app, () => requestLine() !== undefined);
    const line = requestLine();
    expect(line).toMatchObject({ level: "info", method: "GET", path: "/@tracey", status: 200 });
    // What the CloudWatch metric filter counts (cdk/lib/monitoring.ts): the message and a numeric status.
    expect(line).toMatchObject({ msg: REQUEST_LOG.msg, [REQUEST_LOG.statusField]: 200 });
    expect(line!.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(typeof line!.duration_ms).toBe("number");
    expect(line!.db_queries).toBe(Number(/desc="(\d+)/.exec(timing)![1]));
    expect(app.output()).not.toContain("hunter2");
    expect(app.output()).not.toContain("secret-cookie");
  });
});

describe("with the telemetry and Rollbar endpoints down", () => {
  // How fast it serves with backends down is measured by `npm run bench`, not asserted here: a hung
  // export or report would show as a request that never answers, which fails the test anyway.
  it("keeps serving after exports and error reports have failed, and shuts down cleanly", async () => {
    const dead = await closedPort();
    const down = await startApp({
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${dead}`,
      OTEL_BSP_SCHEDULE_DELAY: "50",
      OTEL_LOG_LEVEL: "error",
      ROLLBAR_ACCESS_TOKEN: "test-token",
      ROLLBAR_ENDPOINT: `http://127.0.0.1:${dead}/api/1/`,
      SIMULATE_HOME_ERROR: "1",
    });
    try {
      for (let i = 0; i < 20; i++) expect((await fetch(`${down.url}/@tracey`)).status).toBe(200);
      // An error report to the dead Rollbar does not break the 500 page either.
      expect((await fetch(`${down.url}/`)).status).toBe(500);
      // Once an export has failed (the exporter says so at level error), pages still answer.
      await waitForOutput(down, () => /ECONNREFUSED/.test(down.output()));
      expect((await fetch(`${down.url}/@tracey`)).status).toBe(200);
    } finally {
      expect(await down.stop()).toBe(0);
    }
  });
});
