import { describe, expect, it } from "vitest";
import { Prisma } from "~/generated/prisma/client";
import { DatabaseUnavailable, isConnectionFailure, queryRows, queryRowsPlannedEachTime, withTransaction } from "~/db.server";
import { createUser } from "../tests/support/factories";

const withCode = (code: string, message = "x") => Object.assign(new Error(message), { code });

describe("isConnectionFailure", () => {
  it("recognises an unreachable or restarting server", () => {
    for (const code of ["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "08006", "08001", "57P01", "57P03", "53300"]) {
      expect(isConnectionFailure(withCode(code)), code).toBe(true);
    }
    expect(isConnectionFailure(new Error("timeout exceeded when trying to connect"))).toBe(true);
    expect(isConnectionFailure(new Error("Connection terminated unexpectedly"))).toBe(true);
    // Node's per-address errors (IPv4 and IPv6), and errors wrapped by another library.
    expect(isConnectionFailure(new AggregateError([withCode("ECONNREFUSED")], ""))).toBe(true);
    expect(isConnectionFailure(new Error("query failed", { cause: withCode("57P01") }))).toBe(true);
  });

  it("leaves statement errors alone: they are bugs or constraints, not an outage", () => {
    for (const code of ["23505", "42P01", "22001", "28P01", "3D000", "57014"]) {
      expect(isConnectionFailure(withCode(code)), code).toBe(false);
    }
    expect(isConnectionFailure(new Error("boom"))).toBe(false);
    expect(isConnectionFailure(undefined)).toBe(false);
  });
});

describe("DatabaseUnavailable", () => {
  it("is a 503 Response with the message and Retry-After, carrying its cause", async () => {
    const cause = withCode("ECONNREFUSED");
    const response = new DatabaseUnavailable(cause);
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("60");
    expect(await response.text()).toBe("Cruddur cannot reach its database right now. Please try again in a minute.");
    expect(response.cause).toBe(cause);
  });
});

describe("planning (ADR 025)", () => {
  // The statement that asks is itself prepared, on whichever connection runs it, before it runs;
  // the marker tells its text from the other checks'.
  const preparedSelf = (marker: string) =>
    Prisma.sql`SELECT count(*)::int AS n FROM pg_prepared_statements WHERE name LIKE 'cruddur\_%' AND statement LIKE ${Prisma.raw(`'%${marker}%'`)}`;

  it("queryRows runs named statements on connections that keep generic plans", async () => {
    expect(await queryRows<{ n: number }>`${preparedSelf("check-named")}`).toEqual([{ n: 1 }]);
    expect(await queryRows<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode`).toEqual([{ mode: "force_generic_plan" }]);
    // A value is a parameter, never part of the text: one prepared statement serves every value.
    for (const value of ["a", "b", "c"]) expect(await queryRows<{ v: string }>`SELECT ${value}::text AS v`).toEqual([{ v: value }]);
  });

  it("queryRowsPlannedEachTime plans with the values, unnamed, on its own connections", async () => {
    expect(await queryRowsPlannedEachTime<{ n: number }>`${preparedSelf("check-unnamed")}`).toEqual([{ n: 0 }]);
    expect(await queryRowsPlannedEachTime<{ mode: string }>`SELECT current_setting('plan_cache_mode') AS mode`).toEqual([{ mode: "auto" }]);
  });

  it("stops naming statements past 500 texts (unbounded SQL must not fill the server's memory)", async () => {
    for (let n = 0; n < 520; n++) await queryRows`SELECT ${Prisma.raw(String(n))} AS n`;
    // The check itself is a new text past the cap, so it runs unnamed and sees no prepared copy of itself.
    expect(await queryRows<{ n: number }>`${preparedSelf("check-past-the-cap")}`).toEqual([{ n: 0 }]);
  });
});

describe("withTransaction", () => {
  const follows = (followerId: string) =>
    queryRows<{ followeeId: string }>`SELECT followee_id::text AS "followeeId" FROM follows WHERE follower_id = ${followerId}::uuid ORDER BY followee_id`;

  it("commits every write of the work together, on one connection", async () => {
    const [a, b, c] = [await createUser(), await createUser(), await createUser()];
    const result = await withTransaction(async (tx) => {
      const [own] = await tx.queryRows<{ pid: number }>`SELECT pg_backend_pid() AS pid`;
      const first = await tx.execute`INSERT INTO follows (follower_id, followee_id) VALUES (${a.id}::uuid, ${b.id}::uuid)`;
      const [second] = await tx.queryRows<{ pid: number }>`
        INSERT INTO follows (follower_id, followee_id) VALUES (${a.id}::uuid, ${c.id}::uuid) RETURNING pg_backend_pid() AS pid`;
      // Inside, the transaction sees its own writes; outside, nobody does yet.
      expect(await tx.queryRows`SELECT 1 FROM follows WHERE follower_id = ${a.id}::uuid`).toHaveLength(2);
      expect(await follows(a.id)).toEqual([]);
      return { first, samePid: second!.pid === own!.pid };
    });
    expect(result).toEqual({ first: 1, samePid: true });
    expect((await follows(a.id)).map((row) => row.followeeId)).toEqual([b.id, c.id].sort());
  });

  it("rolls every write back when the work throws, and rethrows", async () => {
    const [a, b, c] = [await createUser(), await createUser(), await createUser()];
    const failure = new Error("changed my mind");
    await expect(
      withTransaction(async (tx) => {
        await tx.execute`INSERT INTO follows (follower_id, followee_id) VALUES (${a.id}::uuid, ${b.id}::uuid)`;
        await tx.execute`INSERT INTO follows (follower_id, followee_id) VALUES (${a.id}::uuid, ${c.id}::uuid)`;
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await follows(a.id)).toEqual([]);
  });

  it("rolls back on a failed statement (a constraint), and the connection serves the next caller", async () => {
    const [a, b] = [await createUser(), await createUser()];
    await expect(
      withTransaction(async (tx) => {
        await tx.execute`INSERT INTO follows (follower_id, followee_id) VALUES (${a.id}::uuid, ${b.id}::uuid)`;
        await tx.execute`INSERT INTO follows (follower_id, followee_id) VALUES (${a.id}::uuid, ${b.id}::uuid)`;
      }),
    ).rejects.toMatchObject({ code: "23505" });
    expect(await follows(a.id)).toEqual([]);
    // Every connection of the pool is back outside a transaction.
    const states = await Promise.all(Array.from({ length: 12 }, () => withTransaction((tx) => tx.queryRows<{ n: number }>`SELECT 1 AS n`)));
    expect(states.flat()).toHaveLength(12);
    expect(await queryRows<{ inTransaction: boolean }>`SELECT now() <> statement_timestamp() AS "inTransaction"`).toEqual([{ inTransaction: false }]);
  });
});
