// The QA token (ADR 042) over real HTTP, against the production build (`npm run build`): the rate limits stay
// on, and only a request carrying the operator's token is let through them; a wrong token counts as none;
// a production server refuses to start with one. Searches are the limit used (60 a minute per IP).
import { describe, expect, it } from "vitest";
import { RATE_LIMITS } from "~/security/rate-limits.server";
import { startApp, withProductionApp } from "../support/production-app-suite";

const TOKEN = "qa-token-for-the-suite-0123456789abcdef";
const app = withProductionApp({ STAGE: "e2e", QA_RATE_LIMIT_TOKEN: TOKEN });
const LIMIT = RATE_LIMITS.searchesPerIp.points;

let searches = 0;
/** A search from `ip` (a new query each time: the page cache would answer a repeat uncounted). */
function search(ip: string, token?: string) {
  const headers: Record<string, string> = { "X-Forwarded-For": ip };
  if (token !== undefined) headers["X-QA-Token"] = token;
  return fetch(`${app.url}/search?q=qa${++searches}`, { headers, redirect: "manual" });
}

async function statuses(count: number, ip: string, token?: string): Promise<number[]> {
  const all: number[] = [];
  for (let i = 0; i < count; i++) all.push((await search(ip, token)).status);
  return all;
}

describe("the rate limits and the QA token", () => {
  it("let a request with the token through, past the limit, and count none of them", async () => {
    expect(await statuses(LIMIT + 5, "198.51.100.1", TOKEN)).toEqual(Array(LIMIT + 5).fill(200));
    // The same address without the token still has its whole allowance: the QA requests were not counted.
    expect(await statuses(LIMIT, "198.51.100.1")).toEqual(Array(LIMIT).fill(200));
    expect((await search("198.51.100.1")).status).toBe(429);
    // …and the token still lets through an address that is over its limit.
    expect((await search("198.51.100.1", TOKEN)).status).toBe(200);
  });

  it("limit a request without the token, or with a wrong one", async () => {
    expect(await statuses(LIMIT, "198.51.100.2", `${TOKEN}x`)).toEqual(Array(LIMIT).fill(200));
    const refused = await search("198.51.100.2", `${TOKEN}x`);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("You have searched too many times.");
    expect((await search("198.51.100.2", "")).status).toBe(429);
  });
});

describe("a production server", () => {
  it.each([
    ["NODE_ENV=production and no STAGE", {}],
    ["STAGE=production", { STAGE: "production" }],
  ])("refuses to start with a QA token (%s)", async (_, env) => {
    await expect(startApp({ ...env, QA_RATE_LIMIT_TOKEN: TOKEN })).rejects.toThrow(/QA_RATE_LIMIT_TOKEN: must not be set in production/);
  });

  it("refuses a token short enough to guess", async () => {
    await expect(startApp({ STAGE: "staging", QA_RATE_LIMIT_TOKEN: "short" })).rejects.toThrow(/QA_RATE_LIMIT_TOKEN: must be at least 32 characters/);
  });
});
