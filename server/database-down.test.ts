// With the database unreachable, the production server stays up and says so: the health check
// answers 503 (the ALB takes the task out of service) and pages show the 500 page with a reference
// id, inside the layout, never a stack trace. Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closedPort, jsonLines, startApp, type AppServer } from "../tests/observability/harness";

let app: AppServer;

beforeAll(async () => {
  const port = await closedPort();
  app = await startApp({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/cruddur` }, { ready: (response) => response.status === 503 });
}, 40_000);

afterAll(async () => {
  await app?.stop();
});

describe("with the database down", () => {
  it("the health check answers 503 with success false", async () => {
    const response = await fetch(`${app.url}/api/health-check`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ success: false });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("a page is the 500 page with the request's reference id, and the error is logged with it", async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.status).toBe(500);
    const requestId = response.headers.get("x-request-id")!;
    const html = await response.text();
    expect(html).toContain("Something went wrong");
    expect(html).toContain(`Reference: <code>${requestId}</code>`);
    // Inside the layout (navigation and all), without any detail of the failure.
    expect(html).toContain('class="app-shell"');
    expect(html).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const failures = jsonLines(app.output()).filter((line) => line.level === "error" && line.request_id === requestId);
    expect(failures.some((line) => line.msg === "request failed")).toBe(true);
  });

  it("a page that needs no data still works", async () => {
    const response = await fetch(`${app.url}/signin`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('name="password"');
  });
});
