// Every 5xx the production server answers leaves one structured log line (besides the request line)
// that names its request id, whatever produced it: a thrown error (500, "request failed"), a dependency
// that answered nothing (Cognito unreachable: the sign-in page's 503), a limit that failed closed (503).
// Warnings and errors written while a request runs carry its id. Needs `npm run build`.
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { closedPort, jsonLines, waitForOutput, withProductionApp } from "../support/production-app-suite";

// Cognito at a closed port: every sign-in is a 503 "cannot reach the sign-in service".
const app = withProductionApp(async () => ({
  COGNITO_ENDPOINT: `http://127.0.0.1:${await closedPort()}`,
  COGNITO_TIMEOUT_MS: "500",
  SIMULATE_HOME_ERROR: "1",
}));

let visitors = 0;
const signIn = () =>
  fetch(`${app.url}/signin`, {
    method: "POST",
    body: new URLSearchParams({ email: `someone${++visitors}@example.com`, password: "a password of some length" }),
    headers: { "x-forwarded-for": `192.0.2.${visitors}` },
    redirect: "manual",
  });

/** The lines of one request but its request line, once the request line (its last) is out. */
async function linesOf(requestId: string) {
  const ofRequest = () => jsonLines(app.output()).filter((line) => line.request_id === requestId);
  await waitForOutput(app, () => ofRequest().some((line) => line.msg === "request"));
  return ofRequest().filter((line) => line.msg !== "request");
}

describe("a 5xx", () => {
  it("from a thrown error (500): one error line with the request id", async () => {
    const response = await fetch(`${app.url}/`);
    expect(response.status).toBe(500);
    const lines = await linesOf(response.headers.get("x-request-id")!);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "error", msg: "request failed", method: "GET", path: "/" });
  });

  it("answered by a page, with nothing thrown (Cognito unreachable: 503): one warning line with the request id and the status", async () => {
    const response = await signIn();
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("cannot reach the sign-in service");
    const lines = await linesOf(response.headers.get("x-request-id")!);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "warn", msg: "server error response", status: 503, method: "POST", path: "/signin" });
  });

  it("from a limit that failed closed (503): its warning carries the request id, and is the one line", async () => {
    await prisma.$executeRaw`ALTER TABLE rate_limits RENAME TO rate_limits_away`;
    try {
      const response = await signIn();
      expect(response.status).toBe(503);
      const lines = await linesOf(response.headers.get("x-request-id")!);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ level: "warn", msg: "rate limit not counted: request refused", limit: "signInPerIp" });
    } finally {
      await prisma.$executeRaw`ALTER TABLE rate_limits_away RENAME TO rate_limits`;
    }
  });
});

describe("a request that is not a 5xx", () => {
  it("writes only its request line", async () => {
    const response = await fetch(`${app.url}/signin`);
    expect(response.status).toBe(200);
    expect(await linesOf(response.headers.get("x-request-id")!)).toEqual([]);
  });
});
