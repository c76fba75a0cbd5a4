// Absolute links are made with the configured site origin (SITE_ORIGIN, as in AWS), never with the
// request's Host header: a client sending `Host: evil.example` must not get, or leave in a shared cache,
// a feed or a share card whose links point at evil.example. Against the production build (`npm run build`).
import { describe, expect, it } from "vitest";
import { createCrud, createUser } from "../support/factories";
import { withProductionApp } from "../support/production-app-suite";

const SITE = "https://cruddur.example";
const app = withProductionApp({ SITE_ORIGIN: SITE });

/** The probe's Host, and the same with a forwarded scheme (trusted from the one ALB hop) that has no origin at all. */
const HOSTILE: Record<string, string>[] = [
  { host: "evil.example" },
  { host: "evil.example", "x-forwarded-host": "evil.example", "x-forwarded-proto": "gopher" },
];

describe("a forged Host header", () => {
  it("does not move the Atom feed's links: every link is on the site origin, and the answer (and its ETag) is the one everyone gets", async () => {
    const author = await createUser();
    const crud = await createCrud(author.id, { message: "linked from the feed" });
    const plain = await fetch(`${app.url}/@${author.handle}/feed.xml`);
    const expected = await plain.text();
    for (const headers of HOSTILE) {
      const forged = await fetch(`${app.url}/@${author.handle}/feed.xml`, { headers });
      expect(forged.status).toBe(200);
      const xml = await forged.text();
      const links = [...xml.matchAll(/(?:href|uri)="([^"]+)"|<uri>([^<]+)<\/uri>/g)].map((match) => (match[1] ?? match[2])!);
      expect(links.length).toBeGreaterThanOrEqual(5);
      expect(links.filter((link) => !link.startsWith(`${SITE}/`))).toEqual([]);
      expect(links).toContain(`${SITE}/@${author.handle}/status/${crud.id}`);
      expect(xml).toBe(expected);
      expect(forged.headers.get("etag")).toBe(plain.headers.get("etag"));
    }
  });

  it("does not move a thread's share card either", async () => {
    const author = await createUser();
    const crud = await createCrud(author.id, { message: "shared from the thread" });
    for (const headers of HOSTILE) {
      const html = await (await fetch(`${app.url}/@${author.handle}/status/${crud.id}`, { headers })).text();
      expect(html).not.toContain("evil.example");
      expect(html).toContain(`${SITE}/@${author.handle}/status/${crud.id}`);
    }
  });
});
