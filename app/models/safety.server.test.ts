import { beforeEach, describe, expect, it } from "vitest";
import { prisma, queryRows } from "~/db.server";
import { getFollowingPage, getProfilePage, getThread, getTimelinePage } from "~/models/crud.server";
import { follow } from "~/models/follow.server";
import { addInteraction } from "~/models/interactions.server";
import { findRecipient } from "~/models/message.server";
import { getNotificationGroups, notifyFollowed, unreadNotificationsCount } from "~/models/notification.server";
import { createCrud as postCrud, replyTo } from "~/models/posting.server";
import { block, getSafetyList, mute, unblock, unmute } from "~/models/safety.server";
import { parseSearchQuery, search } from "~/models/search.server";
import { clearSuggestionsCache } from "~/models/suggestions.server";
import { Prisma } from "~/generated/prisma/client";
import { createCrud, createUser } from "../../tests/support/factories";

const MINUTE = 60_000;

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
  clearSuggestionsCache();
});

const messages = (page: { items: { message: string; repostedBy?: { handle: string } }[] }) =>
  page.items.map((e) => (e.repostedBy ? `${e.message} (repost by ${e.repostedBy.handle})` : e.message));

async function unread(userId: string) {
  const [row] = await queryRows<{ n: number }>`SELECT ${unreadNotificationsCount(Prisma.sql`${userId}::uuid`, new Date())} AS n`;
  return row!.n;
}

async function people() {
  const ana = await createUser({ handle: "ana" });
  const bob = await createUser({ handle: "bob" });
  const cyd = await createUser({ handle: "cyd" });
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * MINUTE);
  const anas = await createCrud(ana.id, { message: "ana's", createdAt: at(5) });
  const bobs = await createCrud(bob.id, { message: "bob's", createdAt: at(4) });
  const cyds = await createCrud(cyd.id, { message: "cyd's", createdAt: at(3) });
  return { ana, bob, cyd, anas, bobs, cyds };
}

describe("block", () => {
  it("is one row per pair, ends the follows both ways, and unblock undoes it; never oneself", async () => {
    const { ana, bob } = await people();
    await follow({ followerId: ana.id, handle: "bob" });
    await follow({ followerId: bob.id, handle: "ana" });
    expect(await block({ blockerId: ana.id, handle: "BOB" })).toEqual({ targetId: bob.id });
    expect(await block({ blockerId: ana.id, handle: "bob" })).toEqual({ targetId: bob.id });
    expect(await prisma.block.count()).toBe(1);
    expect(await prisma.follow.count()).toBe(0);
    expect(await block({ blockerId: ana.id, handle: "nobody" })).toBeNull();
    expect(await block({ blockerId: ana.id, handle: "ana" })).toEqual({ targetId: ana.id });
    expect(await prisma.block.count()).toBe(1);
    await expect(prisma.block.create({ data: { blockerId: ana.id, blockedId: ana.id } })).rejects.toThrow();
    expect((await getSafetyList(ana.id, "blocks")).items).toEqual([expect.objectContaining({ handle: "bob" })]);
    await unblock({ blockerId: ana.id, handle: "bob" });
    expect(await prisma.block.count()).toBe(0);
  });

  it("hides each one's cruds, replies and reposts from the other, everywhere, and nobody else's view changes", async () => {
    const { ana, bob, cyd, anas, bobs, cyds } = await people();
    await replyTo({ userId: bob.id, parentId: cyds.id, message: "bob replies to cyd" });
    await addInteraction("repost", { userId: bob.id, crudId: cyds.id });
    await addInteraction("repost", { userId: cyd.id, crudId: bobs.id });
    await follow({ followerId: ana.id, handle: "bob" });
    await follow({ followerId: ana.id, handle: "cyd" });
    await block({ blockerId: ana.id, handle: "bob" });
    const now = new Date();

    expect(messages(await getTimelinePage({ viewerId: ana.id, now }))).toEqual(["cyd's", "ana's"]);
    // bob sees everything but ana's: both cruds, each once, as its newest entry (the reposts).
    expect(messages(await getTimelinePage({ viewerId: bob.id, now })).sort()).toEqual(["bob's (repost by cyd)", "cyd's (repost by bob)"]);
    expect(messages(await getFollowingPage({ viewerId: ana.id, now }))).toEqual(["cyd's", "ana's"]);
    expect((await getThread({ crudId: cyds.id, now, viewerId: ana.id }))!.replies).toEqual([]);
    expect(await getThread({ crudId: bobs.id, now, viewerId: ana.id })).toBeNull();
    expect(await getThread({ crudId: anas.id, now, viewerId: bob.id })).toBeNull();
    expect((await getThread({ crudId: cyds.id, now, viewerId: cyd.id }))!.replies).toHaveLength(1);
    const bobsProfile = await getProfilePage({ handle: "bob", now, viewerId: ana.id });
    expect(bobsProfile!.profile.blockedByViewer).toBe(true);
    expect(bobsProfile!.page.items).toEqual([]);
    const anasProfile = await getProfilePage({ handle: "ana", now, viewerId: bob.id });
    expect(anasProfile!.profile.blockedByViewer).toBe(false);
    expect(anasProfile!.page.items).toEqual([]);
    const found = await search(parseSearchQuery("s"), { now, viewerId: ana.id });
    expect(found.cruds.map((c) => c.message)).not.toContain("bob's");
    expect((await search(parseSearchQuery("ana's"), { now, viewerId: bob.id })).cruds).toEqual([]);
    expect((await search(parseSearchQuery("ana's"), { now, viewerId: cyd.id })).cruds).toHaveLength(1);

    await unblock({ blockerId: ana.id, handle: "bob" });
    // Three cruds again, each once a page (the two reposted ones as their reposts).
    expect(messages(await getTimelinePage({ viewerId: ana.id, now })).sort()).toEqual(["ana's", "bob's (repost by cyd)", "cyd's (repost by bob)"]);
  });

  it("refuses the blocked user's (and the blocker's) follow, reply, like, repost and message, storing nothing; no mention notifies", async () => {
    const { ana, bob, anas } = await people();
    await block({ blockerId: ana.id, handle: "bob" });
    expect(await follow({ followerId: bob.id, handle: "ana" })).toEqual({ followeeId: ana.id, added: false, blocked: true });
    expect(await follow({ followerId: ana.id, handle: "bob" })).toEqual({ followeeId: bob.id, added: false, blocked: true });
    expect(await replyTo({ userId: bob.id, parentId: anas.id, message: "hi" })).toBe("blocked");
    expect(await addInteraction("like", { userId: bob.id, crudId: anas.id })).toBe("blocked");
    expect(await addInteraction("repost", { userId: bob.id, crudId: anas.id })).toBe("blocked");
    expect(await findRecipient(bob.id, "ana")).toMatchObject({ ok: true, blocked: true });
    await postCrud({ userId: bob.id, message: "hey @ana", ttl: "1-day" });
    expect(await prisma.follow.count()).toBe(0);
    expect(await prisma.like.count()).toBe(0);
    expect(await prisma.repost.count()).toBe(0);
    expect(await prisma.crud.count({ where: { replyToId: anas.id } })).toBe(0);
    expect(await prisma.notification.count()).toBe(0);
    expect((await prisma.crud.findUniqueOrThrow({ where: { id: anas.id } })).likesCount).toBe(0);
  });

  it("hides notifications from before the block too", async () => {
    const { ana, bob, anas } = await people();
    await addInteraction("like", { userId: bob.id, crudId: anas.id });
    await notifyFollowed({ followerId: bob.id, followeeId: ana.id });
    expect(await unread(ana.id)).toBe(2);
    await block({ blockerId: ana.id, handle: "bob" });
    expect(await unread(ana.id)).toBe(0);
    expect((await getNotificationGroups(ana.id, new Date())).groups).toEqual([]);
  });
});

describe("mute", () => {
  it("takes the muted user's cruds, reposts and interactions out of the muter's timelines and notifications only", async () => {
    const { ana, bob, cyd, anas, cyds } = await people();
    await follow({ followerId: ana.id, handle: "bob" });
    await follow({ followerId: ana.id, handle: "cyd" });
    await addInteraction("repost", { userId: bob.id, crudId: cyds.id });
    await addInteraction("like", { userId: bob.id, crudId: anas.id });
    await replyTo({ userId: bob.id, parentId: anas.id, message: "a reply" });
    await postCrud({ userId: bob.id, message: "hey @ana", ttl: "1-day" });
    await notifyFollowed({ followerId: bob.id, followeeId: ana.id });
    expect(await unread(ana.id)).toBe(4);

    expect(await mute({ muterId: ana.id, handle: "bob" })).toEqual({ targetId: bob.id });
    await mute({ muterId: ana.id, handle: "bob" });
    expect(await prisma.mute.count()).toBe(1);
    const now = new Date();
    expect(messages(await getTimelinePage({ viewerId: ana.id, now }))).toEqual(["cyd's", "ana's"]);
    expect(messages(await getFollowingPage({ viewerId: ana.id, now }))).toEqual(["cyd's", "ana's"]);
    expect(await unread(ana.id)).toBe(0);
    expect((await getNotificationGroups(ana.id, now)).groups).toEqual([]);
    // Nothing changes for bob or anyone else, and ana can still open bob's profile and the thread.
    expect(messages(await getTimelinePage({ viewerId: bob.id, now }))).toContain("ana's");
    expect(messages(await getTimelinePage({ viewerId: cyd.id, now }))).toContain("bob's");
    expect((await getProfilePage({ handle: "bob", now, viewerId: ana.id }))!.page.items.length).toBeGreaterThan(0);
    expect((await getThread({ crudId: anas.id, now, viewerId: ana.id }))!.replies).toHaveLength(1);
    expect((await getSafetyList(ana.id, "mutes")).items).toEqual([expect.objectContaining({ handle: "bob" })]);

    await unmute({ muterId: ana.id, handle: "bob" });
    expect(await unread(ana.id)).toBe(4);
    expect(messages(await getFollowingPage({ viewerId: ana.id, now }))).toContain("bob's");
  });
});

describe("the settings lists", () => {
  it("page newest first, with ties on the same instant split exactly and nobody listed twice", async () => {
    const ana = await createUser({ handle: "ana" });
    const others = await Promise.all(["bea1", "bea2", "bea3", "bea4", "bea5"].map((handle) => createUser({ handle })));
    const now = new Date();
    // bea1 and bea2 blocked at the same instant, the others a minute apart before it.
    for (const [index, other] of others.entries())
      await block({ blockerId: ana.id, handle: other.handle, now: new Date(now.getTime() - Math.max(0, index - 1) * MINUTE) });
    const seen: string[] = [];
    let page = await getSafetyList(ana.id, "blocks", undefined, 2);
    seen.push(...page.items.map((u) => u.handle));
    while (page.next) {
      page = await getSafetyList(ana.id, "blocks", page.next, 2);
      seen.push(...page.items.map((u) => u.handle));
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen)).toEqual(new Set(others.map((u) => u.handle)));
    expect(seen.slice(2)).toEqual(["bea3", "bea4", "bea5"]);
    expect((await getSafetyList(ana.id, "mutes")).items).toEqual([]);
  });
});
