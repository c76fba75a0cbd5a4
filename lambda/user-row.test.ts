// The shared row builder and INSERT, through both adapters: node-postgres (the Lambda) and Prisma (the app).
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { deriveHandle, insertUserRow, isUniqueViolation, userRowFromAttributes, type UserRowQuery } from "./user-row";

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
// The per-file database is dropped WITH (FORCE) after the file: a connection still closing must not crash the run.
pool.on("connect", (client) => client.on("error", () => {}));
afterAll(async () => {
  await pool.end();
});

const viaPg: UserRowQuery = (sql, params) => pool.query(sql, params);
const viaPrisma: UserRowQuery = async (sql, params) => ({ rowCount: await prisma.$executeRawUnsafe(sql, ...params) });

let n = 0;
function row(handle = `row_${process.pid % 1000}_${++n}`) {
  return { cognitoUserId: crypto.randomUUID(), email: `${handle}@example.com`, handle, displayName: "Row Test" };
}

describe("userRowFromAttributes", () => {
  const base = { sub: "abc", email: "a@example.com", name: "Alice", preferred_username: "alice" };

  it("maps the attributes", () => {
    expect(userRowFromAttributes({ ...base, "cognito:user_status": "CONFIRMED" })).toEqual({
      cognitoUserId: "abc",
      email: "a@example.com",
      handle: "alice",
      displayName: "Alice",
    });
  });

  it("sanitises the handle and the display name", () => {
    expect(userRowFromAttributes({ ...base, preferred_username: " Alice.Smith-Jones " })).toMatchObject({ handle: "alice_smith_jones" });
    expect(userRowFromAttributes({ ...base, preferred_username: "a".repeat(30) })).toMatchObject({ handle: "a".repeat(20) });
    expect(userRowFromAttributes({ ...base, name: "  \u0000Bob\n  B.  " })).toMatchObject({ displayName: "Bob B." });
    expect(userRowFromAttributes({ ...base, name: "   ", preferred_username: "Bobby" })).toMatchObject({ displayName: "Bobby", handle: "bobby" });
    expect(userRowFromAttributes({ ...base, name: "😀".repeat(60) })).toMatchObject({ displayName: "😀".repeat(50) });
    // As the forms clean it: no bidi controls, and a name that shows nothing is no name.
    expect(userRowFromAttributes({ ...base, name: "\u202EecilA" })).toMatchObject({ displayName: "ecilA" });
    expect(userRowFromAttributes({ ...base, name: "\u200B\u3164", preferred_username: "Bobby" })).toMatchObject({ displayName: "Bobby" });
    expect(userRowFromAttributes({ ...base, preferred_username: undefined, email: "Carol.C@example.com" })).toMatchObject({ handle: "carol_c" });
  });

  it("refuses what it cannot repair", () => {
    expect(userRowFromAttributes({ ...base, sub: " " })).toEqual({ error: "missing sub" });
    expect(userRowFromAttributes({ ...base, email: undefined })).toEqual({ error: "missing email" });
    expect(userRowFromAttributes({ ...base, email: "nope" })).toEqual({ error: "malformed email" });
    expect(userRowFromAttributes({ ...base, preferred_username: "é", email: "x@example.com" })).toEqual({
      error: "no usable handle (preferred_username)",
    });
  });
});

describe("deriveHandle", () => {
  it("always yields a valid handle of at most 20 characters", () => {
    for (const handle of ["abc", "a".repeat(20), "abcdefghijklmnopq_s"]) {
      const derived = deriveHandle(handle);
      expect(derived).toMatch(/^[a-z0-9_]{3,20}$/);
      expect(derived.startsWith(`${handle.slice(0, 15)}_`)).toBe(true);
    }
  });
});

describe.each([
  ["node-postgres", viaPg],
  ["Prisma $executeRawUnsafe", viaPrisma],
])("insertUserRow via %s", (_name, query) => {
  it("inserts, then reports an existing row without touching it", async () => {
    const r = row();
    expect(await insertUserRow(query, r)).toBe("inserted");
    expect(await insertUserRow(query, { ...r, displayName: "Changed", handle: `${r.handle}x` })).toBe("exists");
    const { rows } = await pool.query("SELECT handle, display_name FROM users WHERE cognito_user_id = $1", [r.cognitoUserId]);
    expect(rows).toEqual([{ handle: r.handle, display_name: "Row Test" }]);
  });

  it("derives a free handle when another user has it", async () => {
    const first = row();
    await insertUserRow(query, first);
    const second = { ...row(), handle: first.handle };
    let derived: string | undefined;
    expect(await insertUserRow(query, second, { onDerivedHandle: (h) => (derived = h) })).toBe("inserted-with-new-handle");
    const { rows } = await pool.query("SELECT handle FROM users WHERE cognito_user_id = $1", [second.cognitoUserId]);
    expect(rows[0].handle).toBe(derived);
    expect(derived).toMatch(new RegExp(`^${first.handle.slice(0, 15)}_\\d{4}$`));
  });

  it("rethrows other database errors", async () => {
    await expect(insertUserRow(query, { ...row(), displayName: "" })).rejects.toThrow();
  });
});

describe("isUniqueViolation", () => {
  it("recognises the shapes drivers use", () => {
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation({ code: "P2002" })).toBe(true);
    expect(isUniqueViolation({ code: "P2010", meta: { code: "23505" } })).toBe(true);
    // What @prisma/adapter-pg 6.19 throws from $executeRawUnsafe (observed):
    expect(
      isUniqueViolation({
        code: "P2010",
        meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: "23505", kind: "UniqueConstraintViolation" } } },
      }),
    ).toBe(true);
    expect(isUniqueViolation(new Error("wrapped", { cause: { code: "23505" } }))).toBe(true);
    expect(isUniqueViolation({ code: "23514" })).toBe(false);
    expect(isUniqueViolation({ code: "P2010", meta: { driverAdapterError: { cause: { originalCode: "23514", kind: "postgres" } } } })).toBe(false);
    expect(isUniqueViolation(new Error("connection refused"))).toBe(false);
    expect(isUniqueViolation(undefined)).toBe(false);
  });
});
