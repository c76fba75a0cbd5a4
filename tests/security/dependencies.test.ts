// Cognito unreachable (the connection refused) or hung (accepted, never answered): the account pages
// give their 503 with the message (after the call's deadline, COGNITO_TIMEOUT_MS, when hung), keep
// what the visitor typed, create nothing, and close the hung connections. Needs `npm run build`.
import { createServer, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { closedPort, sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createUser } from "../support/factories";

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

type Endpoint = { url: string; close: () => Promise<void> };

/** The account pages' answers with Cognito at `endpoint`; `more` adds cases that need the same app. */
function describeCognitoDown(name: string, start: () => Promise<Endpoint>, more?: (endpoint: () => Endpoint) => void) {
  describe(`with Cognito ${name}`, () => {
    let cognito: Endpoint;

    beforeAll(async () => {
      cognito = await start();
    });

    afterAll(async () => {
      await cognito?.close();
    });

    const app = withProductionApp(() => ({ COGNITO_ENDPOINT: cognito.url, COGNITO_TIMEOUT_MS: "500" }));

    const post = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      fetch(`${app.url}${path}`, { method: "POST", body: new URLSearchParams(fields), headers, redirect: "manual" });

    it("sign-in answers 503 with the message, the email kept, and no session", async () => {
      const response = await post("/signin", { email: "down@example.com", password: "Correct-Horse-9" });
      expect(response.status).toBe(503);
      const html = await response.text();
      expect(html).toContain("We cannot reach the sign-in service right now");
      expect(html).toContain('value="down@example.com"');
      expect(response.headers.get("set-cookie")).toBeNull();
      expect(await prisma.session.count()).toBe(0);
    });

    it("sign-up answers 503 the same way, keeps the fields, and creates no user", async () => {
      const response = await post("/signup", { name: "Down Under", email: "down@example.com", handle: "down_under", password: "Correct-Horse-9" });
      expect(response.status).toBe(503);
      const html = await response.text();
      expect(html).toContain("We cannot reach the sign-in service right now");
      expect(html).toContain('value="down@example.com"');
      expect(html).toContain('value="down_under"');
      expect(await prisma.user.count()).toBe(0);
    });

    it("the settings' password change and deletion answer 503 with the message, and change nothing", async () => {
      const user = await createUser();
      try {
        const cookie = await sessionCookie(user.id);
        const other = await sessionCookie(user.id);
        const changed = await post(
          "/settings/password",
          { currentPassword: "Correct-Horse-9", password: "a new long password", confirmPassword: "a new long password" },
          { cookie },
        );
        expect(changed.status).toBe(503);
        expect(await changed.text()).toContain("We cannot reach the sign-in service right now");
        const deleted = await post("/settings/delete", { password: "Correct-Horse-9", confirmation: user.handle }, { cookie });
        expect(deleted.status).toBe(503);
        expect(await deleted.text()).toContain("We cannot reach the sign-in service right now");
        // Settings → Security's set-up starts by signing in again: the same answer, no set-up kept.
        const setUp = await post("/settings/security", { intent: "start", password: "Correct-Horse-9" }, { cookie });
        expect(setUp.status).toBe(503);
        expect(await setUp.text()).toContain("We cannot reach the sign-in service right now");
        expect(await prisma.authenticatorSetup.count()).toBe(0);
        // Still there, still signed in everywhere, no tombstone.
        expect(await prisma.user.count({ where: { id: user.id } })).toBe(1);
        expect(await prisma.session.count({ where: { userId: user.id } })).toBe(2);
        expect(await prisma.accountDeletion.count()).toBe(0);
        expect((await fetch(`${app.url}/settings`, { headers: { cookie: other }, redirect: "manual" })).status).toBe(200);
      } finally {
        await prisma.user.delete({ where: { id: user.id } });
      }
    });

    more?.(() => cognito);
  });
}

describeCognitoDown("refusing connections", async () => ({ url: `http://127.0.0.1:${await closedPort()}`, close: async () => {} }));

describeCognitoDown("accepting connections and never answering", startHungServer, (endpoint) => {
  it("the app reached the hung server and gave up its connections", async () => {
    const hung = endpoint() as Awaited<ReturnType<typeof startHungServer>>;
    // Both calls got through to it: the 503s came from the deadline, not from a refused connection.
    expect(hung.counts().accepted).toBeGreaterThanOrEqual(2);
    // Each aborted call closes its socket (not left to undici's 5-minute header timeout). undici may
    // open a spare connection after an abort; it closes that one when idle, later.
    await expect.poll(() => hung.counts().closed, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  });
});
