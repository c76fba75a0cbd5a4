import { beforeEach, describe, expect, it } from "vitest";
import { prisma, queryRows } from "~/db.server";
import { FOLLOWING_PER_AUTHOR_MAX, getFollowingPage, getProfile, getTimelinePage, PAGE_SIZE } from "~/models/crud.server";
import { follow, getFollowList, unfollow } from "~/models/follow.server";
import { addInteraction } from "~/models/interactions.server";
import { clearSuggestionsCache, getSuggestedUsers } from "~/models/suggestions.server";
import { createCrud, createUser } from "../../tests/support/factories";

const MINUTE = 60_000;

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
  clearSuggestionsCache();
});

const followsOf = (followerId: string) =>
  queryRows<{ followeeId: string }>`SELECT followee_id AS "followeeId" FROM follows WHERE follower_id = ${followerId}::uuid`;

describe("follow and unfollow", () => {
  it("are idempotent, one row per pair, and say whether this call added the follow", async () => {
    const ana = await createUser({ handle: "ana" });
    const bob = await createUser({ handle: "bob" });
    expect(await follow({ followerId: ana.id, handle: "BOB" })).toEqual({ followeeId: bob.id, added: true, blocked: false });
    expect(await follow({ followerId: ana.id, handle: "bob" })).toEqual({ followeeId: bob.id, added: false, blocked: false });
    expect(await followsOf(ana.id)).toEqual([{ followeeId: bob.id }]);
    expect(await unfollow({ followerId: ana.id, handle: "bob" })).toEqual({ followeeId: bob.id });
    expect(await unfollow({ followerId: ana.id, handle: "bob" })).toEqual({ followeeId: bob.id });
    expect(await followsOf(ana.id)).toEqual([]);
  });

  it("answer null for an unknown handle, and never store a self-follow", async () => {
    const ana = await createUser({ handle: "ana" });
    expect(await follow({ followerId: ana.id, handle: "nobody" })).toBeNull();
    expect(await unfollow({ followerId: ana.id, handle: "nobody" })).toBeNull();
    expect(await follow({ followerId: ana.id, handle: "ana" })).toEqual({ followeeId: ana.id, added: false, blocked: false });
    expect(await followsOf(ana.id)).toEqual([]);
    // The database refuses it too (a trigger raising check_violation).
    await expect(queryRows`INSERT INTO follows (follower_id, followee_id) VALUES (${ana.id}::uuid, ${ana.id}::uuid)`).rejects.toMatchObject({ code: "23514" });
  });
});

describe("follow lists", () => {
  it("list followees and followers newest first, 20 a page by cursor, with the viewer's follows", async () => {
    const star = await createUser({ handle: "star" });
    const viewer = await createUser({ handle: "viewer" });
    const now = Date.now();
    const fans = [];
    for (let n = 0; n < PAGE_SIZE + 5; n++) {
      const fan = await createUser({ handle: `fan${String(n).padStart(2, "0")}` });
      await follow({ followerId: fan.id, handle: "star", now: new Date(now - (PAGE_SIZE + 5 - n) * MINUTE) });
      fans.push(fan);
    }
    await follow({ followerId: viewer.id, handle: "fan24" });

    const first = await getFollowList({ handle: "star", kind: "followers", viewerId: viewer.id });
    expect(first!.owner).toEqual({ id: star.id, handle: "star", displayName: "User star" });
    expect(first!.page.items.map((u) => u.handle)).toEqual(
      fans
        .slice(5)
        .reverse()
        .map((f) => f.handle),
    );
    expect(first!.page.items[0]).toMatchObject({ handle: "fan24", followedByViewer: true });
    expect(first!.page.items[1]).toMatchObject({ handle: "fan23", followedByViewer: false });
    const second = await getFollowList({ handle: "star", kind: "followers", cursor: first!.page.next, viewerId: viewer.id });
    expect(second!.page.items.map((u) => u.handle)).toEqual(["fan04", "fan03", "fan02", "fan01", "fan00"]);
    expect(second!.page.next).toBeUndefined();

    const following = await getFollowList({ handle: "fan24", kind: "following" });
    expect(following!.page.items.map((u) => ({ handle: u.handle, followedByViewer: u.followedByViewer }))).toEqual([
      { handle: "star", followedByViewer: false },
    ]);
  });

  it("are null for an unknown handle and empty for a user with no follows", async () => {
    await createUser({ handle: "lonely" });
    expect(await getFollowList({ handle: "nobody", kind: "followers" })).toBeNull();
    const empty = await getFollowList({ handle: "lonely", kind: "following" });
    expect(empty!.page).toEqual({ items: [], next: undefined });
  });
});

describe("the profile header", () => {
  it("counts follows both ways and says whether the viewer follows", async () => {
    const ana = await createUser({ handle: "ana" });
    const bob = await createUser({ handle: "bob" });
    const cyd = await createUser({ handle: "cyd" });
    await follow({ followerId: ana.id, handle: "bob" });
    await follow({ followerId: cyd.id, handle: "bob" });
    await follow({ followerId: bob.id, handle: "ana" });
    const now = new Date();
    expect(await getProfile("bob", now, ana.id)).toMatchObject({ followingCount: 1, followersCount: 2, followedByViewer: true });
    expect(await getProfile("bob", now, bob.id)).toMatchObject({ followedByViewer: false });
    expect(await getProfile("bob", now)).toMatchObject({ followedByViewer: false });
    expect(await getProfile("cyd", now)).toMatchObject({ followingCount: 1, followersCount: 0 });
  });
});

describe("the Following timeline", () => {
  it("shows live top-level cruds and reposts by the people you follow and by you, newest first", async () => {
    const me = await createUser({ handle: "myself" });
    const friend = await createUser({ handle: "friend" });
    const stranger = await createUser({ handle: "stranger" });
    const now = Date.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * MINUTE);
    const mine = await createCrud(me.id, { message: "mine", createdAt: at(5) });
    const friends = await createCrud(friend.id, { message: "friend's", createdAt: at(4) });
    await createCrud(friend.id, { message: "friend's reply", createdAt: at(3), replyToId: mine.id });
    await createCrud(friend.id, { message: "friend's expired", createdAt: at(10), expiresAt: at(1) });
    const strangers = await createCrud(stranger.id, { message: "stranger's", createdAt: at(2) });
    await createCrud(stranger.id, { message: "stranger's unseen", createdAt: at(1) });
    // A stranger's crud reposted by a friend comes in; the friend's crud reposted by a stranger does not twice.
    await addInteraction("repost", { userId: friend.id, crudId: strangers.id });
    await addInteraction("repost", { userId: stranger.id, crudId: friends.id });
    await follow({ followerId: me.id, handle: "friend" });

    const page = await getFollowingPage({ viewerId: me.id, now: new Date() });
    expect(page.items.map((e) => [e.message, e.repostedBy?.handle ?? null])).toEqual([
      ["stranger's", "friend"],
      ["friend's", null],
      ["mine", null],
    ]);
    // Everyone still has everything live and top-level.
    const everyone = await getTimelinePage({ viewerId: me.id, now: new Date() });
    expect(everyone.items.map((e) => e.message)).toContain("stranger's unseen");

    await unfollow({ followerId: me.id, handle: "friend" });
    expect((await getFollowingPage({ viewerId: me.id, now: new Date() })).items.map((e) => e.message)).toEqual(["mine"]);
  });

  it("pages by cursor, 20 at a time", async () => {
    const me = await createUser({ handle: "myself" });
    const friend = await createUser({ handle: "friend" });
    await follow({ followerId: me.id, handle: "friend" });
    const now = Date.now();
    for (let n = 0; n < PAGE_SIZE + 3; n++) await createCrud(friend.id, { message: `n${n}`, createdAt: new Date(now - n * MINUTE) });
    const first = await getFollowingPage({ viewerId: me.id, now: new Date() });
    expect(first.items).toHaveLength(PAGE_SIZE);
    const second = await getFollowingPage({ viewerId: me.id, cursor: first.next, now: new Date() });
    expect(second.items.map((e) => e.message)).toEqual(["n20", "n21", "n22"]);
    expect(second.next).toBeUndefined();
  });

  it(`gives the same page past ${FOLLOWING_PER_AUTHOR_MAX} follows, where it filters the global index instead`, async () => {
    const me = await createUser({ handle: "myself" });
    const now = Date.now();
    const followed: string[] = [];
    for (let n = 0; n <= FOLLOWING_PER_AUTHOR_MAX; n++) {
      const user = await createUser();
      await follow({ followerId: me.id, handle: user.handle });
      if (n % 20 === 0) followed.push((await createCrud(user.id, { message: `followed ${n}`, createdAt: new Date(now - n * MINUTE) })).message);
    }
    const stranger = await createUser();
    await createCrud(stranger.id, { message: "stranger's" });
    const many = await getFollowingPage({ viewerId: me.id, now: new Date() });
    expect(many.items.map((e) => e.message)).toEqual(followed);
    // One follow fewer: the per-author plan, the same cruds minus that author's.
    await unfollow({ followerId: me.id, handle: many.items[0]!.user.handle });
    expect((await getFollowingPage({ viewerId: me.id, now: new Date() })).items.map((e) => e.message)).toEqual(followed.slice(1));
  });
});

describe("suggested users", () => {
  it("leave out the people you follow, and bring them back when you unfollow", async () => {
    const me = await createUser({ handle: "myself" });
    const friend = await createUser({ handle: "friend" });
    const other = await createUser({ handle: "other" });
    await createCrud(friend.id, { createdAt: new Date(Date.now() - MINUTE) });
    await createCrud(other.id, { createdAt: new Date(Date.now() - 2 * MINUTE) });
    await createCrud(me.id);
    await follow({ followerId: me.id, handle: "friend" });
    expect((await getSuggestedUsers(me.id, new Date())).map((u) => u.handle)).toEqual(["other"]);
    await unfollow({ followerId: me.id, handle: "friend" });
    expect((await getSuggestedUsers(me.id, new Date())).map((u) => u.handle)).toEqual(["friend", "other"]);
  });
});
