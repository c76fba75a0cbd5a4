// /settings/sessions' data: an account's live sessions, named by a key that is not the cookie's
// secret, ended one by one or all but this one, and never another account's.
import { beforeEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { endOtherSessions, endSessionByKey, listLiveSessions, sessionKey } from "~/models/session.server";
import { createUser } from "../../tests/support/factories";
import { SESSION_IDLE_TIMEOUT_MS } from "~/domain/session-limits";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, sessions CASCADE`;
});

/** A session of `userId` created `agoMs` ago (seen then), with a User-Agent; returns its id. */
async function sessionOf(userId: string, agoMs = 0, userAgent = "Mozilla/5.0 Firefox/132.0") {
  const before = new Set((await prisma.session.findMany({ select: { id: true } })).map((s) => s.id));
  const request = new Request("http://localhost/signin", { headers: { "User-Agent": userAgent } });
  await createSession(userId, new Date(Date.now() - agoMs), { request, ip: "198.51.100.23" });
  return (await prisma.session.findMany({ select: { id: true } })).map((s) => s.id).find((id) => !before.has(id))!;
}

describe("listLiveSessions", () => {
  it("lists the live sessions, this one first then the most recently seen, with a key that is not the id", async () => {
    const user = await createUser();
    const old = await sessionOf(user.id, 3 * 3_600_000, "Mozilla/5.0 (iPhone) Version/17.1 Mobile Safari/604.1");
    const current = await sessionOf(user.id, 2 * 3_600_000);
    const recent = await sessionOf(user.id, 3_600_000);
    await sessionOf(user.id, SESSION_IDLE_TIMEOUT_MS + 60_000); // idle: dead, not listed
    await sessionOf((await createUser()).id); // someone else's

    const listed = await listLiveSessions({ userId: user.id, currentSessionId: current });
    expect(listed.map((s) => s.key)).toEqual([sessionKey(current), sessionKey(recent), sessionKey(old)]);
    expect(listed.map((s) => s.current)).toEqual([true, false, false]);
    expect(listed[2]).toMatchObject({ ipPrefix: "198.51.100.0/24", userAgent: expect.stringContaining("iPhone") });
    expect(JSON.stringify(listed)).not.toContain(current);
  });
});

describe("ending sessions", () => {
  it("ends one of the account's sessions by its key, and never another account's", async () => {
    const ana = await createUser();
    const bob = await createUser();
    const anaPhone = await sessionOf(ana.id);
    const bobLaptop = await sessionOf(bob.id);
    expect(await endSessionByKey(ana.id, sessionKey(bobLaptop))).toBe(false);
    expect(await prisma.session.count({ where: { id: bobLaptop } })).toBe(1);
    expect(await endSessionByKey(ana.id, sessionKey(anaPhone))).toBe(true);
    expect(await prisma.session.count({ where: { id: anaPhone } })).toBe(0);
    expect(await endSessionByKey(ana.id, sessionKey(anaPhone))).toBe(false);
  });

  it("signs out everywhere else: every session of the account but this one, nobody else's", async () => {
    const ana = await createUser();
    const bob = await createUser();
    const here = await sessionOf(ana.id);
    await sessionOf(ana.id);
    await sessionOf(ana.id);
    const bobs = await sessionOf(bob.id);
    expect(await endOtherSessions(ana.id, here)).toBe(2);
    expect((await prisma.session.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((s) => s.id).sort()).toEqual([here, bobs].sort());
    expect(await endOtherSessions(ana.id, here)).toBe(0);
  });
});
