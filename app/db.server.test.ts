import { describe, expect, it } from "vitest";
import { DatabaseUnavailable, isConnectionFailure } from "~/db.server";

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
