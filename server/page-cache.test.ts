import { request, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { pageCache } from "./page-cache";
import { anonymousCacheHeaders } from "~/routes-support/page-cache";

let rendered = 0;
let ttl = "800";
let base = "";
let slowStartedAt = 0;
const server = express()
  .use((req, res, next) => {
    res.locals.cspNonce = `nonce${Math.random().toString(36).slice(2)}`;
    req.headers["x-request-id"] = `req${Math.random().toString(36).slice(2)}`;
    next();
  })
  .use(pageCache())
  .get("/page", (req, res) => {
    rendered++;
    res.setHeader("X-Page-Cache-Ttl", ttl);
    res.setHeader("X-Robots-Tag", "unavailable_after: Thu, 10 Dec 2026 12:00:00 GMT");
    res.type("html").send(`<script nonce="${res.locals.cspNonce}"></script><p>${req.headers["x-request-id"]} render ${rendered}</p>`);
  })
  .get("/slow", (_req, res) => {
    // A page whose loader allowed it 100 ms, rendered in 50 ms.
    slowStartedAt = Date.now();
    setTimeout(() => {
      res.setHeader("X-Page-Cache-Ttl", "100");
      res.type("html").send("<p>slow</p>");
    }, 50);
  })
  .post("/write", (_req, res) => {
    res.send("ok");
  });
const listener = server.listen(0);

beforeAll(() => {
  base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => listener.close(resolve)));

const signedInWrite = () => fetch(`${base}/write`, { method: "POST", headers: { cookie: "__Host-cruddur_session=abc" } });

describe("the anonymous page cache", () => {
  it("serves a signed-out page from memory with this request's nonce and id, and never leaks its header", async () => {
    const first = await fetch(`${base}/page`);
    const second = await fetch(`${base}/page`);
    expect(first.headers.get("x-page-cache-ttl")).toBeNull();
    expect(second.headers.get("x-cache")).toBe("HIT");
    const [a, b] = [await first.text(), await second.text()];
    expect(b).toContain("render 1");
    expect(b.match(/nonce="([^"]+)"/)?.[1]).not.toBe(a.match(/nonce="([^"]+)"/)?.[1]);
    expect(b.match(/<p>(\S+)/)?.[1]).not.toBe(a.match(/<p>(\S+)/)?.[1]);
  });

  it("keeps a page's robots header, and keeps pages apart by host", async () => {
    ttl = "800";
    await signedInWrite();
    const first = await fetch(`${base}/page`);
    const hit = await fetch(`${base}/page`);
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(hit.headers.get("x-robots-tag")).toBe(first.headers.get("x-robots-tag"));
    // Another host is another page, rendered for it (fetch does not let a Host header through).
    const other = await new Promise<IncomingMessage>((resolve, reject) =>
      request(`${base}/page`, { headers: { host: "evil.example" } }, resolve)
        .on("error", reject)
        .end(),
    );
    other.resume();
    expect(other.headers["x-cache"]).toBeUndefined();
  });

  it("keeps pages apart by the time zone the browser reported (the tz cookie, ADR 037)", async () => {
    ttl = "800";
    await signedInWrite();
    const utc = await fetch(`${base}/page`);
    expect(await utc.text()).toContain(`render ${rendered}`);
    const tokyo = await fetch(`${base}/page`, { headers: { cookie: "tz=Asia%2FTokyo" } });
    expect(tokyo.headers.get("x-cache")).toBeNull();
    expect((await fetch(`${base}/page`, { headers: { cookie: "a=1; tz=Asia%2FTokyo" } })).headers.get("x-cache")).toBe("HIT");
    expect((await fetch(`${base}/page`)).headers.get("x-cache")).toBe("HIT");
    expect((await fetch(`${base}/page`, { headers: { cookie: "tz=Europe%2FParis" } })).headers.get("x-cache")).toBeNull();
  });

  it("counts a page's time to live from the request, not from the end of its rendering", async () => {
    await fetch(`${base}/slow`);
    vi.useFakeTimers({ toFake: ["Date"], now: slowStartedAt + 120 });
    try {
      expect((await fetch(`${base}/slow`)).headers.get("x-cache")).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("never serves or stores pages for signed-in requests", async () => {
    const signedIn = await fetch(`${base}/page`, { headers: { cookie: "__Host-cruddur_session=abc" } });
    expect(signedIn.headers.get("x-cache")).toBeNull();
    expect(signedIn.headers.get("x-page-cache-ttl")).toBeNull();
  });

  it("forgets everything on a signed-in write, and after the page's time to live", async () => {
    await signedInWrite();
    expect((await fetch(`${base}/page`)).headers.get("x-cache")).toBeNull();
    ttl = "50";
    await signedInWrite();
    await fetch(`${base}/page`);
    expect((await fetch(`${base}/page`)).headers.get("x-cache")).toBe("HIT");
    // 60 ms later on the cache's clock (no waiting on the real one).
    vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 60 });
    try {
      expect((await fetch(`${base}/page`)).headers.get("x-cache")).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it("never serves or stores a page for a request carrying a status message (ADR 020): it is that visitor's", async () => {
    ttl = "800";
    await signedInWrite();
    await fetch(`${base}/page`);
    for (const cookie of ["cruddur_flash=abc", "__Host-cruddur_flash=abc"]) {
      const flashed = await fetch(`${base}/page`, { headers: { cookie } });
      expect(flashed.headers.get("x-cache")).toBeNull();
      expect(flashed.headers.get("x-page-cache-ttl")).toBeNull();
    }
    await signedInWrite();
    const rendering = rendered;
    const flashed = await (await fetch(`${base}/page`, { headers: { cookie: "__Host-cruddur_flash=abc" } })).text();
    expect(rendered).toBe(rendering + 1);
    // The next visitor's page is rendered for them, not the one rendered for the flash.
    const next = await fetch(`${base}/page`);
    expect(next.headers.get("x-cache")).toBeNull();
    expect(await next.text()).not.toBe(flashed);
  });

  it("keeps its pages through HEAD, OPTIONS and signed-out posts, which change no public page", async () => {
    ttl = "800";
    await signedInWrite();
    await fetch(`${base}/page`);
    await fetch(`${base}/page`, { method: "HEAD" });
    await fetch(`${base}/page`, { method: "OPTIONS" });
    await fetch(`${base}/write`, { method: "POST" });
    expect((await fetch(`${base}/page`)).headers.get("x-cache")).toBe("HIT");
  });
});

describe("with the cache turned off (PAGE_CACHE=0)", () => {
  it("still never lets the opt-in header reach the browser", async () => {
    const off = express()
      .use(pageCache({ enabled: false }))
      .get("/page", (_req, res) => {
        res.setHeader("X-Page-Cache-Ttl", "800");
        res.type("html").send("<p>page</p>");
      })
      .listen(0);
    try {
      const response = await fetch(`http://127.0.0.1:${(off.address() as AddressInfo).port}/page`);
      expect(response.headers.get("x-page-cache-ttl")).toBeNull();
      expect(response.headers.get("x-cache")).toBeNull();
    } finally {
      await new Promise((resolve) => off.close(resolve));
    }
  });
});

describe("anonymousCacheHeaders", () => {
  const now = new Date("2026-11-25T12:00:00.000Z");
  it("caps the time to live at 1 s and ends it before the first crud on the page expires", () => {
    expect(anonymousCacheHeaders([], now)).toEqual({ "X-Page-Cache-Ttl": "1000" });
    expect(anonymousCacheHeaders([{ expiresAt: new Date(now.getTime() + 300) }], now)).toEqual({ "X-Page-Cache-Ttl": "299" });
    expect(anonymousCacheHeaders([{ expiresAt: new Date(now.getTime() + 1) }], now)).toEqual({});
  });
});

describe("concurrent misses", () => {
  it("render a page once while the others wait for it", async () => {
    ttl = "800";
    await signedInWrite();
    const before = rendered;
    const responses = await Promise.all(Array.from({ length: 10 }, () => fetch(`${base}/page`)));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(rendered - before).toBe(1);
  });
});
