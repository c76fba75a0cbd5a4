import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getSidebarData } from "~/models/sidebar.server";
import { clearTrendingCache, getTrendingTags, recordPostedTags, refreshTrendingTags, TRENDING_LIMIT } from "~/models/trending.server";
import { createCrud, createUser } from "../../tests/support/factories";
import { countQueries } from "~/observability/request-context.server";

const HOUR = 3_600_000;
const now = new Date("2026-11-25T12:00:00.000Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const later = (ms: number) => new Date(now.getTime() + ms);

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
  clearTrendingCache();
});

async function tagged(userId: string, tags: string[], { createdAt = ago(HOUR), expiresAt = later(HOUR) } = {}) {
  const crud = await createCrud(userId, { message: tags.map((t) => `#${t}`).join(" "), createdAt, expiresAt });
  for (const tag of tags) await prisma.crudTag.create({ data: { crudId: crud.id, tag, createdAt } });
  return crud;
}

describe("trending tags", () => {
  it("counts the authors of live cruds created in the last 24 hours, most used first", async () => {
    const users = [await createUser(), await createUser(), await createUser(), await createUser()];
    for (const user of users) await tagged(user.id, ["narn"]);
    await tagged(users[0]!.id, ["minbari", "narn"]);
    await tagged(users[1]!.id, ["minbari"]);
    await tagged(users[2]!.id, ["centauri"], { createdAt: ago(2 * HOUR) });
    // Never counted: expired (not yet purged), and older than 24 hours though still live.
    for (const user of users) await tagged(user.id, ["expired"], { expiresAt: ago(1) });
    for (const user of users) await tagged(user.id, ["ancient"], { createdAt: ago(25 * HOUR), expiresAt: later(HOUR) });

    expect(await getTrendingTags(now)).toEqual([
      { tag: "narn", count: 4 },
      { tag: "minbari", count: 2 },
      { tag: "centauri", count: 1 },
    ]);
  });

  it("counts one account repeating a tag once, however often it posts it", async () => {
    const [spammer, ana, bo] = [await createUser(), await createUser(), await createUser()];
    for (let n = 0; n < 50; n++) await tagged(spammer.id, ["buyfollowers"]);
    await tagged(ana.id, ["shadows"]);
    await tagged(bo.id, ["shadows", "buyfollowers"]);
    expect(await getTrendingTags(now)).toEqual([
      { tag: "buyfollowers", count: 2 },
      { tag: "shadows", count: 2 },
    ]);
  });

  it("is at most 10 tags", async () => {
    const user = await createUser();
    for (let n = 0; n < 12; n++) await tagged(user.id, [`tag${String(n).padStart(2, "0")}`]);
    const tags = await getTrendingTags(now);
    expect(tags).toHaveLength(TRENDING_LIMIT);
    expect(tags[0]).toEqual({ tag: "tag00", count: 1 });
  });

  it("is one query, then served from the cache for 60 s", async () => {
    const user = await createUser();
    await tagged(user.id, ["vorlon"]);
    const { result: first, queries } = await countQueries(() => getTrendingTags(now));
    expect(first).toEqual([{ tag: "vorlon", count: 1 }]);
    expect(queries).toBe(1);

    await tagged((await createUser()).id, ["vorlon"]);
    const { result: cached, queries: none } = await countQueries(() => getTrendingTags(later(59_999)));
    expect(cached).toEqual([{ tag: "vorlon", count: 1 }]);
    expect(none).toBe(0);
    expect(await getTrendingTags(later(60_000))).toEqual([{ tag: "vorlon", count: 2 }]);
  });

  it("never counts an author whose cruds with the tag expired while the result was cached", async () => {
    const [ana, bo, cy] = [await createUser(), await createUser(), await createUser()];
    await tagged(ana.id, ["shadow"], { expiresAt: later(10_000) });
    await tagged(bo.id, ["shadow"], { expiresAt: later(20_000) });
    await tagged(ana.id, ["ranger"], { expiresAt: later(20_000) });
    await tagged(bo.id, ["ranger"], { expiresAt: later(HOUR) });
    // Cy counts until the later of the two cruds expires.
    await tagged(cy.id, ["ranger"], { expiresAt: later(5_000) });
    await tagged(cy.id, ["ranger"], { expiresAt: later(30_000) });
    expect(await getTrendingTags(now)).toEqual([
      { tag: "ranger", count: 3 },
      { tag: "shadow", count: 2 },
    ]);
    const { result: at10s, queries } = await countQueries(() => getTrendingTags(later(10_000)));
    expect(queries).toBe(0);
    expect(at10s).toEqual([
      { tag: "ranger", count: 3 },
      { tag: "shadow", count: 1 },
    ]);
    expect(await getTrendingTags(later(20_000))).toEqual([{ tag: "ranger", count: 2 }]);
    expect(await getTrendingTags(later(30_000))).toEqual([{ tag: "ranger", count: 1 }]);
  });
});

describe("the sidebar", () => {
  it("costs two queries, and one while trending is cached", async () => {
    const user = await createUser();
    await tagged(user.id, ["kosh"]);
    const { result: data, queries } = await countQueries(() => getSidebarData({ viewerId: null, now }));
    expect(data).toEqual({
      trending: [{ tag: "kosh", count: 1 }],
      suggested: [{ id: user.id, handle: user.handle, displayName: user.displayName, avatar: null }],
    });
    expect(queries).toBe(2);
    const { queries: cached } = await countQueries(() => getSidebarData({ viewerId: user.id, now: later(1_000) }));
    expect(cached).toBe(1);
  });
});

describe("the scheduled refresh", () => {
  it("replaces the cached counts in the background, so readers never wait for the query", async () => {
    const user = await createUser();
    await tagged(user.id, ["lorien"]);
    expect(await getTrendingTags(now)).toEqual([{ tag: "lorien", count: 1 }]);
    await tagged((await createUser()).id, ["lorien"]);
    await tagged(user.id, ["zathras"]);
    await refreshTrendingTags(later(50_000));
    // 61 s after the first read the first result would have run out; the refreshed one is 11 s old.
    const { result: counts, queries } = await countQueries(() => getTrendingTags(later(61_000)));
    expect(queries).toBe(0);
    expect(counts).toEqual([
      { tag: "lorien", count: 2 },
      { tag: "zathras", count: 1 },
    ]);
  });
});

describe("a hashtag posted on this server", () => {
  it("shows in the cached counts at once, without another query, and leaves with its crud's expiry", async () => {
    clearTrendingCache();
    const now = new Date();
    await getTrendingTags(now);
    const expiresAt = new Date(now.getTime() + 5_000);
    recordPostedTags(["brandnew"], expiresAt, "author-a");
    const {
      result: [withTag, afterExpiry],
      queries,
    } = await countQueries(async () => [await getTrendingTags(now), await getTrendingTags(expiresAt)] as const);
    expect(queries).toBe(0);
    expect(withTag.find((t) => t.tag === "brandnew")?.count).toBe(1);
    expect(afterExpiry.find((t) => t.tag === "brandnew")).toBeUndefined();
  });

  it("counts each author once, until their last crud with the tag expires", async () => {
    clearTrendingCache();
    const now = new Date();
    await getTrendingTags(now);
    const at = (ms: number) => new Date(now.getTime() + ms);
    recordPostedTags(["again"], at(5_000), "author-a");
    recordPostedTags(["again"], at(9_000), "author-a");
    recordPostedTags(["again"], at(3_000), "author-a");
    recordPostedTags(["again"], at(4_000), "author-b");
    const count = async (ms: number) => (await getTrendingTags(at(ms))).find((t) => t.tag === "again")?.count;
    expect(await count(0)).toBe(2);
    expect(await count(4_000)).toBe(1);
    expect(await count(8_999)).toBe(1);
    expect(await count(9_000)).toBeUndefined();
  });

  it("leaves the counts of a tag the query returned to the next refresh, never counting an author twice", async () => {
    const user = await createUser();
    await tagged(user.id, ["kosh"]);
    expect(await getTrendingTags(now)).toEqual([{ tag: "kosh", count: 1 }]);
    recordPostedTags(["kosh"], later(HOUR), user.id);
    expect(await getTrendingTags(now)).toEqual([{ tag: "kosh", count: 1 }]);
  });
});
