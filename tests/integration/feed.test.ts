// `/@:handle/feed.xml` over HTTP, against the production build (`npm run build`): a valid Atom feed
// (strict XML 1.0, RFC 4287's required elements) whatever the text posted through the real form,
// the user's live top-level cruds newest first, each with its expiry; a crud leaves it the moment it
// expires or is ended; Cache-Control never outlives the soonest expiry; never served from the
// anonymous page cache; 404 for unknown and suspended users; linked from the profile.
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { parseAtom } from "../support/atom";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

const app = withProductionApp();

const HOUR = 3_600_000;
const feed = (handle: string, headers: Record<string, string> = {}) => fetch(`${app.url}/@${handle}/feed.xml`, { headers });

/** Posts through the crud form, as a person would (JavaScript off): the text goes through the form's own cleaning. */
async function post(handle: string, cookie: string, message: string, ttl = "1-day") {
  const response = await fetch(`${app.url}/compose`, {
    method: "POST",
    body: new URLSearchParams({ intent: "crud", message, ttl, backTo: `/@${handle}` }),
    headers: { cookie },
    redirect: "manual",
  });
  expect(response.status).toBe(302);
  expect(response.headers.get("location")).toBe(`/@${handle}`);
}

const maxAge = (response: Response) => Number(/max-age=(\d+)/.exec(response.headers.get("cache-control") ?? "")?.[1]);

describe("the Atom feed", () => {
  it("is a valid feed of the user's live top-level cruds, newest first, hostile text and all", async () => {
    const ana = await createUser({ handle: "feed_ana", displayName: `Ana <&> "]]>" \u0001` });
    const cookie = await sessionCookie(ana.id);
    const hostile = `<b>bold</b> & </content></entry> ]]> <![CDATA[x]]> \u0001\u0002\u0008\u000b\u000c\u000e\u001f\u007f \uFFFE \uFFFF &amp; &#0; 😀 #tag @feed_ana`;
    await post(ana.handle, cookie, "first, older");
    await post(ana.handle, cookie, hostile);
    const older = await prisma.crud.findFirstOrThrow({ where: { message: "first, older" }, select: { id: true } });
    await createCrud(ana.id, { message: "a reply", replyToId: older.id });
    await createCrud(ana.id, { message: "expired a millisecond ago", expiresAt: new Date(Date.now() - 1) });

    const response = await feed("FEED_ANA");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    const xml = await response.text();
    const parsed = parseAtom(xml);
    expect(parsed.title).toBe(`Ana <&> "]]>"  (@feed_ana) on Cruddur`);
    expect(parsed.self).toBe(`${app.url}/@feed_ana/feed.xml`);
    expect(parsed.entries).toHaveLength(2);
    const [newest, oldest] = parsed.entries;
    // Exactly what the crud holds, less the characters XML cannot carry (here U+0001… and U+FFFE/F).
    const stored = (await prisma.crud.findFirstOrThrow({
      where: { message: { startsWith: "<b>bold" } },
      select: { id: true, message: true, expiresAt: true },
    }))!;
    const notXml = (char: string) => (char < " " && !"\t\n\r".includes(char)) || char === "\uFFFE" || char === "\uFFFF";
    const visible = Array.from(stored.message)
      .filter((char) => !notXml(char))
      .join("");
    expect(newest!.content).toBe(`${visible}\n\nExpires ${stored.expiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`);
    expect(newest!.content).toContain("</content></entry> ]]> <![CDATA[x]]>");
    expect(newest!.id).toBe(`urn:uuid:${stored.id}`);
    expect(newest!.link).toBe(`${app.url}/@feed_ana/status/${stored.id}`);
    expect(newest!.expires).toBe(stored.expiresAt.toISOString());
    expect(oldest!.title).toBe("first, older");
    expect(xml).not.toContain("a reply");
    expect(xml).not.toContain("expired a millisecond ago");
  });

  it("drops a crud the moment it is ended early, and is never answered from the page cache", async () => {
    const bo = await createUser({ handle: "feed_bo" });
    const cookie = await sessionCookie(bo.id);
    const crud = await createCrud(bo.id, { message: "ending soon", expiresAt: new Date(Date.now() + 2 * HOUR) });
    const first = await feed(bo.handle);
    expect(await first.text()).toContain("ending soon");
    expect(first.headers.get("x-cache")).toBeNull();
    const ended = await fetch(`${app.url}/@feed_bo/status/${crud.id}`, {
      method: "POST",
      body: new URLSearchParams({ intent: "shorten", ttl: "now" }),
      headers: { cookie },
      redirect: "manual",
    });
    expect(ended.status).toBe(302);
    const after = await feed(bo.handle);
    expect(after.headers.get("x-cache")).toBeNull();
    expect(parseAtom(await after.text()).entries).toEqual([]);
    // Expired in the database (as the clock passing would): the very next answer has it gone too.
    const other = await createCrud(bo.id, { message: "natural end" });
    expect(await (await feed(bo.handle)).text()).toContain("natural end");
    await prisma.crud.update({ where: { id: other.id }, data: { expiresAt: new Date() } });
    expect(await (await feed(bo.handle)).text()).not.toContain("natural end");
  });

  it("may be cached no longer than until its soonest expiry, at most a minute; an ETag saves resending it", async () => {
    const cy = await createUser({ handle: "feed_cy" });
    const empty = await feed(cy.handle);
    expect(empty.headers.get("cache-control")).toBe("public, max-age=60");
    await createCrud(cy.id, { message: "long", expiresAt: new Date(Date.now() + HOUR) });
    const soonest = new Date(Date.now() + 20_000);
    await createCrud(cy.id, { message: "short", expiresAt: soonest });
    const response = await feed(cy.handle);
    const asked = Date.now();
    expect(response.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    // Kept from now for max-age seconds: still before the soonest expiry.
    expect(asked + maxAge(response) * 1000).toBeLessThanOrEqual(soonest.getTime());
    expect(maxAge(response)).toBeGreaterThan(0);
    const etag = response.headers.get("etag");
    expect(etag).toMatch(/^(W\/)?"[A-Za-z0-9_-]+"$/);
    const again = await feed(cy.handle, { "if-none-match": etag! });
    expect(again.status).toBe(304);
    expect(again.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    expect(await again.text()).toBe("");
    // A new crud is a new document.
    await createCrud(cy.id, { message: "newer" });
    expect((await feed(cy.handle, { "if-none-match": etag! })).status).toBe(200);
  });

  it("is a 404 for an unknown, malformed or suspended user; the profile links it unless suspended", async () => {
    expect((await feed("nobody_here")).status).toBe(404);
    expect((await fetch(`${app.url}/feed_ana/feed.xml`)).status).toBe(404);
    expect((await fetch(`${app.url}/@a%3Cb/feed.xml`)).status).toBe(404);
    const di = await createUser({ handle: "feed_di" });
    const profile = await (await fetch(`${app.url}/@feed_di`)).text();
    expect(profile).toMatch(/<link rel="alternate" type="application\/atom\+xml" title="Cruds by @feed_di" href="\/@feed_di\/feed.xml"\/>/);
    await prisma.user.update({ where: { id: di.id }, data: { suspendedAt: new Date() } });
    const suspended = await feed(di.handle);
    expect(suspended.status).toBe(404);
    expect(await suspended.text()).toBe("There is no user @feed_di on Cruddur.");
    // (Another address than the one fetched above, which the anonymous page cache may hold for a second.)
    expect(await (await fetch(`${app.url}/@feed_di?suspended`)).text()).not.toContain("application/atom+xml");
  });
});
