// Per-request SQL counting on the real pool: exact counts, also when requests queue for a connection.
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { countQueries, createRequestContext, runWithRequestContext, serverTiming } from "./request-context.server";

describe("countQueries", () => {
  it("counts one statement per query, BEGIN and COMMIT included in a transaction", async () => {
    expect((await countQueries(() => prisma.user.findMany({ take: 1 }))).queries).toBe(1);
    expect((await countQueries(() => prisma.$queryRaw`SELECT 1`)).queries).toBe(1);
    const tx = await countQueries(() => prisma.$transaction([prisma.user.count(), prisma.crud.count()]));
    expect(tx.queries).toBe(4);
    expect(tx.dbMs).toBeGreaterThan(0);
    expect((await countQueries(async () => 42)).queries).toBe(0);
  });

  it("attributes each statement to its own request when 40 requests share a 10-connection pool", async () => {
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        countQueries(async () => {
          for (let q = 0; q < (i % 4) + 1; q++) await prisma.$queryRaw`SELECT pg_sleep(0.002)::text AS slept`;
        }),
      ),
    );
    expect(results.map((r) => r.queries)).toEqual(Array.from({ length: 40 }, (_, i) => (i % 4) + 1));
  });

  it("does not count statements outside a request", async () => {
    const context = createRequestContext("r");
    await prisma.$queryRaw`SELECT 1`;
    await runWithRequestContext(context, async () => undefined);
    expect(context.dbQueries).toBe(0);
    expect(serverTiming(context)).toMatch(/^db;dur=0;desc="0 queries", total;dur=[\d.]+$/);
  });
});
