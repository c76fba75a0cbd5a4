import { beforeEach, describe, expect, it } from "vitest";
import { refuseSuspended, SUSPENDED_MESSAGE } from "~/auth/account.server";
import { createSession, getUser } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { createReply } from "~/models/posting.server";
import {
  createReport,
  listOpenReports,
  listResolvedReports,
  listSuspendedUsers,
  purgeOldReportSnapshots,
  resolveReport,
  SNAPSHOT_RETENTION_MS,
  unsuspendUser,
} from "~/models/report.server";
import { createCrud, createUser } from "../../tests/support/factories";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds, reports, moderation_actions CASCADE`;
});

const cookieRequest = async (userId: string) => new Request("http://x/", { headers: { cookie: (await createSession(userId)).split(";")[0]! } });

describe("reports", () => {
  it("snapshot the crud's text and author when reported; the snapshot outlives the crud", async () => {
    const author = await createUser({ handle: "rep_author", displayName: "Author Then" });
    const reporter = await createUser();
    const crud = await createCrud(author.id, { message: "a nasty crud" });
    expect(await createReport({ reporterId: reporter.id, reason: "spam", comment: "buy now", target: { crudId: crud.id } })).toBe("created");
    await prisma.user.update({ where: { id: author.id }, data: { displayName: "Author Now" } });
    await prisma.crud.delete({ where: { id: crud.id } });
    const [report] = (await listOpenReports()).items;
    expect(report).toMatchObject({
      reason: "spam",
      comment: "buy now",
      crudId: null,
      snapshotText: "a nasty crud",
      snapshotHandle: "rep_author",
      snapshotDisplayName: "Author Then",
      reporterHandle: reporter.handle,
    });
  });

  it("refuse yourself, an expired crud and an unknown user", async () => {
    const me = await createUser();
    const mine = await createCrud(me.id);
    const other = await createUser();
    const expired = await createCrud(other.id, { expiresAt: new Date(Date.now() - 1000) });
    expect(await createReport({ reporterId: me.id, reason: "other", comment: "", target: { crudId: mine.id } })).toBe("self");
    expect(await createReport({ reporterId: me.id, reason: "other", comment: "", target: { handle: me.handle } })).toBe("self");
    expect(await createReport({ reporterId: me.id, reason: "other", comment: "", target: { crudId: expired.id } })).toBe("not-found");
    expect(await createReport({ reporterId: me.id, reason: "other", comment: "", target: { handle: "nobody_here" } })).toBe("not-found");
    expect(await prisma.report.count()).toBe(0);
    // The trigger keeps the data honest even past the app.
    await expect(prisma.report.create({ data: { reporterId: me.id, targetUserId: me.id, reason: "spam" } })).rejects.toThrow(/cannot report themselves/);
    await expect(prisma.report.create({ data: { reporterId: me.id, targetUserId: other.id, reason: "spam", comment: "x".repeat(501) } })).rejects.toThrow(
      /at most 500/,
    );
  });

  it("remove deletes the crud with its replies, resolves every open report of it, and logs who and when", async () => {
    const author = await createUser();
    const [mod, r1, r2] = [await createUser(), await createUser(), await createUser()];
    const crud = await createCrud(author.id);
    await createReply({ userId: r1.id, parentId: crud.id, message: "a reply" });
    await createReport({ reporterId: r1.id, reason: "spam", comment: "", target: { crudId: crud.id } });
    await createReport({ reporterId: r2.id, reason: "harassment", comment: "", target: { crudId: crud.id } });
    const [first] = (await listOpenReports()).items;
    const now = new Date();
    expect(await resolveReport({ reportId: first!.id, moderatorId: mod.id, resolution: "remove", now })).toEqual({ ok: true });
    expect(await prisma.crud.count()).toBe(0);
    expect((await listOpenReports()).items).toEqual([]);
    const resolved = await listResolvedReports();
    expect(resolved.map((r) => [r.status, r.resolvedByHandle, r.resolvedAt?.getTime()])).toEqual([
      ["removed", mod.handle, now.getTime()],
      ["removed", mod.handle, now.getTime()],
    ]);
    expect(await prisma.moderationAction.findMany({ select: { kind: true, moderatorId: true, crudId: true, reportId: true } })).toEqual([
      { kind: "remove", moderatorId: mod.id, crudId: crud.id, reportId: first!.id },
    ]);
    // Once resolved, another action says how and changes nothing.
    expect(await resolveReport({ reportId: first!.id, moderatorId: mod.id, resolution: "dismiss" })).toEqual({
      ok: false,
      reason: "resolved",
      status: "removed",
    });
    expect(await prisma.moderationAction.count()).toBe(1);
  });

  it("suspend ends every session and refuses sign-in; unsuspend lifts it", async () => {
    const target = await createUser({ handle: "rep_bad" });
    const [mod, reporter] = [await createUser(), await createUser()];
    const request = await cookieRequest(target.id);
    await createSession(target.id);
    expect(await getUser(request)).toMatchObject({ id: target.id });
    await createReport({ reporterId: reporter.id, reason: "harassment", comment: "", target: { handle: "rep_bad" } });
    const [report] = (await listOpenReports()).items;
    expect(await resolveReport({ reportId: report!.id, moderatorId: mod.id, resolution: "suspend" })).toEqual({ ok: true });
    expect(await prisma.session.count({ where: { userId: target.id } })).toBe(0);
    expect(await getUser(await cookieRequest(target.id))).toBeNull();
    await expect(refuseSuspended(target.id)).rejects.toMatchObject({ status: 403, message: SUSPENDED_MESSAGE });
    expect(await unsuspendUser({ userId: target.id, moderatorId: mod.id })).toBe(true);
    expect(await unsuspendUser({ userId: target.id, moderatorId: mod.id })).toBe(false);
    expect(await refuseSuspended(target.id)).toBe(target.id);
    expect((await prisma.moderationAction.findMany({ orderBy: { createdAt: "asc" }, select: { kind: true } })).map((a) => a.kind)).toEqual([
      "suspend",
      "unsuspend",
    ]);
  });

  it("an unknown report is not-found", async () => {
    const mod = await createUser();
    expect(await resolveReport({ reportId: "00000000-0000-4000-8000-000000000000", moderatorId: mod.id, resolution: "dismiss" })).toEqual({
      ok: false,
      reason: "not-found",
    });
  });
});

describe("purgeOldReportSnapshots (docs/product.md §2: at most 30 days)", () => {
  it("deletes resolved reports and clears open reports' snapshots at exactly 30 days, not 1 ms before", async () => {
    const author = await createUser();
    const [mod, reporter] = [await createUser(), await createUser()];
    const now = new Date();
    const at = (ms: number) => new Date(now.getTime() - ms);
    for (const createdAt of [at(SNAPSHOT_RETENTION_MS), at(SNAPSHOT_RETENTION_MS - 1)]) {
      for (const status of ["open", "dismissed"] as const) {
        await prisma.report.create({
          data: {
            reporterId: reporter.id,
            targetUserId: author.id,
            reason: "spam",
            snapshotText: "old text",
            snapshotHandle: "h",
            createdAt,
            status,
            resolvedById: mod.id,
          },
        });
      }
    }
    expect(await purgeOldReportSnapshots(now)).toBe(2);
    const left = await prisma.report.findMany({
      select: { status: true, createdAt: true, snapshotText: true, snapshotHandle: true },
      orderBy: [{ createdAt: "asc" }, { status: "asc" }],
    });
    expect(left).toEqual([
      { status: "open", createdAt: at(SNAPSHOT_RETENTION_MS), snapshotText: null, snapshotHandle: null },
      { status: "open", createdAt: at(SNAPSHOT_RETENTION_MS - 1), snapshotText: "old text", snapshotHandle: "h" },
      { status: "dismissed", createdAt: at(SNAPSHOT_RETENTION_MS - 1), snapshotText: "old text", snapshotHandle: "h" },
    ]);
    expect(await purgeOldReportSnapshots(now)).toBe(0);
  });
});

describe("the moderators' queue", () => {
  it("pages the open reports oldest first and the suspended users newest first, each exactly once", async () => {
    const reporter = await createUser();
    const authors = await Promise.all(Array.from({ length: 5 }, () => createUser()));
    for (const author of authors) {
      const crud = await createCrud(author.id, { message: `crud by ${author.handle}` });
      expect(await createReport({ reporterId: reporter.id, reason: "spam", comment: "", target: { crudId: crud.id } })).toBe("created");
    }
    // Two reported at the same instant: the id breaks the tie.
    await prisma.$executeRaw`UPDATE reports SET created_at = (SELECT min(created_at) FROM reports) WHERE target_user_id IN (${authors[0]!.id}::uuid, ${authors[1]!.id}::uuid)`;
    const seen: (string | null)[] = [];
    let page = await listOpenReports(undefined, 2);
    expect(page.total).toBe(5);
    seen.push(...page.items.map((r) => r.targetHandle));
    while (page.next) {
      page = await listOpenReports(page.next, 2);
      seen.push(...page.items.map((r) => r.targetHandle));
    }
    expect(seen).toHaveLength(5);
    expect(seen.slice(2)).toEqual(authors.slice(2).map((a) => a.handle));

    const at = Date.now();
    for (const [n, author] of authors.entries()) {
      await prisma.user.update({ where: { id: author.id }, data: { suspendedAt: new Date(at - Math.max(0, n - 1) * 60_000) } });
    }
    const suspended: string[] = [];
    let people = await listSuspendedUsers(undefined, 2);
    suspended.push(...people.items.map((u) => u.handle));
    while (people.next) {
      people = await listSuspendedUsers(people.next, 2);
      suspended.push(...people.items.map((u) => u.handle));
    }
    expect(new Set(suspended)).toEqual(new Set(authors.map((a) => a.handle)));
    expect(suspended.slice(2)).toEqual(authors.slice(2).map((a) => a.handle));
  });
});
