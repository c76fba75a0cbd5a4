// Account deletion's data (ADR 022): one statement takes every row of the account and keeps other
// people's counts exact; reports stay without the account; the tombstone stops every way of
// recreating the row; the purge finishes what a request could not.
import { beforeEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma, queryRows } from "~/db.server";
import {
  accountDeletionOf,
  beginAccountDeletion,
  deleteAccountRows,
  finishAccountDeletions,
  PENDING_GRACE_MS,
  TOMBSTONE_RETENTION_MS,
} from "~/models/account-deletion.server";
import { follow } from "~/models/follow.server";
import { addInteraction } from "~/models/interactions.server";
import { sendMessage } from "~/models/message.server";
import { createCrud, createReply } from "~/models/posting.server";
import { createReport } from "~/models/report.server";
import { block, mute } from "~/models/safety.server";
import { insertUserRowWithPrisma, userIdForCognitoSub } from "~/models/user.server";
import { createUser } from "../../tests/support/factories";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds, reports, account_deletions CASCADE`;
});

/** Every row that still names the user, table by table (only non-zero counts). */
async function rowsNaming(userId: string) {
  const [row] = await queryRows<Record<string, number>>`
    SELECT
      (SELECT count(*) FROM users WHERE id = ${userId}::uuid)::int AS users,
      (SELECT count(*) FROM cruds WHERE user_id = ${userId}::uuid)::int AS cruds,
      (SELECT count(*) FROM likes WHERE user_id = ${userId}::uuid)::int AS likes,
      (SELECT count(*) FROM reposts WHERE user_id = ${userId}::uuid)::int AS reposts,
      (SELECT count(*) FROM notifications WHERE recipient_id = ${userId}::uuid OR actor_id = ${userId}::uuid)::int AS notifications,
      (SELECT count(*) FROM follows WHERE follower_id = ${userId}::uuid OR followee_id = ${userId}::uuid)::int AS follows,
      (SELECT count(*) FROM blocks WHERE blocker_id = ${userId}::uuid OR blocked_id = ${userId}::uuid)::int AS blocks,
      (SELECT count(*) FROM mutes WHERE muter_id = ${userId}::uuid OR muted_id = ${userId}::uuid)::int AS mutes,
      (SELECT count(*) FROM conversations WHERE user_a_id = ${userId}::uuid OR user_b_id = ${userId}::uuid)::int AS conversations,
      (SELECT count(*) FROM messages WHERE sender_id = ${userId}::uuid)::int AS messages,
      (SELECT count(*) FROM sessions WHERE user_id = ${userId}::uuid)::int AS sessions,
      (SELECT count(*) FROM reports WHERE reporter_id = ${userId}::uuid OR target_user_id = ${userId}::uuid)::int AS reports`;
  return Object.fromEntries(Object.entries(row!).filter(([, count]) => count > 0));
}

/** Cruds whose stored counts differ from the rows they count. */
const wrongCounts = () =>
  queryRows<{ id: string }>`
    SELECT c.id FROM cruds c
    WHERE c.likes_count <> (SELECT count(*) FROM likes l WHERE l.crud_id = c.id)
       OR c.reposts_count <> (SELECT count(*) FROM reposts r WHERE r.crud_id = c.id)
       OR c.replies_count <> (SELECT count(*) FROM cruds r WHERE r.reply_to_id = c.id)`;

describe("deleteAccountRows", () => {
  it("deletes every row of the account in one go, keeps other people's counts exact, keeps reports without it, frees the handle", async () => {
    const ana = await createUser({ handle: "ana_deleted" });
    const bob = await createUser();
    const cat = await createUser();
    const anas = await createCrud({ userId: ana.id, message: "ana's crud #bye", ttl: "1-day" });
    const bobsReplyToAna = (await createReply({ userId: bob.id, parentId: anas, message: "bob answers ana" }))!;
    await addInteraction("like", { userId: bob.id, crudId: anas });
    await addInteraction("repost", { userId: cat.id, crudId: anas });
    const bobs = await createCrud({ userId: bob.id, message: `bob's crud @${ana.handle}`, ttl: "1-day" });
    await addInteraction("like", { userId: ana.id, crudId: bobs });
    await addInteraction("repost", { userId: ana.id, crudId: bobs });
    await addInteraction("like", { userId: cat.id, crudId: bobs });
    const anasReply = (await createReply({ userId: ana.id, parentId: bobs, message: "ana answers bob" }))!;
    await createReply({ userId: ana.id, parentId: bobs, message: "and again" });
    await createReply({ userId: cat.id, parentId: bobs, message: "cat answers bob" });
    await addInteraction("like", { userId: cat.id, crudId: anasReply });
    await follow({ followerId: ana.id, handle: bob.handle });
    await follow({ followerId: bob.id, handle: ana.handle });
    await block({ blockerId: ana.id, handle: cat.handle });
    const dan = await createUser();
    await mute({ muterId: dan.id, handle: ana.handle });
    await sendMessage({ senderId: ana.id, recipientId: bob.id, body: "hi bob", now: new Date() });
    await sendMessage({ senderId: bob.id, recipientId: ana.id, body: "hi ana", now: new Date() });
    await createReport({ reporterId: bob.id, reason: "spam", comment: "", target: { crudId: anas } });
    await createReport({ reporterId: ana.id, reason: "harassment", comment: "mean", target: { handle: dan.handle } });
    await createSession(ana.id);
    expect(Object.keys(await rowsNaming(ana.id)).length).toBeGreaterThan(8);
    expect(await wrongCounts()).toEqual([]);

    await beginAccountDeletion({ userId: ana.id, cognitoUserId: `test-${ana.handle}` });
    expect(await rowsNaming(ana.id)).not.toHaveProperty("sessions");
    expect(await deleteAccountRows({ userId: ana.id, cognitoUserId: `test-${ana.handle}` })).toEqual({ deleted: true });

    expect(await rowsNaming(ana.id)).toEqual({});
    expect(await wrongCounts()).toEqual([]);
    expect(await prisma.crud.findUnique({ where: { id: bobsReplyToAna } })).toBeNull();
    expect(await prisma.crud.findUniqueOrThrow({ where: { id: bobs }, select: { likesCount: true, repostsCount: true, repliesCount: true } })).toEqual({
      likesCount: 1,
      repostsCount: 0,
      repliesCount: 1,
    });
    // The reports stay (ADR 019's 30 days), without the account; the snapshot keeps what was reported.
    const reports = await prisma.report.findMany({
      select: { reporterId: true, targetUserId: true, crudId: true, snapshotText: true, snapshotHandle: true },
      orderBy: { reason: "asc" },
    });
    expect(reports).toEqual([
      { reporterId: bob.id, targetUserId: null, crudId: null, snapshotText: "ana's crud #bye", snapshotHandle: "ana_deleted" },
      { reporterId: null, targetUserId: dan.id, crudId: null, snapshotText: "", snapshotHandle: dan.handle },
    ]);
    // The handle is free; the tombstone says both parts' state.
    await expect(createUser({ handle: "ana_deleted" })).resolves.toMatchObject({ handle: "ana_deleted" });
    expect(await accountDeletionOf(`test-${ana.handle}`)).toMatchObject({ userId: ana.id, rowsDeletedAt: expect.any(Date), cognitoDeletedAt: null });
    // Nothing left, nothing done.
    expect(await deleteAccountRows({ userId: ana.id, cognitoUserId: `test-${ana.handle}` })).toEqual({ deleted: false });
  });

  it("never lets the Post Confirmation SQL or the sign-in fallback recreate a deleted account's row", async () => {
    const ana = await createUser();
    const sub = `test-${ana.handle}`;
    await beginAccountDeletion({ userId: ana.id, cognitoUserId: sub });
    await deleteAccountRows({ userId: ana.id, cognitoUserId: sub, cognitoDeletedAt: new Date() });
    expect(await insertUserRowWithPrisma({ cognitoUserId: sub, email: "ana@example.com", handle: ana.handle, displayName: "Ana" })).toBe("exists");
    expect(await userIdForCognitoSub(sub)).toBeUndefined();
    // Anyone else still gets their row.
    expect(await insertUserRowWithPrisma({ cognitoUserId: "someone-new", email: "new@example.com", handle: ana.handle, displayName: "New" })).toBe("inserted");
  });

  it("deletes nothing when the tombstone's sub is not the row's (a mismatched request)", async () => {
    const ana = await createUser();
    expect(await deleteAccountRows({ userId: ana.id, cognitoUserId: "someone-else" })).toEqual({ deleted: false });
    expect(await prisma.user.count({ where: { id: ana.id } })).toBe(1);
  });
});

describe("finishAccountDeletions (with the purge)", () => {
  it("deletes the rows a request could not, after the grace period, and forgets tombstones 30 days after both parts", async () => {
    const now = new Date();
    const pending = await createUser();
    const recent = await createUser();
    const done = await createUser();
    const cognitoLeft = await createUser();
    await beginAccountDeletion({ userId: pending.id, cognitoUserId: "sub-pending", now: new Date(now.getTime() - PENDING_GRACE_MS) });
    await beginAccountDeletion({ userId: recent.id, cognitoUserId: "sub-recent", now: new Date(now.getTime() - PENDING_GRACE_MS + 1_000) });
    const longAgo = new Date(now.getTime() - TOMBSTONE_RETENTION_MS);
    await prisma.user.update({ where: { id: pending.id }, data: { cognitoUserId: "sub-pending" } });
    await prisma.user.update({ where: { id: recent.id }, data: { cognitoUserId: "sub-recent" } });
    for (const [user, sub, cognitoDeletedAt] of [
      [done, "sub-done", longAgo],
      [cognitoLeft, "sub-cognito-left", null],
    ] as const) {
      await prisma.user.update({ where: { id: user.id }, data: { cognitoUserId: sub } });
      await beginAccountDeletion({ userId: user.id, cognitoUserId: sub, now: longAgo });
      await deleteAccountRows({ userId: user.id, cognitoUserId: sub, cognitoDeletedAt, now: longAgo });
    }

    expect(await finishAccountDeletions(now)).toEqual({ finished: 1, forgotten: 1 });
    expect(await prisma.user.count({ where: { id: pending.id } })).toBe(0);
    expect(await prisma.user.count({ where: { id: recent.id } })).toBe(1);
    expect((await prisma.accountDeletion.findMany({ select: { cognitoUserId: true }, orderBy: { cognitoUserId: "asc" } })).map((d) => d.cognitoUserId)).toEqual(
      ["sub-cognito-left", "sub-pending", "sub-recent"],
    );
  });
});
