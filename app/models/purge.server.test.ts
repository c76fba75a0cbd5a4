import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { deleteOldFollowNotifications, FOLLOW_NOTIFICATION_RETENTION_MS, markNotificationsRead, notifyFollowed } from "~/models/notification.server";
import { purgeExpiredCruds } from "~/models/purge.server";
import { createCrud, createUser } from "../../tests/support/factories";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});

describe("purgeExpiredCruds", () => {
  it("deletes expired cruds and their replies in batches and keeps live ones", async () => {
    const user = await createUser();
    const now = new Date();
    const live = await createCrud(user.id, { expiresAt: new Date(now.getTime() + 1) });
    const expired = [];
    for (let n = 0; n < 7; n++) expired.push(await createCrud(user.id, { expiresAt: new Date(now.getTime() - n * 1000) }));
    await createCrud(user.id, { replyToId: expired[1]!.id, expiresAt: expired[1]!.expiresAt });

    // 7 expired cruds; the reply goes either in a batch or with its parent (ON DELETE CASCADE).
    expect(await purgeExpiredCruds({ now, batchSize: 3 })).toBeGreaterThanOrEqual(7);
    const left = await prisma.crud.findMany({ select: { id: true } });
    expect(left.map((c) => c.id)).toEqual([live.id]);
  });

  it("does nothing while another server holds the purge lock", async () => {
    const user = await createUser();
    await createCrud(user.id, { expiresAt: new Date(Date.now() - 1000) });
    await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${0x0c7dd0})::text`;
      // A second connection, like a second server, finds the lock taken.
      expect(await purgeExpiredCruds()).toBeNull();
    });
    expect(await purgeExpiredCruds()).toBe(1);
  });
});

describe("follow notifications (no crud) in the purge", () => {
  it("survive the crud purge, go with either user, and once read go after the retention", async () => {
    const [alice, bob, carol, dave] = [await createUser(), await createUser(), await createUser(), await createUser()];
    const now = new Date();
    const old = new Date(now.getTime() - FOLLOW_NOTIFICATION_RETENTION_MS - 1);
    await createCrud(alice.id, { expiresAt: new Date(now.getTime() - 1000) });
    await notifyFollowed({ followerId: bob.id, followeeId: alice.id, now: old }); // old, will be read
    await notifyFollowed({ followerId: carol.id, followeeId: alice.id, now }); // recent, will be read
    await markNotificationsRead(alice.id, now);
    await notifyFollowed({ followerId: dave.id, followeeId: alice.id, now: old }); // old, never read
    await notifyFollowed({ followerId: alice.id, followeeId: dave.id, now });

    expect(await purgeExpiredCruds({ now })).toBe(1);
    expect(await prisma.notification.count()).toBe(4);
    expect(await deleteOldFollowNotifications(now)).toBe(1);
    const left = await prisma.notification.findMany({ where: { recipientId: alice.id }, select: { actorId: true } });
    expect(left.map((n) => n.actorId).sort()).toEqual([carol.id, dave.id].sort());

    await prisma.user.delete({ where: { id: dave.id }, select: { id: true } });
    expect((await prisma.notification.findMany({ select: { actorId: true } })).map((n) => n.actorId)).toEqual([carol.id]);
  });
});
