import type pg from "pg";
import { beforeEach, describe, expect, it } from "vitest";
import { POOL_SINGLETON, prisma } from "~/db.server";
import { existingSingleton } from "~/db/singleton.server";
import { follow } from "~/models/follow.server";
import { addInteraction } from "~/models/interactions.server";
import { block, mute } from "~/models/safety.server";
import {
  countNewerInFollowing,
  countNewerInTimeline,
  getFollowingPage,
  getProfilePage,
  getThread,
  getTimelinePage,
  loadCrudCards,
  PAGE_SIZE,
} from "~/models/crud.server";
import { createCrud, createUser } from "../../tests/support/factories";

const SECOND = 1_000;

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});

describe("the live rule (docs/product.md §2)", () => {
  it("shows a crud until the second it expires, and never from that second on", async () => {
    const user = await createUser();
    const expiresAt = new Date(Date.now() + 60 * SECOND);
    const crud = await createCrud(user.id, { expiresAt });

    const justBefore = await getTimelinePage({ now: new Date(expiresAt.getTime() - 1) });
    expect(justBefore.items.map((c) => c.id)).toEqual([crud.id]);

    const atExpiry = await getTimelinePage({ now: expiresAt });
    expect(atExpiry.items).toEqual([]);

    const profile = await getProfilePage({ handle: user.handle, now: expiresAt });
    expect(profile?.page.items).toEqual([]);
    expect(profile?.profile.crudCount).toBe(0);
  });

  it("keeps replies out of the home timeline", async () => {
    const user = await createUser();
    const parent = await createCrud(user.id, { message: "parent" });
    await createCrud(user.id, { message: "a reply", replyToId: parent.id, expiresAt: parent.expiresAt });
    const page = await getTimelinePage({ now: new Date() });
    expect(page.items.map((c) => c.message)).toEqual(["parent"]);
  });
});

describe("timeline pagination", () => {
  it("returns 20 newest first, then the rest through the cursor, with no overlap or gap", async () => {
    const user = await createUser();
    const base = Date.now() - 3_600_000;
    // 45 cruds, including three sharing one creation instant (the id breaks the tie).
    for (let n = 0; n < 45; n++) {
      const createdAt = new Date(base + (n < 3 ? 0 : n) * SECOND);
      await createCrud(user.id, { message: `crud ${n}`, createdAt });
    }
    const now = new Date();
    const first = await getTimelinePage({ now });
    expect(first.items).toHaveLength(PAGE_SIZE);
    expect(first.items[0]?.message).toBe("crud 44");
    const second = await getTimelinePage({ now, cursor: first.next });
    const third = await getTimelinePage({ now, cursor: second.next });
    expect(third.next).toBeUndefined();
    const all = [...first.items, ...second.items, ...third.items];
    expect(all).toHaveLength(45);
    expect(new Set(all.map((c) => c.id)).size).toBe(45);
    const times = all.map((c) => c.createdAt.getTime());
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it("pages back up with `newer`: each page just newer than a cursor, the same pages as going down", async () => {
    const user = await createUser();
    const base = Date.now() - 3_600_000;
    for (let n = 0; n < 45; n++) await createCrud(user.id, { message: `crud ${n}`, createdAt: new Date(base + (n < 3 ? 0 : n) * SECOND) });
    const now = new Date();
    const first = await getTimelinePage({ now });
    const second = await getTimelinePage({ now, cursor: first.next });
    const third = await getTimelinePage({ now, cursor: second.next });
    expect(first.newer).toBeUndefined();
    expect(second.newer).toBeDefined();
    // From the third page up: the second, then the first (with nothing newer above it).
    const up = await getTimelinePage({ now, cursor: third.newer, direction: "newer" });
    expect(up.items.map((c) => c.id)).toEqual(second.items.map((c) => c.id));
    expect(up.next).toEqual(second.next);
    const top = await getTimelinePage({ now, cursor: up.newer, direction: "newer" });
    expect(top.items.map((c) => c.id)).toEqual(first.items.map((c) => c.id));
    expect(top.newer).toBeUndefined();
    expect(top.next).toEqual(first.next);
  });

  it("shows a reposted crud once a page, as its newest entry, and still pages through every entry", async () => {
    const [author, fan, other] = await Promise.all([createUser(), createUser(), createUser()]);
    const reposted = await createCrud(author.id, { message: "reposted", createdAt: new Date(Date.now() - 60 * SECOND) });
    await addInteraction("repost", { userId: other.id, crudId: reposted.id });
    await addInteraction("repost", { userId: fan.id, crudId: reposted.id });
    const now = new Date();
    const page = await getTimelinePage({ now });
    expect(page.items.map((c) => [c.message, c.repostedBy?.handle])).toEqual([["reposted", fan.handle]]);
    // Older pages go on from the last entry read (the original), not the last one shown.
    expect(page.next).toBeUndefined();
    for (let n = 0; n < PAGE_SIZE; n++) await createCrud(author.id, { message: `filler ${n}`, createdAt: new Date(now.getTime() - (2 * 60 + n) * SECOND) });
    await addInteraction("repost", { userId: other.id, crudId: reposted.id }).catch(() => undefined);
    const first = await getTimelinePage({ now: new Date() });
    const second = await getTimelinePage({ now: new Date(), cursor: first.next });
    const ids = [...first.items, ...second.items].map((c) => c.key);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.items.filter((c) => c.id === reposted.id)).toHaveLength(1);
    expect([...first.items, ...second.items].map((c) => c.message).filter((m) => m.startsWith("filler"))).toHaveLength(PAGE_SIZE);
  });

  it("includes the author's display name and handle", async () => {
    const user = await createUser({ handle: "londo", displayName: "Londo Mollari" });
    await createCrud(user.id);
    const [crud] = (await getTimelinePage({ now: new Date() })).items;
    expect(crud?.user).toEqual({ handle: "londo", displayName: "Londo Mollari", avatar: null });
  });
});

describe("profiles", () => {
  it("finds a user ignoring case and counts only their live top-level cruds", async () => {
    const user = await createUser({ handle: "bayko", displayName: "Andrew Bayko", bio: "Co-founder" });
    const other = await createUser();
    const live = await createCrud(user.id);
    await createCrud(user.id, { expiresAt: new Date(Date.now() - SECOND) });
    await createCrud(user.id, { replyToId: live.id, expiresAt: live.expiresAt });
    await createCrud(other.id);

    const result = await getProfilePage({ handle: "BaYkO", now: new Date() });
    expect(result?.profile).toMatchObject({ handle: "bayko", displayName: "Andrew Bayko", bio: "Co-founder", crudCount: 1 });
    expect(result?.page.items.map((c) => c.id)).toEqual([live.id]);
  });

  it("returns null for an unknown handle", async () => {
    expect(await getProfilePage({ handle: "nobody", now: new Date() })).toBeNull();
  });
});

describe("the users table", () => {
  it("rejects a second user whose handle differs only in case", async () => {
    await createUser({ handle: "worf" });
    await expect(
      prisma.$executeRaw`INSERT INTO users (cognito_user_id, handle, email, display_name) VALUES ('x', 'WORF', 'w@example.com', 'Worf')`,
    ).rejects.toThrow(/invalid handle/);
    await expect(createUser({ handle: "worf" })).rejects.toThrow();
  });
});

describe("new cruds since the top of a page", () => {
  it("counts live entries newer than the cursor, as the viewer's timeline shows them, at most a page and one", async () => {
    const [me, friend, stranger, muted] = await Promise.all([createUser(), createUser(), createUser(), createUser()]);
    await follow({ followerId: me.id, handle: friend.handle });
    await mute({ muterId: me.id, handle: muted.handle });
    await createCrud(friend.id, { createdAt: new Date(Date.now() - 60 * SECOND) });
    const top = (await getFollowingPage({ now: new Date(), viewerId: me.id })).newest!;
    expect(await countNewerInFollowing({ since: top, now: new Date(), viewerId: me.id })).toEqual({ count: 0, firstExpiry: null });

    const soon = new Date(Date.now() + 30 * SECOND);
    await createCrud(friend.id, { expiresAt: soon });
    await createCrud(stranger.id);
    await createCrud(muted.id);
    // An expired one never counts, nor a reply.
    const parent = await createCrud(friend.id, { expiresAt: new Date(Date.now() - SECOND) });
    await createCrud(friend.id, { replyToId: parent.id, expiresAt: parent.expiresAt });
    const now = new Date();
    expect(await countNewerInFollowing({ since: top, now, viewerId: me.id })).toEqual({ count: 1, firstExpiry: soon });
    // Everyone: the friend's and the stranger's, not the muted user's.
    expect((await countNewerInTimeline({ since: top, now, viewerId: me.id })).count).toBe(2);
    expect((await countNewerInTimeline({ since: top, now })).count).toBe(3);

    for (let n = 0; n < 25; n++) await createCrud(stranger.id);
    expect((await countNewerInTimeline({ since: top, now: new Date() })).count).toBe(PAGE_SIZE + 1);
  });

  it("counts a new repost of an old crud too", async () => {
    const [me, friend] = await Promise.all([createUser(), createUser()]);
    const old = await createCrud(me.id, { createdAt: new Date(Date.now() - 3_600_000) });
    await createCrud(me.id);
    const top = (await getTimelinePage({ now: new Date() })).newest!;
    await addInteraction("repost", { userId: friend.id, crudId: old.id });
    expect((await countNewerInTimeline({ since: top, now: new Date() })).count).toBe(1);
  });
});

describe("a thread", () => {
  it("carries the crud a reply answers, unless a block stands between the viewer and its author", async () => {
    const [author, replier, viewer] = await Promise.all([createUser(), createUser(), createUser()]);
    const parent = await createCrud(author.id, { message: "the question" });
    const reply = await createCrud(replier.id, { message: "the answer", replyToId: parent.id, expiresAt: parent.expiresAt });
    const answer = await createCrud(author.id, { message: "thanks", replyToId: reply.id, expiresAt: parent.expiresAt });

    const thread = await getThread({ crudId: reply.id, now: new Date(), viewerId: viewer.id });
    expect(thread?.crud.message).toBe("the answer");
    expect(thread?.parent?.message).toBe("the question");
    expect(thread?.replies.map((c) => c.id)).toEqual([answer.id]);
    expect((await getThread({ crudId: parent.id, now: new Date() }))?.parent).toBeNull();

    // Mutes hide nothing in a thread (ADR 018); a block, either way, hides the parent (and the author's reply).
    await mute({ muterId: viewer.id, handle: author.handle });
    expect((await getThread({ crudId: reply.id, now: new Date(), viewerId: viewer.id }))?.parent?.id).toBe(parent.id);
    await block({ blockerId: author.id, handle: viewer.handle });
    const blocked = await getThread({ crudId: reply.id, now: new Date(), viewerId: viewer.id });
    expect(blocked?.parent).toBeNull();
    expect(blocked?.replies).toEqual([]);
    expect(blocked?.crud.id).toBe(reply.id);
  });
});

describe("mentions on a card", () => {
  it("name only the mentioned handles that belong to a user, whatever the case typed", async () => {
    const londo = await createUser({ handle: "londo" });
    await createUser({ handle: "vir" });
    const crud = await createCrud(londo.id, { message: "@LONDO meets @nobody_here and @vir, not me@vir nor https://x.example/@vir" });
    const [card] = await loadCrudCards([crud.id], { now: new Date() });
    expect(card?.mentionedHandles.sort()).toEqual(["londo", "vir"]);
    const [plain] = (await getTimelinePage({ now: new Date() })).items;
    expect(plain?.mentionedHandles.sort()).toEqual(["londo", "vir"]);
  });
});

describe("expired cruds the purge has not deleted yet (ADR 045)", () => {
  /**
   * The generic plan (ADR 025) of each statement `run` sends through the app's pool (they run as usual), with sequential and bitmap
   * scans ruled out: what the indexes can serve, whatever the size of the test's tables. EXPLAIN (GENERIC_PLAN)
   * plans the statement's text with its parameters unknown, as the app's connections do.
   */
  async function genericPlans(run: () => Promise<unknown>): Promise<string[]> {
    const pool = existingSingleton<pg.Pool>(POOL_SINGLETON)!;
    const texts: string[] = [];
    const query = pool.query;
    const send = query.bind(pool) as (statement: { text: string }) => Promise<unknown>;
    (pool as unknown as { query: unknown }).query = (statement: { text: string }) => {
      texts.push(statement.text);
      return send(statement);
    };
    try {
      await run();
    } finally {
      pool.query = query;
    }
    const client = await pool.connect();
    try {
      await client.query("SET enable_seqscan = off; SET enable_bitmapscan = off");
      const plans: string[] = [];
      for (const text of texts)
        plans.push((await client.query(`EXPLAIN (GENERIC_PLAN) ${text}`)).rows.map((row: Record<string, string>) => row["QUERY PLAN"]).join("\n"));
      return plans;
    } finally {
      await client.query("RESET enable_seqscan; RESET enable_bitmapscan");
      client.release();
    }
  }
  const byAuthorIndexOnly = /Index Only Scan using cruds_user_id_created_at_idx/;
  const byAuthorReadingRows = /Index Scan using cruds_user_id_created_at_idx/;

  it("are told from live ones in the per-author index, without reading a crud's row", async () => {
    const viewer = await createUser();
    const author = await createUser();
    await follow({ followerId: viewer.id, handle: author.handle });
    const now = new Date();
    await createCrud(author.id, { message: "live" });
    await createCrud(author.id, { message: "expired", createdAt: new Date(now.getTime() - 2 * SECOND), expiresAt: new Date(now.getTime() - SECOND) });

    // The Following tab up to 200 follows: a page from each author's index (ADR 016).
    const [following] = await genericPlans(() => getFollowingPage({ viewerId: viewer.id, now }));
    expect(following).toMatch(byAuthorIndexOnly);
    expect(following).not.toMatch(byAuthorReadingRows);
    // A profile: its header's crud count and its page of cruds.
    const [header, page] = await genericPlans(() => getProfilePage({ handle: author.handle, viewerId: viewer.id, now }));
    for (const plan of [header, page]) {
      expect(plan).toMatch(byAuthorIndexOnly);
      expect(plan).not.toMatch(byAuthorReadingRows);
    }
    // And what they show is unchanged: the live crud only.
    expect((await getFollowingPage({ viewerId: viewer.id, now })).items.map((item) => item.message)).toEqual(["live"]);
    expect((await getProfilePage({ handle: author.handle, viewerId: viewer.id, now }))?.profile.crudCount).toBe(1);
  });
});
