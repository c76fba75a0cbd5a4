// Sessions against PostgreSQL: a random id in the cookie, a row in `sessions`, absolute and idle
// limits, a new id on every sign-in, and sign-out that deletes the row.
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { createSession, deleteDeadSessions, destroySession, getUser, getViewer, safeRedirect, sessionIdOf as storedIdOf } from "~/auth/session.server";
import { LAST_SEEN_GRANULARITY_MS, SESSION_IDLE_TIMEOUT_MS, SESSION_LIFETIME_MS } from "~/domain/session-limits";
import { createUser } from "../../tests/support/factories";

const HOUR = 3_600_000;

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, sessions CASCADE`;
});

/** A request carrying the cookie that a Set-Cookie header set. */
const requestWith = (setCookie: string) => new Request("http://localhost/", { headers: { cookie: setCookie.split(";")[0]! } });
/** The cookie's secret (Remix cookies are base64 JSON). */
const secretOf = (setCookie: string) => JSON.parse(Buffer.from(decodeURIComponent(setCookie.split(";")[0]!.split("=")[1]!), "base64").toString()) as string;
/** The stored id of the session a Set-Cookie header set: the row whose id is the SHA-256 of the cookie's secret. */
const sessionIdOf = async (setCookie: string) =>
  (await prisma.session.findMany({ select: { id: true } })).find((s) => s.id === storedIdOf(secretOf(setCookie)))?.id;

describe("sessions", () => {
  it("hold only a random 256-bit id in an HttpOnly, SameSite=Lax cookie, and find their user", async () => {
    const user = await createUser({ handle: "sally" });
    const setCookie = await createSession(user.id);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toContain(user.id);
    expect(secretOf(setCookie)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The row holds the secret's SHA-256, never the secret.
    const id = await sessionIdOf(setCookie);
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(await prisma.session.count({ where: { id: secretOf(setCookie) } })).toBe(0);
    // The preferences ride along (ADR 022, 037): no zone (the browser's or UTC), the app's default lifetime and the device's theme until set.
    expect(await getUser(requestWith(setCookie))).toEqual({
      id: user.id,
      handle: "sally",
      displayName: "User sally",
      moderator: false,
      timeZone: null,
      defaultTtl: "7-days",
      theme: "system",
      // No avatar uploaded: initials on a colour (docs/product.md §11).
      avatar: null,
    });
    await prisma.user.update({ where: { id: user.id }, data: { timeZone: "Europe/Paris", defaultTtl: "1-hour" } });
    expect(await getUser(requestWith(setCookie))).toMatchObject({ timeZone: "Europe/Paris", defaultTtl: "1-hour" });
  });

  it("get a new id on every sign-in, and sign-out deletes only that row", async () => {
    const user = await createUser();
    const first = await createSession(user.id);
    const second = await createSession(user.id);
    expect(await sessionIdOf(first)).not.toBe(await sessionIdOf(second));
    const cleared = await destroySession(requestWith(first));
    expect(cleared).toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    expect(await getUser(requestWith(first))).toBeNull();
    expect(await getUser(requestWith(second))).not.toBeNull();
    expect(await prisma.session.count()).toBe(1);
  });

  it("end after 30 days whatever the activity, and after 7 idle days", async () => {
    const user = await createUser();
    const now = Date.now();
    const old = await createSession(user.id, new Date(now - SESSION_LIFETIME_MS - 1_000));
    // Kept busy all along: last seen a minute ago, but past its absolute lifetime.
    await prisma.session.updateMany({ where: { id: (await sessionIdOf(old))! }, data: { lastSeenAt: new Date(now - 60_000) } });
    expect(await getUser(requestWith(old))).toBeNull();

    const idle = await createSession(user.id, new Date(now - SESSION_IDLE_TIMEOUT_MS - 1_000));
    expect(await getUser(requestWith(idle))).toBeNull();
    const recent = await createSession(user.id, new Date(now - SESSION_IDLE_TIMEOUT_MS + HOUR));
    expect(await getUser(requestWith(recent))).not.toBeNull();

    // The purge deletes the dead rows and keeps the live one.
    expect(await deleteDeadSessions(new Date(now))).toBe(2);
    expect(await prisma.session.count()).toBe(1);
  });

  it("remember the browser and the network they were signed in from, never the full address", async () => {
    const user = await createUser();
    const request = new Request("http://localhost/signin", { headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0" } });
    const setCookie = await createSession(user.id, new Date(), { request, ip: "203.0.113.77" });
    const stored = await prisma.session.findUniqueOrThrow({ where: { id: (await sessionIdOf(setCookie))! }, select: { userAgent: true, ipPrefix: true } });
    expect(stored).toEqual({ userAgent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/132.0", ipPrefix: "203.0.113.0/24" });
  });

  it("refresh last_seen_at (and the browser) at most every 15 minutes, so reading pages is not a write each time", async () => {
    const user = await createUser();
    const setCookie = await createSession(user.id, new Date(Date.now() - 2 * HOUR));
    const id = (await sessionIdOf(setCookie))!;
    await getUser(requestWith(setCookie));
    const seen = (await prisma.session.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime();
    expect(Date.now() - seen).toBeLessThan(60_000);
    await getUser(requestWith(setCookie));
    expect((await prisma.session.findUniqueOrThrow({ where: { id } })).lastSeenAt.getTime()).toBe(seen);
    // Just past the granularity it is written again, with the browser of that request.
    await prisma.session.update({ where: { id }, data: { lastSeenAt: new Date(Date.now() - LAST_SEEN_GRANULARITY_MS - 1_000) } });
    const cookie = setCookie.split(";")[0]!;
    await getUser(new Request("http://localhost/", { headers: { cookie, "User-Agent": "Mozilla/5.0 (iPhone) Version/17.1 Mobile Safari/604.1" } }));
    const refreshed = await prisma.session.findUniqueOrThrow({ where: { id }, select: { lastSeenAt: true, userAgent: true } });
    expect(Date.now() - refreshed.lastSeenAt.getTime()).toBeLessThan(60_000);
    expect(refreshed.userAgent).toContain("iPhone");
  });

  it("ignore a forged or malformed cookie", async () => {
    await createSession((await createUser()).id);
    const forged = `cruddur_session=${encodeURIComponent(Buffer.from(JSON.stringify("x".repeat(43))).toString("base64"))}`;
    expect(await getViewer(new Request("http://localhost/", { headers: { cookie: forged } }))).toBeNull();
    expect(await getViewer(new Request("http://localhost/", { headers: { cookie: "cruddur_session=%%%" } }))).toBeNull();
  });
});

describe("safeRedirect", () => {
  it("keeps same-site paths with their query and fragment", () => {
    expect(safeRedirect("/@ana/status/1?x=1#crud-2")).toBe("/@ana/status/1?x=1#crud-2");
    expect(safeRedirect("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
  });

  it.each([
    "//evil.example",
    "/\\evil.example",
    "/.//evil.example",
    "/./\\evil.example",
    "/a/..//evil.example",
    "/foo/../..//evil.example",
    "/\t/evil.example",
    "https://evil.example",
    "evil.example",
  ])("refuses %j, which a browser would read as another site", (to) => {
    expect(safeRedirect(to)).toBe("/");
  });

  it("returns the normalised value it checked", () => {
    expect(safeRedirect("/a/./b/../c")).toBe("/a/c");
  });
});
