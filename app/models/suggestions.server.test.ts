import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { sendMessage } from "~/models/message.server";
import { addInteraction } from "~/models/interactions.server";
import { createReply } from "~/models/posting.server";
import { clearSuggestionsCache, getCachedSuggestedUsers, getSuggestedUsers, SUGGESTIONS_CACHE_MS, SUGGESTIONS_LIMIT } from "~/models/suggestions.server";
import { createCrud, createUser } from "../../tests/support/factories";
import { countQueries } from "~/observability/request-context.server";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds, conversations CASCADE`;
  clearSuggestionsCache();
});

const handles = (users: { handle: string }[]) => users.map((u) => u.handle);

describe("suggested users", () => {
  it("are recently active users (a live crud in the last 7 days), most recent first; at most 6 (five shown, one spare)", async () => {
    const now = new Date();
    const users = [];
    for (let n = 0; n < 7; n++) {
      const user = await createUser({ handle: `active${n}` });
      await createCrud(user.id, { createdAt: new Date(now.getTime() - (n + 1) * MINUTE) });
      users.push(user);
    }
    const quiet = await createUser({ handle: "quiet" });
    await createCrud(quiet.id, { createdAt: new Date(now.getTime() - 8 * DAY), expiresAt: new Date(now.getTime() + DAY) });
    const expired = await createUser({ handle: "expired" });
    await createCrud(expired.id, { createdAt: new Date(now.getTime() - 30 * 1000), expiresAt: new Date(now.getTime() - 1) });
    await createUser({ handle: "never_posted" });

    const suggested = await getSuggestedUsers(null, now);
    expect(handles(suggested)).toEqual(["active0", "active1", "active2", "active3", "active4", "active5"]);
    expect(suggested).toHaveLength(SUGGESTIONS_LIMIT);
    expect(suggested[0]).toEqual({ id: users[0]!.id, handle: "active0", displayName: "User active0", avatar: null });
  });

  it("exclude the viewer and everyone the viewer liked, reposted, replied to or messaged", async () => {
    const now = new Date();
    const viewer = await createUser({ handle: "viewer" });
    const names = ["liked", "reposted", "repliedto", "messaged", "messagedme", "stranger"];
    const people: Record<string, { id: string; crudId: string }> = {};
    for (const [n, name] of names.entries()) {
      const user = await createUser({ handle: name });
      const crud = await createCrud(user.id, { createdAt: new Date(now.getTime() - (n + 2) * MINUTE) });
      people[name] = { id: user.id, crudId: crud.id };
    }
    await createCrud(viewer.id, { createdAt: new Date(now.getTime() - MINUTE) });
    expect(handles(await getSuggestedUsers(viewer.id, now))).toEqual(["liked", "reposted", "repliedto", "messaged", "messagedme", "stranger"]);

    await prisma.like.create({ data: { userId: viewer.id, crudId: people.liked!.crudId } });
    await prisma.repost.create({ data: { userId: viewer.id, crudId: people.reposted!.crudId } });
    const parent = await prisma.crud.findUniqueOrThrow({ where: { id: people.repliedto!.crudId } });
    await createCrud(viewer.id, { replyToId: parent.id, expiresAt: parent.expiresAt, createdAt: new Date(now.getTime() - 30 * 1000) });
    await sendMessage({ senderId: viewer.id, recipientId: people.messaged!.id, body: "hi", now });
    await sendMessage({ senderId: people.messagedme!.id, recipientId: viewer.id, body: "hi", now });

    expect(handles(await getSuggestedUsers(viewer.id, now))).toEqual(["stranger"]);
    // Someone else still sees them all (and the viewer), signed out too.
    expect(handles(await getSuggestedUsers(null, now))).toEqual(["viewer", "liked", "reposted", "repliedto", "messaged", "messagedme"]);
  });

  it("are one query", async () => {
    const viewer = await createUser();
    for (let n = 0; n < 10; n++) await createCrud((await createUser()).id);
    const { result: suggested, queries } = await countQueries(() => getSuggestedUsers(viewer.id, new Date()));
    expect(suggested).toHaveLength(SUGGESTIONS_LIMIT);
    expect(queries).toBe(1);
  });

  it("are cached per viewer, and forgotten at once when the viewer likes, replies to or messages someone", async () => {
    const now = new Date();
    const viewer = await createUser({ handle: "viewer" });
    const [ann, bob, cat] = await Promise.all(["ann", "bob", "cat"].map((handle) => createUser({ handle })));
    const crudOf: Record<string, string> = {};
    for (const [n, user] of [ann!, bob!, cat!].entries()) {
      crudOf[user.handle] = (await createCrud(user.id, { createdAt: new Date(now.getTime() - (n + 1) * MINUTE) })).id;
    }
    const later = (ms: number) => new Date(now.getTime() + ms);
    expect(handles(await getCachedSuggestedUsers(viewer.id, now))).toEqual(["ann", "bob", "cat"]);

    // Within the cache's lifetime a new active user is not seen yet, and no statement runs…
    const dan = await createUser({ handle: "dan" });
    await createCrud(dan.id);
    const { result: cached, queries } = await countQueries(() => getCachedSuggestedUsers(viewer.id, later(1_000)));
    expect(handles(cached)).toEqual(["ann", "bob", "cat"]);
    expect(queries).toBe(0);
    // …but the viewer's own interactions take effect on their next page.
    await addInteraction("like", { userId: viewer.id, crudId: crudOf.ann! });
    expect(handles(await getCachedSuggestedUsers(viewer.id, later(2_000)))).toEqual(["dan", "bob", "cat"]);
    await createReply({ userId: viewer.id, parentId: crudOf.bob!, message: "hello" });
    expect(handles(await getCachedSuggestedUsers(viewer.id, later(3_000)))).toEqual(["dan", "cat"]);
    // A message drops the pair from each other's suggestions.
    expect(handles(await getCachedSuggestedUsers(cat!.id, later(3_000)))).toContain("viewer");
    await sendMessage({ senderId: viewer.id, recipientId: cat!.id, body: "hi", now: later(4_000) });
    expect(handles(await getCachedSuggestedUsers(viewer.id, later(4_000)))).toEqual(["dan"]);
    expect(handles(await getCachedSuggestedUsers(cat!.id, later(4_000)))).not.toContain("viewer");
    // And after the cache's lifetime everything is read afresh.
    const { queries: refreshed } = await countQueries(() => getCachedSuggestedUsers(viewer.id, later(4_000 + SUGGESTIONS_CACHE_MS)));
    expect(refreshed).toBe(1);
  });
});
