import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { FEED_SIZE, getAuthorFeed } from "~/models/feed.server";
import { createCrud, createUser } from "../../tests/support/factories";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});

describe("a user's feed", () => {
  it("has their live top-level cruds, newest first; a crud leaves it the millisecond it expires", async () => {
    const ana = await createUser({ handle: "ana" });
    const now = new Date();
    const ending = await createCrud(ana.id, { message: "ending", createdAt: new Date(now.getTime() - 2_000), expiresAt: new Date(now.getTime() + 5_000) });
    const newer = await createCrud(ana.id, { message: "newer", createdAt: new Date(now.getTime() - 1_000) });
    await createCrud(ana.id, { message: "a reply", replyToId: newer.id });
    await createCrud(ana.id, { message: "gone", expiresAt: now });
    const messages = async (at: Date) => (await getAuthorFeed("ANA", at))!.entries.map((entry) => entry.message);
    expect(await messages(now)).toEqual(["newer", "ending"]);
    expect(await messages(new Date(ending.expiresAt.getTime() - 1))).toEqual(["newer", "ending"]);
    expect(await messages(ending.expiresAt)).toEqual(["newer"]);
  });

  it("stops at FEED_SIZE entries", async () => {
    const ana = await createUser({ handle: "ana" });
    await prisma.crud.createMany({
      data: Array.from({ length: FEED_SIZE + 5 }, (_, n) => ({ userId: ana.id, message: `c${n}`, expiresAt: new Date(Date.now() + 3_600_000) })),
    });
    expect((await getAuthorFeed("ana", new Date()))!.entries).toHaveLength(FEED_SIZE);
  });

  it("is there for a user without cruds, and not for an unknown or suspended one", async () => {
    const ana = await createUser({ handle: "ana" });
    expect(await getAuthorFeed("ana", new Date())).toEqual({ author: expect.objectContaining({ id: ana.id, handle: "ana" }), entries: [] });
    expect(await getAuthorFeed("nobody", new Date())).toBeNull();
    await prisma.user.update({ where: { id: ana.id }, data: { suspendedAt: new Date() } });
    expect(await getAuthorFeed("ana", new Date())).toBeNull();
  });
});
