// Rollbar with a local HTTP endpoint in place of its API: the real item format, scrubbed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Received, startReceiver, withProductionApp } from "../support/production-app-suite";

type Item = { token: string | string[] | undefined; data: Record<string, unknown> & { custom?: Record<string, unknown>; request?: Record<string, unknown> } };
const items = (received: Received[]) =>
  received.filter((r) => r.url === "/api/1/item/").map((r) => ({ ...(JSON.parse(r.body) as Omit<Item, "token">), token: r.headers["x-rollbar-access-token"] }));

const SECRETS = ["hunter2", "123456", "s3cr3t-session", "Bearer eyJhbGciOi", "reset-token-value"];
let rollbar: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  rollbar = await startReceiver({ status: 200, body: JSON.stringify({ err: 0, result: { uuid: "00000000-0000-4000-8000-000000000000" } }) });
});
afterAll(async () => {
  await rollbar?.close();
});

describe("reportError (in process)", () => {
  it("posts an item with the request, request id and code version, secrets scrubbed", async () => {
    process.env.ROLLBAR_ACCESS_TOKEN = "server-token";
    process.env.ROLLBAR_ENDPOINT = `${rollbar.url}/api/1/`;
    process.env.ROLLBAR_ENVIRONMENT = "test-env";
    process.env.APP_VERSION = "abc1234";
    const { reportError } = await import("~/observability/rollbar.server");
    const { createRequestContext, runWithRequestContext } = await import("~/observability/request-context.server");
    const request = new Request("http://cruddur.test/reset?password=hunter2&code=123456&token=reset-token-value&page=2", {
      headers: { cookie: "__Host-cruddur_session=s3cr3t-session", authorization: "Bearer eyJhbGciOi", "user-agent": "vitest", "x-request-id": "req-1" },
    });
    const context = createRequestContext("req-1");
    context.userId = "user-42";
    await runWithRequestContext(context, () => reportError(Object.assign(new Error("boom"), { password: "hunter2" }), request));
    const [item] = await rollbar.waitFor((received) => (items(received).length ? items(received) : false));
    expect(item!.token).toBe("server-token");
    expect(item!.data).toMatchObject({ environment: "test-env", code_version: "abc1234", custom: { requestId: "req-1", userId: "user-42" } });
    expect(JSON.stringify(item!.data.body)).toContain("boom");
    expect(item!.data.request).toMatchObject({ method: "GET" });
    expect(String(item!.data.request!.url)).toContain("page=2");
    const body = JSON.stringify(item);
    for (const secret of SECRETS) expect(body).not.toContain(secret);
  });
});

describe("the production server with SIMULATE_HOME_ERROR=1", () => {
  const app = withProductionApp(() => {
    rollbar.received.length = 0;
    return { ROLLBAR_ACCESS_TOKEN: "server-token", ROLLBAR_ENDPOINT: `${rollbar.url}/api/1/`, APP_VERSION: "v-test", SIMULATE_HOME_ERROR: "1" };
  });

  it("shows the friendly 500 page with the reference id and reports the error, scrubbed", async () => {
    const response = await fetch(`${app.url}/?password=hunter2&code=123456`, {
      headers: { cookie: "__Host-cruddur_session=s3cr3t-session; other=1", authorization: "Bearer eyJhbGciOi" },
    });
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id")!;
    const html = await response.text();
    expect(html).toContain("Something went wrong");
    expect(html).toContain(requestId);
    expect(html).not.toContain("SIMULATE_HOME_ERROR"); // no error detail reaches the visitor

    const [item] = await rollbar.waitFor((received) => (items(received).length ? items(received) : false));
    expect(item!.data).toMatchObject({ environment: "production", code_version: "v-test", custom: { requestId } });
    expect(JSON.stringify(item!.data.body)).toContain("Simulated home feed failure");
    const body = JSON.stringify(item);
    for (const secret of SECRETS) expect(body).not.toContain(secret);

    // …and one structured error line in the log, with the same reference.
    const errorLine = app
      .output()
      .split("\n")
      .find((line) => line.includes('"level":"error"') && line.includes(requestId));
    expect(errorLine).toBeDefined();
    expect(app.output()).not.toContain("hunter2");
  });
});

describe("the production server with ROLLBAR_CLIENT_TOKEN (the browser's reporter)", () => {
  const app = withProductionApp(() => ({ ROLLBAR_CLIENT_TOKEN: "client-token", ROLLBAR_ENDPOINT: `${rollbar.url}/api/1/` }));

  it("puts the reporter inline in the page, under the CSP's nonce, and never in the JavaScript bundles", async () => {
    const response = await fetch(`${app.url}/`);
    const html = await response.text();
    const nonce = /script-src[^;]*'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
    expect(nonce).toBeTruthy();
    const inline = [...html.matchAll(/<script nonce="([^"]+)">([^<]*)<\/script>/g)].find(([, , body]) => body!.includes("client-token"));
    expect(inline?.[1]).toBe(nonce);
    expect(inline?.[2]).toContain('addEventListener("unhandledrejection"');
    expect(inline?.[2]).toContain(`"endpoint":"${rollbar.url}/api/1/item/"`);
    // The text ran before hydration: no bundle the page loads carries a second copy of it.
    const scripts = [...html.matchAll(/(?:href|src)="(\/build\/[^"]+\.js)"|import\("(\/build\/[^"]+\.js)"\)/g)].map((match) => match[1] ?? match[2]!);
    expect(scripts.length).toBeGreaterThan(1);
    for (const script of scripts) expect(await (await fetch(`${app.url}${script}`)).text(), script).not.toContain('"unhandledrejection"');
  });
});
