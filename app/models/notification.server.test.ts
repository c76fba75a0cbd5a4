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
import { createCrud as insertCrud, createUser } from "../../tests/support/factories";
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
    const groups = (await getNotificationGroups(alice.id, later)).groups;
    expect(groups.map((g) => [g.kind, g.actors.map((a) => a.handle), g.unread, g.crudId])).toEqual([
      ["follow", [bob.handle], true, null],
      ["like", [bob.handle], true, crudId],
    ]);
    expect(groups[0]).toMatchObject({ crudHandle: null, crudMessage: null, replyId: null, replyMessage: null, actorCount: 1 });
    // Nothing for Bob, who did the following.
    expect(await countUnreadNotifications(bob.id, later)).toBe(0);
    expect((await getNotificationGroups(bob.id, later)).groups).toEqual([]);

    // From the second the crud expires, its like is neither shown nor counted; the follow still is.
    const expiry = new Date(now.getTime() + 3_600_000);
    expect(await countUnreadNotifications(alice.id, expiry)).toBe(1);
    expect((await getNotificationGroups(alice.id, expiry)).groups.map((g) => g.kind)).toEqual(["follow"]);

    await markNotificationsRead(alice.id, later);
    expect(await countUnreadNotifications(alice.id, later)).toBe(0);
    expect((await getNotificationGroups(alice.id, later)).groups.map((g) => [g.kind, g.unread])).toEqual([
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
    // Two people's follows of one day: one entry, the badge counts one (ADR 036).
    expect(await prisma.notification.count({ where: { recipientId: alice.id, readAt: null } })).toBe(2);
    expect(await countUnreadNotifications(alice.id, new Date(now.getTime() + 10))).toBe(1);

    await markNotificationsRead(alice.id, new Date(now.getTime() + 10));
    expect(await notifyFollowed({ followerId: bob.id, followeeId: alice.id, now: new Date(now.getTime() + 20) })).toBe(true);
    expect(await countUnreadNotifications(alice.id, new Date(now.getTime() + 30))).toBe(1);
    // The day's follows are one entry, new while any of it is, naming each person once (ADR 036).
    expect((await getNotificationGroups(alice.id, new Date(now.getTime() + 30))).groups.map((g) => [g.kind, g.unread, g.actorCount])).toEqual([
      ["follow", true, 2],
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

/** A notification row as the app's statements write them, at a chosen time. */
async function note(recipientId: string, actorId: string, kind: "like" | "repost" | "reply" | "mention" | "follow", crudId: string | null, at: Date) {
  await queryRows`INSERT INTO notifications (recipient_id, actor_id, kind, crud_id, created_at)
    VALUES (${recipientId}::uuid, ${actorId}::uuid, ${kind}::notification_kind, ${crudId}::uuid, ${at})`;
}

describe("notification groups (ADR 036)", () => {
  it("make one entry of a crud's likes, another of its reposts, and one of a day's follows; replies and mentions stay single", async () => {
    const alice = await createUser({ displayName: "Alice" });
    const fans = await Promise.all(["Ana", "Bo", "Cy", "Di", "Ed"].map((displayName) => createUser({ displayName })));
    const t0 = new Date("2026-12-06T10:00:00Z");
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    const crud = await insertCrud(alice.id, { createdAt: t0, expiresAt: at(3_600) });
    const other = await insertCrud(alice.id, { createdAt: t0, expiresAt: at(3_600) });
    for (const [n, fan] of fans.entries()) await note(alice.id, fan.id, "like", crud.id, at(10 + n));
    await note(alice.id, fans[0]!.id, "repost", crud.id, at(20));
    await note(alice.id, fans[1]!.id, "like", other.id, at(21));
    await note(alice.id, fans[2]!.id, "mention", other.id, at(22));
    await note(alice.id, fans[3]!.id, "mention", other.id, at(23));
    // Follows: two today (one person twice), one the day before.
    await note(alice.id, fans[0]!.id, "follow", null, at(-86_400));
    await note(alice.id, fans[1]!.id, "follow", null, at(30));
    await markNotificationsRead(alice.id, at(31));
    await note(alice.id, fans[2]!.id, "follow", null, at(32));
    await note(alice.id, fans[1]!.id, "follow", null, at(33));
    // Alice follows Cy already: no "Follow back" for them.
    await queryRows`INSERT INTO follows (follower_id, followee_id) VALUES (${alice.id}::uuid, ${fans[2]!.id}::uuid)`;

    const { groups, next } = await getNotificationGroups(alice.id, at(40));
    expect(next).toBeUndefined();
    // The badge counts the entries with something new: today's follows.
    expect(await countUnreadNotifications(alice.id, at(40))).toBe(1);
    expect(groups.map((g) => [g.kind, g.actorCount, g.actors.map((a) => a.displayName), g.unread])).toEqual([
      ["follow", 2, ["Bo", "Cy"], true],
      ["mention", 1, ["Di"], false],
      ["mention", 1, ["Cy"], false],
      ["like", 1, ["Bo"], false],
      ["repost", 1, ["Ana"], false],
      ["like", 5, ["Ed", "Di", "Cy"], false],
      ["follow", 1, ["Ana"], false],
    ]);
    expect(groups[0]!.actors.map((a) => [a.handle, a.followedByViewer, a.avatar])).toEqual([
      [fans[1]!.handle, false, null],
      [fans[2]!.handle, true, null],
    ]);
    expect(groups[0]!.latestAt).toEqual(at(33));
    expect(groups[5]).toMatchObject({ crudId: crud.id, crudHandle: alice.handle, crudMessage: crud.message, latestAt: at(14) });

    // The Mentions tab: the mentions only, each on its own.
    const mentions = await getNotificationGroups(alice.id, at(40), { filter: "mentions" });
    expect(mentions.groups.map((g) => [g.kind, g.actors[0]?.displayName])).toEqual([
      ["mention", "Di"],
      ["mention", "Cy"],
    ]);
  });

  it("leave out whoever the recipient mutes or blocks, or who blocks them, from the entry and its count", async () => {
    const alice = await createUser();
    const [ana, bo, cy, di] = await Promise.all(["Ana", "Bo", "Cy", "Di"].map((displayName) => createUser({ displayName })));
    const now = new Date();
    const crud = await insertCrud(alice.id);
    for (const [n, fan] of [ana!, bo!, cy!, di!].entries()) await note(alice.id, fan.id, "like", crud.id, new Date(now.getTime() + n));
    await prisma.mute.create({ data: { muterId: alice.id, mutedId: bo!.id } });
    await prisma.block.create({ data: { blockerId: alice.id, blockedId: cy!.id } });
    await prisma.block.create({ data: { blockerId: di!.id, blockedId: alice.id } });
    const { groups } = await getNotificationGroups(alice.id, new Date(now.getTime() + 10));
    expect(groups.map((g) => [g.kind, g.actorCount, g.actors.map((a) => a.displayName)])).toEqual([["like", 1, ["Ana"]]]);
    expect(await countUnreadNotifications(alice.id, new Date(now.getTime() + 10))).toBe(1);
  });

  it("page by the newest member of each entry: every entry once, whole, even when a new like moves one up", async () => {
    const alice = await createUser();
    const [ana, bo] = [await createUser({ displayName: "Ana" }), await createUser({ displayName: "Bo" })];
    const t0 = new Date("2026-12-06T10:00:00Z");
    const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
    // 60 cruds, each liked by Ana (at n) and Bo (at n + 100): 60 entries of two, one page of 50 and one of 10.
    const cruds = [];
    for (let n = 0; n < 60; n++) cruds.push(await insertCrud(alice.id, { createdAt: t0, expiresAt: at(3_600) }));
    for (const [n, crud] of cruds.entries()) {
      await note(alice.id, ana.id, "like", crud.id, at(n));
      await note(alice.id, bo.id, "like", crud.id, at(100 + n));
    }
    const first = await getNotificationGroups(alice.id, at(200));
    expect(first.groups).toHaveLength(50);
    expect(first.next).toEqual({ at: at(110), key: first.groups.at(-1)!.key });
    // A new like of an entry on the second page moves it up, to the first page: it is not shown twice.
    const moved = cruds[5]!;
    await note(alice.id, (await createUser()).id, "like", moved.id, at(150));
    const second = await getNotificationGroups(alice.id, at(200), { cursor: first.next });
    expect(second.next).toBeUndefined();
    expect(second.groups.map((g) => g.crudId)).toEqual(
      cruds
        .slice(0, 10)
        .reverse()
        .filter((crud) => crud !== moved)
        .map((crud) => crud.id),
    );
    expect(second.groups.every((g) => g.actorCount === 2)).toBe(true);
    const shown = new Set([...first.groups, ...second.groups].map((g) => g.crudId));
    expect(shown.size).toBe(59);
    // Ties on the same instant are broken by the newest member's id, never lost.
    const tied = await createUser();
    for (const crud of cruds.slice(0, 55)) await note(tied.id, ana.id, "like", crud.id, at(0));
    const tiedFirst = await getNotificationGroups(tied.id, at(200));
    const tiedSecond = await getNotificationGroups(tied.id, at(200), { cursor: tiedFirst.next });
    expect(new Set([...tiedFirst.groups, ...tiedSecond.groups].map((g) => g.key)).size).toBe(55);
  });
});
