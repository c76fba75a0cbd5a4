// With the database unreachable, the production server stays up and says so: the health check
// answers 503 (the ALB takes the task out of service) and pages answer 503 with Retry-After and a
// clear message, inside the layout, never a stack trace; the no-JS crud form comes back with the
// text as typed. Needs `npm run build`.
import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { closedPort, jsonLines, waitForOutput, withProductionApp } from "../support/production-app-suite";

const MESSAGE = "Cruddur cannot reach its database right now. Please try again in a minute.";

const app = withProductionApp(async () => ({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await closedPort()}/cruddur` }), {
  ready: (response) => response.status === 503,
});

describe("with the database down", () => {
  it("the health check answers 503 with success false", async () => {
    const response = await fetch(`${app.url}/api/health-check`);
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ success: false });
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it("the home page answers 503 with Retry-After and the message, in the layout, and the outage is logged", async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("60");
    const requestId = response.headers.get("x-request-id")!;
    const html = await response.text();
    expect(html).toContain(MESSAGE);
    expect(html).not.toContain("Something went wrong");
    // Inside the layout (navigation and all), without any detail of the failure.
    expect(html).toContain('class="app-shell"');
    expect(html).not.toMatch(/ECONNREFUSED|at .*\.js:\d+/);
    const ofRequest = () => jsonLines(app.output()).filter((line) => line.request_id === requestId);
    // The request line is the last one a request writes.
    await waitForOutput(app, () => ofRequest().some((line) => line.msg === "request"));
    const lines = ofRequest();
    expect(lines.some((line) => line.level === "warn" && line.msg === "database unavailable" && line.error_code === "ECONNREFUSED")).toBe(true);
    // Not an error report per request: an outage is one incident, seen by the health check.
    expect(lines.some((line) => line.level === "error")).toBe(false);
  });

  it("any other page is the 503 page with the message", async () => {
    const response = await fetch(`${app.url}/search?q=hello`);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("60");
    const html = await response.text();
    expect(html).toContain("Temporarily unavailable");
    expect(html).toContain(MESSAGE);
    expect(html).toContain('class="app-shell"');
  });

  it("the no-JS crud form comes back with a 503, the message and the text as typed", async () => {
    // A session cookie as the app sets it; its row cannot be read with the database down.
    const sessionId = randomBytes(32).toString("base64url");
    const cookie = `cruddur_session=${encodeURIComponent(Buffer.from(JSON.stringify(sessionId)).toString("base64"))}`;
    const response = await fetch(`${app.url}/compose`, {
      method: "POST",
      headers: { cookie },
      body: new URLSearchParams({ intent: "crud", message: "Still here <3 & typing", ttl: "3-hours", backTo: "/" }),
      redirect: "manual",
    });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("60");
    const html = await response.text();
    expect(html).toContain(MESSAGE);
    expect(html).toMatch(/<textarea[^>]*name="message"[^>]*>Still here &lt;3 &amp; typing<\/textarea>/);
    expect(html).toMatch(/<option value="3-hours" selected="">/);
  });

  it("a page that needs no data still works", async () => {
    const response = await fetch(`${app.url}/signin`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('name="password"');
  });
});
