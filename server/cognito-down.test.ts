// With Cognito unreachable, the account pages answer 503 with a clear message on the page (never a
// 500 with a stack), keep what the visitor typed, and create nothing. Needs `npm run build`.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { closedPort, startApp, type AppServer } from "../tests/observability/harness";

let app: AppServer;

beforeAll(async () => {
  app = await startApp({ COGNITO_ENDPOINT: `http://127.0.0.1:${await closedPort()}` });
}, 40_000);

afterAll(async () => {
  await app?.stop();
});

const post = (path: string, fields: Record<string, string>) =>
  fetch(`${app.url}${path}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });

describe("with Cognito unreachable", () => {
  it("sign-in answers 503 with a message, the email kept, and no session", async () => {
    const response = await post("/signin", { email: "ana@example.com", password: "Correct-Horse-9" });
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain("We cannot reach the sign-in service right now");
    expect(html).toContain('value="ana@example.com"');
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await prisma.session.count()).toBe(0);
  });

  it("sign-up answers 503 the same way and creates no user", async () => {
    const response = await post("/signup", { name: "Ana Lima", email: "ana@example.com", handle: "ana_lima", password: "Correct-Horse-9" });
    expect(response.status).toBe(503);
    expect(await response.text()).toContain("We cannot reach the sign-in service right now");
    expect(await prisma.user.count({ where: { handle: "ana_lima" } })).toBe(0);
  });
});
