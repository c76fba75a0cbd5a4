// The limits against the per-file PostgreSQL database: what is counted, what is refused, what the
// page says, and that a counting failure lets the request through. No test waits: a window "ends"
// by moving its stored end into the past.
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import type { AppLoadContext } from "@remix-run/node";
import { prisma } from "~/db.server";
import {
  clearFailures,
  clientIp,
  countRequest,
  deleteEndedRateLimits,
  formatWait,
  RATE_LIMITS,
  refundGuess,
  takeGuess,
  tooManyRequests,
  wouldRefuse,
} from "~/security/rate-limits.server";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE rate_limits`;
});

const endAllWindows = () => prisma.$executeRaw`UPDATE rate_limits SET expire = ${BigInt(Date.now() - 1)}`;

describe("countRequest", () => {
  it("allows `points` requests in the window, then refuses with the wait and the page's message", async () => {
    for (let n = 0; n < 30; n++) expect(await countRequest(["postsPerMinute", "user-1"])).toBeNull();
    const refused = await countRequest(["postsPerMinute", "user-1"]);
    expect(refused).toMatchObject({
      limit: "postsPerMinute",
      message: expect.stringMatching(/^You have posted too many cruds\. Try again in (1 minute|\d+ seconds?)\.$/),
    });
    expect(refused!.retryAfter).toBeGreaterThan(0);
    expect(refused!.retryAfter).toBeLessThanOrEqual(60);
    expect(refused!.status).toBe(429);
    expect(tooManyRequests(refused!)).toEqual({ status: 429, headers: { "Retry-After": String(refused!.retryAfter) } });
    // Another account, and another limit, have counters of their own.
    expect(await countRequest(["postsPerMinute", "user-2"])).toBeNull();
    expect(await countRequest(["messagesPerMinute", "user-1"])).toBeNull();
  });

  it("allows again once the window has ended", async () => {
    for (let n = 0; n < 5; n++) await countRequest(["signUpPerIp", "203.0.113.9"]);
    expect(await countRequest(["signUpPerIp", "203.0.113.9"])).not.toBeNull();
    await endAllWindows();
    expect(await countRequest(["signUpPerIp", "203.0.113.9"])).toBeNull();
  });

  it("counts every given limit and returns the refusal with the longest wait", async () => {
    await prisma.$executeRaw`TRUNCATE rate_limits`;
    for (let n = 0; n < 30; n++) await countRequest(["postsPerMinute", "user-3"], ["postsPer3Hours", "user-3"]);
    await endAllWindows();
    // The 3-hour counter ended too: fill it again past its limit, then both refuse.
    for (let n = 0; n < 300; n++) await countRequest(["postsPer3Hours", "user-3"]);
    const refused = await countRequest(["postsPerMinute", "user-3"], ["postsPer3Hours", "user-3"]);
    expect(refused?.limit).toBe("postsPer3Hours");
    expect(refused!.retryAfter).toBeGreaterThan(60);
    expect(refused!.message).toMatch(/Try again in 3 hours\.$/);
  });

  it("stores a digest, never the email or address itself, in the library's columns", async () => {
    await countRequest(["resetCodesPerEmail", "Ana@Example.com"], ["resetCodesPerIp", "198.51.100.4"]);
    const rows = await prisma.rateLimit.findMany({ orderBy: { key: "asc" } });
    expect(rows.map((row) => row.key)).toEqual([expect.stringMatching(/^resetCodesPerEmail:[\w-]{43}$/), expect.stringMatching(/^resetCodesPerIp:[\w-]{43}$/)]);
    expect(rows.every((row) => row.points === 1 && Number(row.expire) > Date.now())).toBe(true);
    // An email is one counter whatever its case.
    await countRequest(["resetCodesPerEmail", "ana@example.com"]);
    expect(await prisma.rateLimit.count()).toBe(2);
  });
});

describe("failure counters", () => {
  it("take each guess's point before it is checked: `points` guesses, then a refusal; a refund gives one back; a success clears them", async () => {
    for (let n = 0; n < 10; n++) expect(await takeGuess("signInFailuresPerEmail", "bo@example.com")).toBeNull();
    const refused = await takeGuess("signInFailuresPerEmail", "bo@example.com");
    expect(refused?.message).toMatch(/^There have been too many wrong passwords for this account\. Try again in (\d+) minutes?\.$/);
    expect(refused!.retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(await takeGuess("signInFailuresPerEmail", "cy@example.com")).toBeNull();
    await clearFailures("signInFailuresPerEmail", "bo@example.com");
    expect(await wouldRefuse("signInFailuresPerEmail", "bo@example.com")).toBeNull();

    for (let n = 0; n < 10; n++) await takeGuess("signInFailuresPerEmail", "fe@example.com");
    expect(await wouldRefuse("signInFailuresPerEmail", "fe@example.com")).not.toBeNull();
    await refundGuess("signInFailuresPerEmail", "fe@example.com");
    expect(await wouldRefuse("signInFailuresPerEmail", "fe@example.com")).toBeNull();
    expect(await takeGuess("signInFailuresPerEmail", "fe@example.com")).toBeNull();
  });

  it("take guesses sent at once one by one: of 25 at once, exactly `points` pass", async () => {
    const results = await Promise.all(Array.from({ length: 25 }, () => takeGuess("signInFailuresPerEmail", "gi@example.com")));
    expect(results.filter((result) => result === null)).toHaveLength(RATE_LIMITS.signInFailuresPerEmail.points);
  });

  it("refund only within the window and never below zero", async () => {
    await refundGuess("wrongResetCodes", "ha@example.com");
    expect(await prisma.rateLimit.count()).toBe(0);
    await takeGuess("wrongResetCodes", "ha@example.com");
    await endAllWindows();
    await refundGuess("wrongResetCodes", "ha@example.com");
    await refundGuess("wrongResetCodes", "ha@example.com");
    expect((await prisma.rateLimit.findMany()).map((row) => row.points)).toEqual([1]);
  });

  it("a code guessed wrong 5 times is void, and says to ask for a new one", async () => {
    for (let n = 0; n < 5; n++) expect(await takeGuess("wrongResetCodes", "di@example.com")).toBeNull();
    expect((await takeGuess("wrongResetCodes", "di@example.com"))?.message).toBe(
      "That code was entered wrongly 5 times, so it no longer works, not even the right one. Ask for a new code.",
    );
  });
});

describe("when the counters cannot be reached", () => {
  let stderr: MockInstance<typeof process.stderr.write>;
  beforeEach(async () => {
    stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    await prisma.$executeRaw`ALTER TABLE rate_limits RENAME TO rate_limits_away`;
  });
  afterEach(async () => {
    await prisma.$executeRaw`ALTER TABLE rate_limits_away RENAME TO rate_limits`;
    stderr.mockRestore();
  });
  const warnings = () => stderr.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);

  it("lets reads, posts and the like through (fail open) and logs a warning", async () => {
    expect(await countRequest(["searchesPerIp", "192.0.2.1"])).toBeNull();
    expect(await countRequest(["postsPerMinute", "user-9"], ["postsPer3Hours", "user-9"])).toBeNull();
    expect(warnings()).toHaveLength(3);
    expect(warnings()[0]).toMatchObject({ level: "warn", msg: "rate limit not counted: request let through", limit: "searchesPerIp" });
    expect(String(warnings()[0]!.error)).toContain("rate_limits");
  });

  it("refuses guesses of a secret (fail closed: 503 with Retry-After) and logs a warning", async () => {
    for (const refused of [
      await takeGuess("signInFailuresPerEmail", "ed@example.com"),
      await countRequest(["signInPerIp", "192.0.2.2"]),
      await takeGuess("wrongResetCodes", "ed@example.com"),
      await countRequest(["confirmationsPerEmail", "ed@example.com"], ["confirmationsPerIp", "192.0.2.2"]),
      await countRequest(["passwordChangesPerAccount", "user-9"]),
    ]) {
      expect(refused).toMatchObject({ status: 503, message: expect.stringMatching(/^Cruddur cannot count .* right now, so this one was not tried\./) });
      expect(tooManyRequests(refused!)).toEqual({ status: 503, headers: { "Retry-After": "60" } });
    }
    expect(warnings()[0]).toMatchObject({ level: "warn", msg: "rate limit not counted: request refused", limit: "signInFailuresPerEmail" });
    // Refunds and clears that cannot be written leave the guesses counted, and say so.
    await refundGuess("signInFailuresPerEmail", "ed@example.com");
    await clearFailures("signInFailuresPerEmail", "ed@example.com");
    expect(
      warnings()
        .slice(-2)
        .map((line) => line.msg),
    ).toEqual(["rate limit not refunded", "rate limit not cleared"]);
  });

  it("fails closed on exactly the limits on guesses of a secret", () => {
    const closed = Object.entries(RATE_LIMITS)
      .filter(([, limit]) => "failClosed" in limit)
      .map(([name]) => name);
    expect(closed.sort()).toEqual(
      [
        "signInPerIp",
        "signInFailuresPerEmail",
        "resetsPerEmail",
        "resetsPerIp",
        "wrongResetCodes",
        "confirmationsPerEmail",
        "confirmationsPerIp",
        "wrongConfirmationCodes",
        "passwordChangesPerAccount",
        "accountDeletionsPerAccount",
        "signInCodesPerIp",
        "wrongSignInCodesPerAccount",
        "authenticatorChangesPerAccount",
        "setupCodesPerAccount",
      ].sort(),
    );
  });
});

describe("the limits", () => {
  it("are the ones the issue asks for", () => {
    const limit = (name: keyof typeof RATE_LIMITS) => [RATE_LIMITS[name].points, RATE_LIMITS[name].duration];
    expect(limit("signInPerIp")).toEqual([25, 5 * 60]);
    expect(limit("signInFailuresPerEmail")).toEqual([10, 15 * 60]);
    // The sign-in's second step (ADR 039): 5 codes per pending sign-in, these across them.
    expect(limit("signInCodesPerIp")).toEqual([25, 5 * 60]);
    expect(limit("wrongSignInCodesPerAccount")).toEqual([10, 15 * 60]);
    expect(limit("signUpPerIp")).toEqual([5, 30 * 60]);
    // Settings → Security (ADR 041): as password changes, and as confirmation codes.
    expect(limit("authenticatorChangesPerAccount")).toEqual([5, 30 * 60]);
    expect(limit("setupCodesPerAccount")).toEqual([5, 30 * 60]);
    for (const name of ["resetCodesPerEmail", "resetCodesPerIp", "resetsPerEmail", "resetsPerIp"] as const) expect(limit(name)).toEqual([5, 30 * 60]);
    for (const name of ["confirmationCodesPerEmail", "confirmationCodesPerIp", "confirmationsPerEmail", "confirmationsPerIp"] as const)
      expect(limit(name)).toEqual([5, 30 * 60]);
    expect(RATE_LIMITS.wrongResetCodes.points).toBe(5);
    expect(RATE_LIMITS.wrongConfirmationCodes.points).toBe(5);
    expect(limit("postsPerMinute")).toEqual([30, 60]);
    expect(limit("postsPer3Hours")).toEqual([300, 3 * 3600]);
    expect(limit("interactionsPerMinute")).toEqual([100, 60]);
    expect(limit("messagesPerMinute")).toEqual([100, 60]);
    expect(limit("searchesPerIp")).toEqual([60, 60]);
  });
});

describe("formatWait", () => {
  it("rounds up to seconds, minutes or hours", () => {
    expect([1, 59, 60, 61, 240, 5399, 5400, 10_800].map(formatWait)).toEqual([
      "1 second",
      "59 seconds",
      "1 minute",
      "2 minutes",
      "4 minutes",
      "90 minutes",
      "2 hours",
      "3 hours",
    ]);
  });
});

describe("clientIp", () => {
  const ip = (clientIp: string) => ({ cspNonce: "", clientIp }) as AppLoadContext;
  it("is req.ip, IPv4-mapped addresses as IPv4, IPv6 as its /64", () => {
    expect(clientIp(ip("203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIp(ip("::ffff:203.0.113.7"))).toBe("203.0.113.7");
    expect(clientIp(ip("2001:db8:85a3:8d3:1319:8a2e:370:7348"))).toBe("2001:db8:85a3:8d3::/64");
    expect(clientIp(ip("2001:DB8::1"))).toBe("2001:db8:0:0::/64");
    expect(clientIp(ip("fe80::1%eth0"))).toBe("fe80:0:0:0::/64");
    expect(clientIp({ cspNonce: "" } as AppLoadContext)).toBe("unknown");
  });
});

describe("deleteEndedRateLimits", () => {
  it("deletes only the counters whose window has ended", async () => {
    await countRequest(["searchesPerIp", "192.0.2.2"], ["searchesPerIp", "192.0.2.3"]);
    await prisma.$executeRaw`UPDATE rate_limits SET expire = ${BigInt(Date.now() - 1)} WHERE points = 1 AND key = (SELECT min(key) FROM rate_limits)`;
    expect(await deleteEndedRateLimits()).toBe(1);
    expect(await prisma.rateLimit.count()).toBe(1);
  });
});
