import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { PAGE_SIZE } from "~/models/crud.server";
import { likePrefix, parseSearchQuery, search, SEARCH_MAX } from "~/models/search.server";
import { createCrud, createUser } from "../../tests/support/factories";
import { countQueries } from "~/observability/request-context.server";

const SECOND = 1_000;

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
});

async function tag(crud: { id: string; createdAt: Date }, ...tags: string[]) {
  for (const name of tags) await prisma.crudTag.create({ data: { crudId: crud.id, tag: name, createdAt: crud.createdAt } });
}

const run = (q: string, options: { now?: Date } = {}) => search(parseSearchQuery(q), { now: options.now ?? new Date() });

describe("parsing what was typed", () => {
  it("treats empty and blank as a prompt, #word as a tag, anything else as words", () => {
    expect(parseSearchQuery(null)).toEqual({ kind: "empty", text: "" });
    expect(parseSearchQuery(" \t\0 ")).toEqual({ kind: "empty", text: "" });
    expect(parseSearchQuery("#Babylon5")).toEqual({ kind: "tag", text: "#Babylon5", tag: "babylon5" });
    expect(parseSearchQuery("#café")).toMatchObject({ kind: "tag", tag: "café" });
    expect(parseSearchQuery("#two words")).toEqual({ kind: "words", text: "#two words" });
    expect(parseSearchQuery("  hello\u0000 world  ")).toEqual({ kind: "words", text: "hello world" });
  });

  it("cuts at 200 characters without splitting an emoji", () => {
    const query = parseSearchQuery("😀".repeat(1_000));
    expect([...query.text]).toHaveLength(SEARCH_MAX);
    expect(query.text).toBe("😀".repeat(SEARCH_MAX));
  });

  it("escapes LIKE's wildcards", () => {
    expect(likePrefix("50%_off\\")).toBe("50\\%\\_off\\\\%");
  });
});

describe("users", () => {
  it("match by handle or display-name prefix, ignoring case", async () => {
    const bayko = await createUser({ handle: "bayko", displayName: "Andrew Bayko" });
    await createUser({ handle: "andrewbrown", displayName: "Andrew Brown" });
    await createUser({ handle: "londo", displayName: "Londo Mollari" });

    expect((await run("BAY")).users.map((u) => u.handle)).toEqual(["bayko"]);
    expect((await run("@bayko")).users.map((u) => u.id)).toEqual([bayko.id]);
    expect((await run("andrew")).users.map((u) => u.handle)).toEqual(["andrewbrown", "bayko"]);
    expect((await run("andrew b")).users.map((u) => u.handle)).toEqual(["andrewbrown", "bayko"]);
    expect((await run("ANDREW BA")).users.map((u) => u.handle)).toEqual(["bayko"]);
    // A prefix, not a substring.
    expect((await run("ollari")).users).toEqual([]);
  });

  it("take % and _ literally", async () => {
    await createUser({ handle: "percent", displayName: "100% Real" });
    await createUser({ handle: "plain", displayName: "100 Real" });
    await createUser({ handle: "a_b", displayName: "Underscore" });
    await createUser({ handle: "axb", displayName: "Not underscore" });
    expect((await run("100%")).users.map((u) => u.handle)).toEqual(["percent"]);
    expect((await run("%")).users).toEqual([]);
    expect((await run("a_")).users.map((u) => u.handle)).toEqual(["a_b"]);
  });

  it("are at most 10, the exact handle first", async () => {
    for (let n = 0; n < 12; n++) await createUser({ handle: `zed${n}`, displayName: `Zed ${n}` });
    await createUser({ handle: "zed", displayName: "Zzz" });
    const { users } = await run("zed");
    expect(users).toHaveLength(10);
    expect(users[0]?.handle).toBe("zed");
  });
});

describe("cruds", () => {
  it("match words with full-text search, newest first, live only", async () => {
    const user = await createUser();
    const base = Date.now() - 3_600_000;
    const older = await createCrud(user.id, { message: "Green tea is the best", createdAt: new Date(base) });
    const newer = await createCrud(user.id, { message: "The BEST green apples", createdAt: new Date(base + SECOND) });
    await createCrud(user.id, { message: "green but expired, best", createdAt: new Date(base + 2 * SECOND), expiresAt: new Date(Date.now() - SECOND) });
    await createCrud(user.id, { message: "only green here" });

    expect((await run("best green")).cruds.map((c) => c.id)).toEqual([newer.id, older.id]);
    expect((await run("Tea")).cruds.map((c) => c.id)).toEqual([older.id]);
    expect((await run("nothing matches this")).cruds).toEqual([]);
  });

  it("never finds a crud from the second it expires", async () => {
    const user = await createUser();
    const expiresAt = new Date(Date.now() + 60 * SECOND);
    const crud = await createCrud(user.id, { message: "ephemeral #gone", expiresAt });
    await tag(crud, "gone");
    const before = new Date(expiresAt.getTime() - 1);
    expect((await run("ephemeral", { now: before })).cruds).toHaveLength(1);
    expect((await run("#gone", { now: before })).cruds).toHaveLength(1);
    expect((await run("ephemeral", { now: expiresAt })).cruds).toEqual([]);
    expect((await run("#gone", { now: expiresAt })).cruds).toEqual([]);
  });

  it("match a #tag through crud_tags, ignoring case, newest first, and page by cursor with no gap or overlap", async () => {
    const user = await createUser();
    const base = Date.now() - 3_600_000;
    const tagged = [];
    for (let n = 0; n < PAGE_SIZE + 5; n++) {
      const crud = await createCrud(user.id, { message: `number ${n} #Minbari`, createdAt: new Date(base + (n < 3 ? 0 : n) * SECOND) });
      await tag(crud, "minbari");
      tagged.push(crud.id);
    }
    const other = await createCrud(user.id, { message: "#narn" });
    await tag(other, "narn");
    const expired = await createCrud(user.id, { message: "#minbari old", expiresAt: new Date(Date.now() - SECOND) });
    await tag(expired, "minbari");

    const now = new Date();
    const first = await search(parseSearchQuery("#MINBARI"), { now });
    expect(first.users).toEqual([]);
    expect(first.cruds).toHaveLength(PAGE_SIZE);
    expect(first.cruds[0]?.message).toBe(`number ${PAGE_SIZE + 4} #Minbari`);
    const second = await search(parseSearchQuery("#minbari"), { now, cursor: first.next });
    expect(second.next).toBeUndefined();
    const ids = [...first.cruds, ...second.cruds].map((c) => c.id);
    expect(new Set(ids)).toEqual(new Set(tagged));
    expect(ids).toHaveLength(tagged.length);
  });

  it("page word results by cursor too", async () => {
    const user = await createUser();
    const base = Date.now() - 3_600_000;
    for (let n = 0; n < PAGE_SIZE + 2; n++) await createCrud(user.id, { message: `kosh ${n}`, createdAt: new Date(base + n * SECOND) });
    const now = new Date();
    const first = await search(parseSearchQuery("kosh"), { now });
    const second = await search(parseSearchQuery("kosh"), { now, cursor: first.next });
    expect(second.users).toEqual([]);
    expect(second.cruds.map((c) => c.message)).toEqual(["kosh 1", "kosh 0"]);
  });
});

describe("odd input is handled calmly", () => {
  it("answers 1,000 characters, emoji, RTL, NUL bytes and tsquery syntax without an error", async () => {
    const user = await createUser({ handle: "vorlon", displayName: "שלום Vorlon" });
    const crud = await createCrud(user.id, { message: "שלום עולם 🚀 rocket" });
    await createCrud(user.id, { message: "a & b | !c" });
    for (const q of [
      "x".repeat(1_000),
      "word ".repeat(200),
      "🚀".repeat(1_000),
      "\u0000\u0000abc\u0000",
      "'; DROP TABLE cruds; --",
      "a & b | !c <-> (d:*",
      "%_%_\\",
      "#",
      "##tag",
      "@",
      "\u202Eevil\u202C",
      "\uD800 lone surrogate",
    ]) {
      const query = parseSearchQuery(q);
      await expect(search(query, { now: new Date() })).resolves.toBeDefined();
    }
    expect((await run("שלום")).cruds.map((c) => c.id)).toEqual([crud.id]);
    expect((await run("שלום")).users.map((u) => u.handle)).toEqual(["vorlon"]);
    expect((await run("🚀 rocket")).cruds.map((c) => c.id)).toEqual([crud.id]);
  });
});

describe("bounded SQL", () => {
  it("is at most three queries for a page, whatever the number of results", async () => {
    const user = await createUser({ handle: "lennier" });
    for (let n = 0; n < 30; n++) await createCrud(user.id, { message: `lennier says ${n}` });
    const { result, queries } = await countQueries(() => search(parseSearchQuery("lennier"), { now: new Date() }));
    expect(result.cruds).toHaveLength(PAGE_SIZE);
    expect(result.users).toHaveLength(1);
    expect(queries).toBe(3);
    const { queries: none } = await countQueries(() => search(parseSearchQuery(""), { now: new Date() }));
    expect(none).toBe(0);
  });
});
