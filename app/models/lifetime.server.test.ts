import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getThread, getTimelinePage } from "~/models/crud.server";
import { shortenCrud } from "~/models/lifetime.server";
import { createCrud, createReply } from "~/models/posting.server";
import { getTrendingTags, refreshTrendingTags } from "~/models/trending.server";
import { ShortenSchema, shorterLifetimes } from "~/domain/shorten-lifetime";
import { createCrud as insertCrud, createUser } from "../../tests/support/factories";

const HOUR = 3_600_000;

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});

const expiryOf = async (id: string) => (await prisma.crud.findUniqueOrThrow({ where: { id }, select: { expiresAt: true } })).expiresAt;

/** A crud with a reply and a reply to that reply, all expiring together (as posted). */
async function thread(now: Date) {
  const [author, fan] = [await createUser(), await createUser()];
  const root = await createCrud({ userId: author.id, message: "root #ending", ttl: "1-day", now });
  const reply = (await createReply({ userId: fan.id, parentId: root, message: "reply", now }))!;
  const nested = (await createReply({ userId: author.id, parentId: reply, message: "nested", now }))!;
  return { author, fan, root, reply, nested };
}

describe("the lifetime form's choices", () => {
  it("offer 'Expire now' and only the presets ending strictly sooner than the crud", () => {
    expect(shorterLifetimes(HOUR).map((choice) => choice.value)).toEqual(["now"]);
    expect(shorterLifetimes(HOUR + 1).map((choice) => choice.value)).toEqual(["now", "1-hour"]);
    expect(shorterLifetimes(7 * 24 * HOUR).map((choice) => choice.value)).toEqual(["now", "3-days", "1-day", "12-hours", "3-hours", "1-hour"]);
  });

  it("accept 'now' and the presets, nothing else", () => {
    expect(ShortenSchema.safeParse({ ttl: "now" }).success).toBe(true);
    expect(ShortenSchema.safeParse({ ttl: "3-hours" }).success).toBe(true);
    for (const ttl of [undefined, "", "forever", "-1-hour", "now "]) {
      expect(ShortenSchema.safeParse({ ttl }).error?.issues[0]?.message).toBe("Choose one of the lifetimes in the list");
    }
  });
});

describe("shortening a crud", () => {
  it("moves the crud and every reply below it to the new end, in one transaction", async () => {
    const now = new Date();
    const { author, root, reply, nested } = await thread(now);
    const outcome = await shortenCrud({ userId: author.id, crudId: root, lifetime: "3-hours", now });
    const expected = new Date(now.getTime() + 3 * HOUR);
    expect(outcome).toEqual({ outcome: "shortened", expiresAt: expected, repliesMoved: 2, hasTags: true });
    for (const id of [root, reply, nested]) expect(await expiryOf(id)).toEqual(expected);
    // Live up to the last millisecond, gone at the new end.
    const justBefore = new Date(expected.getTime() - 1);
    expect((await getThread({ crudId: root, now: justBefore }))?.replies).toHaveLength(1);
    expect(await getThread({ crudId: reply, now: justBefore })).not.toBeNull();
    expect(await getThread({ crudId: root, now: expected })).toBeNull();
    expect(await getThread({ crudId: nested, now: expected })).toBeNull();
  });

  it("'now' ends it at once: from that very millisecond nothing of the thread is shown", async () => {
    const now = new Date();
    const { author, root, nested } = await thread(now);
    expect(await shortenCrud({ userId: author.id, crudId: root, lifetime: "now", now })).toMatchObject({ outcome: "shortened", expiresAt: now });
    expect(await getThread({ crudId: root, now })).toBeNull();
    expect(await getThread({ crudId: nested, now })).toBeNull();
    expect((await getTimelinePage({ now })).items).toEqual([]);
  });

  it("at the boundary: a crud expiring exactly now is expired; one a millisecond later can still be ended", async () => {
    const author = await createUser();
    const now = new Date();
    const ending = await insertCrud(author.id, { expiresAt: now });
    expect(await shortenCrud({ userId: author.id, crudId: ending.id, lifetime: "now", now })).toEqual({ outcome: "not-found" });
    const almost = await insertCrud(author.id, { expiresAt: new Date(now.getTime() + 1) });
    expect(await shortenCrud({ userId: author.id, crudId: almost.id, lifetime: "now", now })).toMatchObject({ outcome: "shortened" });
    expect(await expiryOf(almost.id)).toEqual(now);
  });

  it("at the boundary: a preset equal to what is left is refused; one a millisecond shorter is taken", async () => {
    const author = await createUser();
    const now = new Date();
    const equal = await insertCrud(author.id, { expiresAt: new Date(now.getTime() + HOUR) });
    expect(await shortenCrud({ userId: author.id, crudId: equal.id, lifetime: "1-hour", now })).toEqual({
      outcome: "not-sooner",
      expiresAt: equal.expiresAt,
    });
    expect(await expiryOf(equal.id)).toEqual(equal.expiresAt);
    const longer = await insertCrud(author.id, { expiresAt: new Date(now.getTime() + HOUR + 1) });
    expect(await shortenCrud({ userId: author.id, crudId: longer.id, lifetime: "1-hour", now })).toMatchObject({ outcome: "shortened" });
    expect(await expiryOf(longer.id)).toEqual(new Date(now.getTime() + HOUR));
  });

  it("never lengthens: a longer preset changes nothing", async () => {
    const now = new Date();
    const { author, root, reply } = await thread(now);
    const before = await expiryOf(root);
    expect(await shortenCrud({ userId: author.id, crudId: root, lifetime: "30-days", now })).toEqual({ outcome: "not-sooner", expiresAt: before });
    expect(await expiryOf(root)).toEqual(before);
    expect(await expiryOf(reply)).toEqual(before);
  });

  it("refuses someone else's crud and a reply (the thread's crud decides), changing nothing", async () => {
    const now = new Date();
    const { author, fan, root, reply } = await thread(now);
    const before = await expiryOf(root);
    expect(await shortenCrud({ userId: fan.id, crudId: root, lifetime: "now", now })).toEqual({ outcome: "forbidden" });
    expect(await shortenCrud({ userId: fan.id, crudId: reply, lifetime: "now", now })).toEqual({ outcome: "reply" });
    expect(await shortenCrud({ userId: author.id, crudId: "0b0e4e55-0000-4000-8000-000000000000", lifetime: "now", now })).toEqual({
      outcome: "not-found",
    });
    for (const id of [root, reply]) expect(await expiryOf(id)).toEqual(before);
  });

  it("keeps every reply's end equal to the crud's while replies are posted during the change", async () => {
    const now = new Date();
    const { author, fan, root, reply } = await thread(now);
    // Twenty replies, to the crud and to a reply, race one shortening.
    const replies = Array.from({ length: 20 }, (_, n) => createReply({ userId: fan.id, parentId: n % 2 ? root : reply, message: `racing ${n}`, now }));
    const [outcome] = await Promise.all([shortenCrud({ userId: author.id, crudId: root, lifetime: "1-hour", now }), ...replies]);
    expect(outcome).toMatchObject({ outcome: "shortened" });
    const ends = await prisma.crud.findMany({ select: { expiresAt: true } });
    expect(ends.length).toBe(23);
    expect(new Set(ends.map((crud) => crud.expiresAt.getTime()))).toEqual(new Set([now.getTime() + HOUR]));
  });

  it("a tagged crud ended now leaves the trending counts once they are refreshed (the action does so)", async () => {
    const now = new Date();
    const { author, root } = await thread(now);
    await refreshTrendingTags(now);
    expect(await getTrendingTags(now)).toEqual([{ tag: "ending", count: 1 }]);
    await shortenCrud({ userId: author.id, crudId: root, lifetime: "now", now });
    await refreshTrendingTags(now);
    expect(await getTrendingTags(now)).toEqual([]);
  });
});
