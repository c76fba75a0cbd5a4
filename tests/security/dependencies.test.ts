// A dependency that accepts connections and never answers must not hang the app's requests: with
// Cognito hung, the account pages give their 503 after the call's deadline (COGNITO_TIMEOUT_MS),
// keep what the visitor typed, create nothing, and close the hung connections. Needs `npm run build`.
import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { startApp, type AppServer } from "../observability/harness";

/** A TCP server that accepts and reads, and never writes a byte back. */
async function startHungServer() {
  const open = new Set<Socket>();
  let accepted = 0;
  let closed = 0;
  const server = createServer((socket) => {
    accepted += 1;
    open.add(socket);
    socket.resume();
    socket.on("close", () => {
      closed += 1;
      open.delete(socket);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => ({ accepted, closed }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let cognito: Awaited<ReturnType<typeof startHungServer>>;
let app: AppServer;

beforeAll(async () => {
  cognito = await startHungServer();
  app = await startApp({ COGNITO_ENDPOINT: cognito.url, COGNITO_TIMEOUT_MS: "500" });
}, 40_000);

afterAll(async () => {
  await app?.stop();
  await cognito?.close();
});

const post = (path: string, fields: Record<string, string>) =>
  fetch(`${app.url}${path}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual" });

describe("with Cognito accepting connections and never answering", () => {
  it("sign-in answers 503 with the message, the email kept, and no session", async () => {
    const response = await post("/signin", { email: "hung@example.com", password: "Correct-Horse-9" });
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain("We cannot reach the sign-in service right now");
    expect(html).toContain('value="hung@example.com"');
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await prisma.session.count()).toBe(0);
  });

  it("sign-up answers 503 the same way, keeps the fields, and creates no user", async () => {
    const response = await post("/signup", { name: "Hung Up", email: "hung@example.com", handle: "hung_up", password: "Correct-Horse-9" });
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain("We cannot reach the sign-in service right now");
    expect(html).toContain('value="hung@example.com"');
    expect(html).toContain('value="hung_up"');
    expect(await prisma.user.count()).toBe(0);
  });

  it("the app reached the hung server and gave up its connections", async () => {
    // Both calls got through to it: the 503s came from the deadline, not from a refused connection.
    expect(cognito.counts().accepted).toBeGreaterThanOrEqual(2);
    // Each aborted call closes its socket (not left to undici's 5-minute header timeout). undici may
    // open a spare connection after an abort; it closes that one when idle, later.
    await expect.poll(() => cognito.counts().closed, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  });
});
