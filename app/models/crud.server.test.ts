import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getProfile, getTimelinePage, PAGE_SIZE } from "~/models/crud.server";
import { createCrud, createUser } from "../../tests/support/factories";

const SECOND = 1_000;

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});

describe("the live rule (SPEC §2)", () => {
  it("shows a crud until the second it expires, and never from that second on", async () => {
    const user = await createUser();
    const expiresAt = new Date(Date.now() + 60 * SECOND);
    const crud = await createCrud(user.id, { expiresAt });

    const justBefore = await getTimelinePage({ now: new Date(expiresAt.getTime() - 1) });
    expect(justBefore.items.map((c) => c.id)).toEqual([crud.id]);

    const atExpiry = await getTimelinePage({ now: expiresAt });
    expect(atExpiry.items).toEqual([]);

    const profile = await getProfile({ handle: user.handle, now: expiresAt });
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

  it("includes the author's display name and handle", async () => {
    const user = await createUser({ handle: "londo", displayName: "Londo Mollari" });
    await createCrud(user.id);
    const [crud] = (await getTimelinePage({ now: new Date() })).items;
    expect(crud?.user).toEqual({ handle: "londo", displayName: "Londo Mollari" });
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

    const result = await getProfile({ handle: "BaYkO", now: new Date() });
    expect(result?.profile).toMatchObject({ handle: "bayko", displayName: "Andrew Bayko", bio: "Co-founder", crudCount: 1 });
    expect(result?.page.items.map((c) => c.id)).toEqual([live.id]);
  });

  it("returns null for an unknown handle", async () => {
    expect(await getProfile({ handle: "nobody", now: new Date() })).toBeNull();
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
