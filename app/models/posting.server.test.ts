import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getProfilePage, getThread, getTimelinePage } from "~/models/crud.server";
import { addInteraction, removeInteraction } from "~/models/interactions.server";
import { getNotificationGroups, markNotificationsRead } from "~/models/notification.server";
import { countUnreadNotifications } from "../../tests/support/unread";
import { purgeExpiredCruds } from "~/jobs/purge.server";
import { createCrud, createReply, deleteCrud } from "~/models/posting.server";
import { CrudSchema, ReplySchema } from "~/domain/crud-validation";
import { LIFETIME_PRESETS } from "~/domain/lifetime";
import { createUser } from "../../tests/support/factories";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});

const counts = (id: string) => prisma.crud.findUniqueOrThrow({ where: { id }, select: { likesCount: true, repostsCount: true, repliesCount: true } });

describe("the crud form's rules", () => {
  it("accepts 280 characters (an emoji counts as one) and rejects 281, empty and unknown lifetimes", () => {
    expect(CrudSchema.safeParse({ message: "x".repeat(280), ttl: "1-hour" }).success).toBe(true);
    expect(CrudSchema.safeParse({ message: "😀".repeat(280) }).success).toBe(true);
    expect(CrudSchema.safeParse({ message: "x".repeat(281) }).error?.issues[0]?.message).toBe("Use at most 280 characters");
    expect(CrudSchema.safeParse({ message: "   \n " }).error?.issues[0]?.message).toBe("Write something first");
    expect(CrudSchema.safeParse({ message: "hi", ttl: "forever" }).error?.issues[0]?.message).toBe("Choose one of the lifetimes in the list");
    expect(CrudSchema.parse({ message: "hi" }).ttl).toBe("7-days");
    expect(ReplySchema.safeParse({ message: "x".repeat(1024) }).success).toBe(true);
    expect(ReplySchema.safeParse({ message: "x".repeat(1025) }).success).toBe(false);
  });

  it.each(LIFETIME_PRESETS.map((preset) => [preset.value, preset.milliseconds] as const))("maps %s to its lifetime", async (ttl, ms) => {
    const user = await createUser();
    const now = new Date("2026-11-25T12:00:00.000Z");
    const id = await createCrud({ userId: user.id, message: "ttl", ttl, now });
    const crud = await prisma.crud.findUniqueOrThrow({ where: { id }, select: { expiresAt: true } });
    expect(crud.expiresAt.getTime() - now.getTime()).toBe(ms);
  });
});

describe("replies", () => {
  it("expire with their parent, stay out of the timeline, and count in the parent", async () => {
    const [alice, bob] = [await createUser(), await createUser()];
    const now = new Date();
    const parentId = await createCrud({ userId: alice.id, message: "parent", ttl: "1-hour", now });
    const replyId = await createReply({ userId: bob.id, parentId, message: "a reply", now });
    expect(replyId).not.toBeNull();
    const [parent, reply] = await Promise.all([parentId, replyId!].map((id) => prisma.crud.findUniqueOrThrow({ where: { id }, select: { expiresAt: true } })));
    expect(reply!.expiresAt).toEqual(parent!.expiresAt);
    expect((await counts(parentId)).repliesCount).toBe(1);
    expect((await getTimelinePage({ now })).items.map((c) => c.message)).toEqual(["parent"]);
    expect((await getThread({ crudId: parentId, now }))?.replies.map((r) => r.message)).toEqual(["a reply"]);

    const afterExpiry = new Date(parent!.expiresAt.getTime());
    expect(await getThread({ crudId: parentId, now: afterExpiry })).toBeNull();
    expect(await createReply({ userId: bob.id, parentId, message: "too late", now: afterExpiry })).toBeNull();
  });
});

describe("likes and reposts", () => {
  it("count exactly under 20 concurrent likes, one per user, toggled back to zero", async () => {
    const author = await createUser();
    const crudId = await createCrud({ userId: author.id, message: "popular", ttl: "1-day" });
    const fans = await Promise.all(Array.from({ length: 20 }, () => createUser()));
    await Promise.all(fans.flatMap((fan) => [addInteraction("like", { userId: fan.id, crudId }), addInteraction("like", { userId: fan.id, crudId })]));
    expect((await counts(crudId)).likesCount).toBe(20);
    expect(await prisma.like.count({ where: { crudId } })).toBe(20);
    await Promise.all(fans.flatMap((fan) => [removeInteraction("like", { userId: fan.id, crudId }), removeInteraction("like", { userId: fan.id, crudId })]));
    expect((await counts(crudId)).likesCount).toBe(0);
  });

  it("shows a repost on the timeline and the reposter's profile, and it dies with the original", async () => {
    const [alice, bob] = [await createUser({ displayName: "Alice" }), await createUser({ displayName: "Bob" })];
    const now = new Date();
    const crudId = await createCrud({ userId: alice.id, message: "worth sharing", ttl: "1-hour", now: new Date(now.getTime() - 1000) });
    expect(await addInteraction("repost", { userId: bob.id, crudId, now })).toEqual({ author: alice.handle });
    const timeline = (await getTimelinePage({ now, viewerId: bob.id })).items;
    // Once a page: the repost, its newest entry, stands for the original too.
    expect(timeline.map((e) => [e.message, e.repostedBy?.displayName ?? null, e.reposted])).toEqual([["worth sharing", "Bob", true]]);
    const profile = await getProfilePage({ handle: bob.handle, now });
    expect(profile?.page.items.map((e) => e.repostedBy?.handle)).toEqual([bob.handle]);

    const expiry = (await prisma.crud.findUniqueOrThrow({ where: { id: crudId }, select: { expiresAt: true } })).expiresAt;
    expect((await getTimelinePage({ now: expiry })).items).toEqual([]);
    await purgeExpiredCruds({ now: expiry });
    expect(await prisma.repost.count()).toBe(0);
  });

  it("refuses to repost a reply or anything expired", async () => {
    const user = await createUser();
    const parentId = await createCrud({ userId: user.id, message: "p", ttl: "1-hour" });
    const replyId = (await createReply({ userId: user.id, parentId, message: "r" }))!;
    expect(await addInteraction("repost", { userId: user.id, crudId: replyId })).toBe(false);
    expect(await addInteraction("like", { userId: user.id, crudId: parentId, now: new Date(Date.now() + 2 * 3_600_000) })).toBe(false);
  });
});

describe("delete", () => {
  it("lets only the author delete; anyone else gets forbidden and nothing changes", async () => {
    const [author, other] = [await createUser(), await createUser()];
    const crudId = await createCrud({ userId: author.id, message: "mine", ttl: "1-day" });
    expect(await deleteCrud({ userId: other.id, crudId })).toBe("forbidden");
    expect(await prisma.crud.count({ where: { id: crudId } })).toBe(1);
    expect(await deleteCrud({ userId: author.id, crudId })).toBe("deleted");
    expect(await deleteCrud({ userId: author.id, crudId })).toBe("not-found");
  });

  it("takes a deleted reply out of its parent's count", async () => {
    const [author, other] = [await createUser(), await createUser()];
    const parentId = await createCrud({ userId: author.id, message: "p", ttl: "1-day" });
    const replyId = (await createReply({ userId: other.id, parentId, message: "r" }))!;
    expect(await deleteCrud({ userId: other.id, crudId: replyId })).toBe("deleted");
    expect((await counts(parentId)).repliesCount).toBe(0);
  });
});

describe("notifications", () => {
  it("groups likes, notifies replies and mentions, never your own actions, and die with the crud", async () => {
    const alice = await createUser({ handle: "alice_n", displayName: "Alice" });
    const [bob, carol] = [await createUser({ displayName: "Bob" }), await createUser({ displayName: "Carol" })];
    const now = new Date();
    const crudId = await createCrud({ userId: alice.id, message: "hello", ttl: "1-hour", now });
    await addInteraction("like", { userId: alice.id, crudId, now });
    await addInteraction("like", { userId: bob.id, crudId, now: new Date(now.getTime() + 1) });
    await addInteraction("like", { userId: carol.id, crudId, now: new Date(now.getTime() + 2) });
    await createReply({ userId: bob.id, parentId: crudId, message: "hi back", now: new Date(now.getTime() + 3) });
    await createCrud({ userId: carol.id, message: "ping @ALICE_N", ttl: "1-hour", now: new Date(now.getTime() + 4) });

    const later = new Date(now.getTime() + 10);
    // Four notifications, three entries (the two likes are one): the badge counts entries (ADR 036).
    expect(await countUnreadNotifications(alice.id, later)).toBe(3);
    const groups = (await getNotificationGroups(alice.id, later)).groups;
    expect(groups.map((g) => [g.kind, g.actors.map((a) => a.displayName), g.actorCount, g.unread])).toEqual([
      ["mention", ["Carol"], 1, true],
      ["reply", ["Bob"], 1, true],
      ["like", ["Carol", "Bob"], 2, true],
    ]);
    await markNotificationsRead(alice.id, later);
    expect(await countUnreadNotifications(alice.id, later)).toBe(0);
    await removeInteraction("like", { userId: bob.id, crudId, now: later });
    expect((await getNotificationGroups(alice.id, later)).groups.find((g) => g.kind === "like")?.actorCount).toBe(1);

    const expired = new Date(now.getTime() + 3_600_000);
    expect((await getNotificationGroups(alice.id, expired)).groups.map((g) => g.kind)).toEqual(["mention"]);
  });
});
