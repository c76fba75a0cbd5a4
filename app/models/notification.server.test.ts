import { beforeEach, describe, expect, it } from "vitest";
import { prisma, queryRows } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { addInteraction } from "~/models/interactions.server";
import {
  followNotificationInsert,
  getNotificationGroups,
  markNotificationsRead,
  notifyFollowed,
  withdrawFollowNotification,
} from "~/models/notification.server";
import { createCrud } from "~/models/posting.server";
import { createUser } from "../../tests/support/factories";
import { countUnreadNotifications } from "../../tests/support/unread";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});

const followRows = (recipientId: string) =>
  prisma.notification.findMany({ where: { recipientId, kind: "follow" }, select: { actorId: true, crudId: true, readAt: true } });

describe("follow notifications", () => {
  it("show in the list and the badge beside live-crud ones, are marked read with them, and an expired crud's never show", async () => {
    const alice = await createUser({ displayName: "Alice" });
    const bob = await createUser({ displayName: "Bob" });
    const now = new Date();
    const crudId = await createCrud({ userId: alice.id, message: "short-lived", ttl: "1-hour", now });
    await addInteraction("like", { userId: bob.id, crudId, now });
    expect(await notifyFollowed({ followerId: bob.id, followeeId: alice.id, now: new Date(now.getTime() + 1) })).toBe(true);

    const later = new Date(now.getTime() + 10);
    expect(await countUnreadNotifications(alice.id, later)).toBe(2);
    const groups = await getNotificationGroups(alice.id, later);
    expect(groups.map((g) => [g.kind, g.actors.map((a) => a.handle), g.unread, g.crudId])).toEqual([
      ["follow", [bob.handle], true, null],
      ["like", [bob.handle], true, crudId],
    ]);
    expect(groups[0]).toMatchObject({ crudHandle: null, crudMessage: null, replyId: null, replyMessage: null, actorCount: 1 });
    // Nothing for Bob, who did the following.
    expect(await countUnreadNotifications(bob.id, later)).toBe(0);
    expect(await getNotificationGroups(bob.id, later)).toEqual([]);

    // From the second the crud expires, its like is neither shown nor counted; the follow still is.
    const expiry = new Date(now.getTime() + 3_600_000);
    expect(await countUnreadNotifications(alice.id, expiry)).toBe(1);
    expect((await getNotificationGroups(alice.id, expiry)).map((g) => g.kind)).toEqual(["follow"]);

    await markNotificationsRead(alice.id, later);
    expect(await countUnreadNotifications(alice.id, later)).toBe(0);
    expect((await getNotificationGroups(alice.id, later)).map((g) => [g.kind, g.unread])).toEqual([
      ["follow", false],
      ["like", false],
    ]);
  });

  it("are one per pair while unread, however often someone follows, never for yourself, and notify again once read", async () => {
    const alice = await createUser();
    const [bob, carol] = [await createUser(), await createUser()];
    const now = new Date();
    const results = [];
    for (let n = 0; n < 5; n++) results.push(await notifyFollowed({ followerId: bob.id, followeeId: alice.id, now: new Date(now.getTime() + n) }));
    expect(results).toEqual([true, false, false, false, false]);
    // Concurrent follows (two tabs) meet the unique index, not a check-then-insert race.
    await Promise.all(Array.from({ length: 4 }, () => notifyFollowed({ followerId: carol.id, followeeId: alice.id, now })));
    expect(await notifyFollowed({ followerId: alice.id, followeeId: alice.id, now })).toBe(false);
    expect(await countUnreadNotifications(alice.id, new Date(now.getTime() + 10))).toBe(2);

    await markNotificationsRead(alice.id, new Date(now.getTime() + 10));
    expect(await notifyFollowed({ followerId: bob.id, followeeId: alice.id, now: new Date(now.getTime() + 20) })).toBe(true);
    expect(await countUnreadNotifications(alice.id, new Date(now.getTime() + 30))).toBe(1);
    expect((await getNotificationGroups(alice.id, new Date(now.getTime() + 30))).map((g) => [g.kind, g.unread])).toEqual([
      ["follow", true],
      ["follow", false],
      ["follow", false],
    ]);
  });

  it("are withdrawn on unfollow while unread, and kept once read", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const now = new Date();
    await notifyFollowed({ followerId: bob.id, followeeId: alice.id, now });
    expect(await withdrawFollowNotification({ followerId: alice.id, followeeId: bob.id })).toBe(false); // the other direction
    expect(await withdrawFollowNotification({ followerId: bob.id, followeeId: alice.id })).toBe(true);
    expect(await followRows(alice.id)).toEqual([]);

    await notifyFollowed({ followerId: bob.id, followeeId: alice.id, now });
    await markNotificationsRead(alice.id, new Date(now.getTime() + 1));
    expect(await withdrawFollowNotification({ followerId: bob.id, followeeId: alice.id })).toBe(false);
    expect(await followRows(alice.id)).toHaveLength(1);
  });

  it("compose into the follow action's statement, conditioned on its own write", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const now = new Date();
    const run = (added: boolean) =>
      queryRows<{ notified: boolean }>`
        WITH added AS (SELECT 1 WHERE ${added}), note AS (${followNotificationInsert({ followerId: bob.id, followeeId: alice.id, now, when: Prisma.sql`EXISTS (SELECT 1 FROM added)` })})
        SELECT EXISTS (SELECT 1 FROM note) AS notified`;
    expect(await run(false)).toEqual([{ notified: false }]);
    expect(await run(true)).toEqual([{ notified: true }]);
    expect(await followRows(alice.id)).toEqual([{ actorId: bob.id, crudId: null, readAt: null }]);
  });

  it("have no crud, and every other kind has one, whoever writes them", async () => {
    const alice = await createUser();
    const bob = await createUser();
    const crudId = await createCrud({ userId: alice.id, message: "mine", ttl: "1-hour" });
    await expect(
      queryRows`INSERT INTO notifications (recipient_id, actor_id, kind, crud_id) VALUES (${alice.id}::uuid, ${bob.id}::uuid, 'follow', ${crudId}::uuid)`,
    ).rejects.toMatchObject({ code: "23514" });
    await expect(queryRows`INSERT INTO notifications (recipient_id, actor_id, kind) VALUES (${alice.id}::uuid, ${bob.id}::uuid, 'like')`).rejects.toMatchObject(
      {
        code: "23514",
      },
    );
    await notifyFollowed({ followerId: bob.id, followeeId: alice.id });
    await expect(queryRows`UPDATE notifications SET crud_id = ${crudId}::uuid WHERE kind = 'follow'`).rejects.toMatchObject({ code: "23514" });
  });
});
