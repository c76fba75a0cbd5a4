// The live timeline and links in cruds (ADR 021) at the HTTP boundary, against the production build: links in cruds (hostile ones too) and
// their counting, mentions of nobody, the new-cruds endpoint, every page's description, and what a
// crud's page tells crawlers and caches about its death. Needs `npm run build`.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { encodeCursor } from "~/domain/cursor";
import { LINK_ALLOWANCE } from "~/domain/crud-limits";
import { buildRoutes, routePath, sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

let cookie: string;
let ana: { id: string; handle: string };

const SITE_ORIGIN = "https://cruddur.example";
const app = withProductionApp({ SITE_ORIGIN });

beforeAll(async () => {
  ana = await createUser({ handle: "ana_live", displayName: "Ana Live" });
  await createUser({ handle: "vir_live", displayName: "Vir" });
  cookie = await sessionCookie(ana.id);
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers, redirect: "manual" });
const post = (path: string, form: Record<string, string>) =>
  fetch(`${app.url}${path}`, { method: "POST", headers: { cookie }, body: new URLSearchParams(form), redirect: "manual" });

/** The <p class="message"> of the card of crud `id` on its own page. */
async function messageHtml(id: string): Promise<string> {
  const html = await (await get(`/@ana_live/status/${id}`)).text();
  const card = html.slice(html.indexOf('class="thread-root"'));
  return /<p class="message">([\s\S]*?)<\/p>/.exec(card)?.[1] ?? "";
}

const anchors = (html: string) => [...html.matchAll(/<a ([^>]*)>/g)].map((m) => m[1]!);
const attribute = (tag: string, name: string) => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];
const metaContent = (html: string, key: string) => [...html.matchAll(new RegExp(`<meta (?:name|property)="${key}" content="([^"]*)"`, "g"))].map((m) => m[1]!);

describe("links in a crud", () => {
  it("are links with rel=nofollow ugc noopener, http and https only; hostile text stays text", async () => {
    const message = [
      "Read https://example.com/docs?a=1&b=2.",
      "javascript:alert(document.cookie)",
      "JaVaScRiPt:alert(1)//http://evil.example/x",
      "data:text/html;base64,PHNjcmlwdD4=",
      "https://bank.example@evil.example/login",
      'https://example.org/"onmouseover="alert(1)',
      "<a href='javascript:alert(1)'>x</a>",
    ].join(" ");
    const { id } = await createCrud(ana.id, { message });
    const html = await messageHtml(id);
    const links = anchors(html);
    expect(links.map((tag) => attribute(tag, "href"))).toEqual(["https://example.com/docs?a=1&amp;b=2", "http://evil.example/x", "https://example.org/"]);
    for (const tag of links) expect(attribute(tag, "rel")).toBe("nofollow ugc noopener");
    expect(html).not.toMatch(/href="(javascript|data|vbscript):/i);
    // The quote ends the link; the rest is text, escaped.
    expect(html).not.toMatch(/<[^>]*\sonmouseover=/);
    expect(html).toContain("&quot;onmouseover=&quot;alert(1)");
    // Escaped as text, never markup.
    expect(html).toContain("&lt;a href=&#x27;javascript:alert(1)&#x27;&gt;x&lt;/a&gt;");
    expect(html).toContain("https://bank.example@evil.example/login");
  });

  it("count as 23 characters: a crud of 250 characters and a 1,500-character link is posted; 281 without one is not", async () => {
    const link = `https://example.com/${"a".repeat(1_480)}`;
    const message = `${"x".repeat(250)} ${link}`;
    const posted = await post("/compose", { intent: "crud", message, ttl: "1-day", backTo: "/" });
    expect(posted.status).toBe(302);
    expect(await prisma.crud.count({ where: { message } })).toBe(1);

    const tooLong = await post("/compose", { intent: "crud", message: `${"x".repeat(281)} ${link}`, ttl: "1-day", backTo: "/" });
    expect(tooLong.status).toBe(400);
    expect(await tooLong.text()).toContain("Use at most 280 characters");
  });

  it("cannot smuggle an unbounded text: past 280 + 2,000 stored characters the crud is refused, with the text kept", async () => {
    const message = `hi https://example.com/${"a".repeat(LINK_ALLOWANCE + 300)}`;
    const response = await post("/compose", { intent: "crud", message, ttl: "1-day", backTo: "/" });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain("Links count as 23 characters, but the whole text can be at most 2280 characters");
    expect(html).toContain(message);
    expect(await prisma.crud.count({ where: { message } })).toBe(0);
  });

  it("the composer's HTML limit lets a long link through: maxlength is twice the stored limit", async () => {
    const html = await (await get("/", { cookie })).text();
    const textarea = /<textarea[^>]*id="crud-message"[^>]*>/.exec(html)?.[0] ?? "";
    expect(attribute(textarea, "maxLength") ?? attribute(textarea, "maxlength")).toBe(String(2 * (280 + LINK_ALLOWANCE)));
  });
});

describe("mentions", () => {
  it("are links only to users who exist; a mention of nobody is plain text", async () => {
    const { id } = await createCrud(ana.id, { message: "Hello @VIR_live and @nobody_at_all, and mail@vir_live" });
    const html = await messageHtml(id);
    expect(anchors(html).map((tag) => attribute(tag, "href"))).toEqual(["/@vir_live"]);
    expect(html).toContain("@nobody_at_all");
  });
});

describe("the new-cruds endpoint", () => {
  it("answers how many live entries are newer than the page's top, capped at a page, for the tab asked", async () => {
    const now = new Date();
    const since = encodeURIComponent(encodeCursor({ at: now, key: "00000000-0000-0000-0000-000000000000" }));
    const bob = await createUser();
    await createCrud(bob.id, { createdAt: new Date(now.getTime() + 1_000) });
    await createCrud(bob.id, { createdAt: new Date(now.getTime() + 2_000) });
    // Expired and replies never count.
    const expired = await createCrud(bob.id, { createdAt: new Date(now.getTime() + 3_000), expiresAt: new Date(Date.now() - 1) });
    await createCrud(bob.id, { createdAt: new Date(now.getTime() + 4_000), replyToId: expired.id, expiresAt: expired.expiresAt });

    const everyone = await get(`/api/new-cruds?tab=everyone&since=${since}`);
    expect(everyone.status).toBe(200);
    expect(everyone.headers.get("cache-control")).toBe("no-store");
    expect(everyone.headers.get("x-page-cache-ttl")).toBeNull();
    expect(await everyone.json()).toEqual({ count: 2, more: false });
    // Signed in, Following: Ana follows nobody, so nothing is new there.
    expect(await (await get(`/api/new-cruds?since=${since}`, { cookie })).json()).toEqual({ count: 0, more: false });
    expect(await (await get(`/api/new-cruds?tab=everyone&since=${since}`, { cookie })).json()).toEqual({ count: 2, more: false });

    for (let n = 0; n < 25; n++) await createCrud(bob.id, { createdAt: new Date(now.getTime() + 5_000 + n) });
    expect(await (await get(`/api/new-cruds?tab=everyone&since=${since}&n=1`)).json()).toEqual({ count: 20, more: true });
  });

  it("refuses a missing or forged cursor with a 400, and anything but GET", async () => {
    for (const since of ["", "nonsense", "2026-01-01T00:00:00.000Z_not-a-uuid", `${"9".repeat(5000)}_x`]) {
      const response = await get(`/api/new-cruds?since=${encodeURIComponent(since)}`);
      expect(response.status, since.slice(0, 40)).toBe(400);
      expect(await response.json()).toEqual({ error: "`since` must be the cursor of the newest crud on the page." });
    }
    const posted = await fetch(`${app.url}/api/new-cruds?since=x`, { method: "POST", headers: { cookie }, body: new URLSearchParams({}) });
    expect(posted.status).toBe(405);
  });
});

describe("every page", () => {
  it("has exactly one description, signed out and signed in, the error pages too", async () => {
    const { id } = await createCrud(ana.id, { message: "a crud for every page" });
    const params = { handle: "@ana_live", id, "*": "no/such/page" };
    const routes = buildRoutes();
    const pages = routes.filter((route) => route.id !== "root" && (route as { hasErrorBoundary?: boolean }).hasErrorBoundary);
    expect(pages.length).toBeGreaterThan(20);
    for (const withCookie of [false, true]) {
      for (const route of pages) {
        const path = routePath(routes, route, params);
        const response = await get(path, withCookie ? { cookie } : {});
        // Signed out, private pages send the visitor to sign in: that page has one too.
        const html = await (response.status === 302 ? get(response.headers.get("location")!) : Promise.resolve(response)).then((r) => r.text());
        const descriptions = metaContent(html, "description");
        expect(descriptions, `${path} ${withCookie ? "signed in" : "signed out"}`).toHaveLength(1);
        expect(descriptions[0]!.length).toBeGreaterThan(10);
      }
    }
  });
});

describe("a crud's page", () => {
  it("has a share card, and tells crawlers when it dies in a meta tag and the X-Robots-Tag header", async () => {
    const expiresAt = new Date(Date.now() + 3 * 3_600_000);
    const { id } = await createCrud(ana.id, { message: "A crud worth sharing, with <b>markup</b> & “quotes”", expiresAt });
    const response = await get(`/@ana_live/status/${id}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    const robots = `unavailable_after: ${expiresAt.toUTCString()}`;
    expect(response.headers.get("x-robots-tag")).toBe(robots);
    expect(metaContent(html, "robots")).toEqual([robots]);
    expect(metaContent(html, "og:type")).toEqual(["article"]);
    expect(metaContent(html, "og:url")).toEqual([`${SITE_ORIGIN}/@ana_live/status/${id}`]);
    expect(metaContent(html, "og:title")).toEqual(["Ana Live on Cruddur: “A crud worth sharing, with &lt;b&gt;markup&lt;/b&gt; &amp; “quotes””"]);
    expect(metaContent(html, "og:description")).toEqual(["A crud worth sharing, with &lt;b&gt;markup&lt;/b&gt; &amp; “quotes”"]);
    expect(metaContent(html, "article:expiration_time")).toEqual([expiresAt.toISOString()]);
    expect(metaContent(html, "twitter:card")).toEqual(["summary"]);
    expect(metaContent(html, "twitter:title")).toHaveLength(1);
    expect(html).toContain(`<link rel="canonical" href="${SITE_ORIGIN}/@ana_live/status/${id}"/>`);
  });

  it("is never cached past the crud's life: signed out at most 1 s in shared caches and the page cache, signed in not at all", async () => {
    const { id } = await createCrud(ana.id, { expiresAt: new Date(Date.now() + 3_600_000) });
    const path = `/@ana_live/status/${id}`;
    const first = await get(path);
    expect(first.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=1");
    expect(first.headers.get("vary")).toMatch(/Cookie/i);
    // The anonymous page cache keeps it (ADR 010), X-Robots-Tag included.
    const hit = await get(path);
    expect(hit.headers.get("x-cache")).toBe("HIT");
    expect(hit.headers.get("x-robots-tag")).toBe(first.headers.get("x-robots-tag"));
    const signedIn = await get(path, { cookie });
    expect(signedIn.headers.get("cache-control")).toBe("private, no-cache");
    expect(signedIn.headers.get("x-cache")).toBeNull();
    expect(signedIn.headers.get("x-robots-tag")).toBe(first.headers.get("x-robots-tag"));
  });

  it("about to die, is kept by no shared cache, and by the page cache only until just before it dies", async () => {
    const expiresAt = new Date(Date.now() + 1_500);
    const { id } = await createCrud(ana.id, { expiresAt });
    const response = await get(`/@ana_live/status/${id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=0, s-maxage=0");
    // Asked again and again: from the cache or not, never once it has expired.
    for (;;) {
      const sentAt = Date.now();
      const again = await get(`/@ana_live/status/${id}`);
      if (sentAt >= expiresAt.getTime()) {
        expect(again.status).toBe(404);
        break;
      }
    }
  });

  it("of a reply shows the crud it answers above it", async () => {
    const bob = await createUser({ handle: "bob_live", displayName: "Bob" });
    const parent = await createCrud(bob.id, { message: "The question, by Bob" });
    const reply = await createCrud(ana.id, { message: "The answer, by Ana", replyToId: parent.id, expiresAt: parent.expiresAt });
    const html = await (await get(`/@ana_live/status/${reply.id}`)).text();
    const context = html.indexOf('aria-label="In reply to"');
    expect(context).toBeGreaterThan(-1);
    // In the page's body (the title names the reply): the question, then the answer.
    const question = html.indexOf("The question, by Bob", context);
    expect(question).toBeGreaterThan(context);
    expect(html.indexOf("The answer, by Ana", context)).toBeGreaterThan(question);
  });
});

describe("a profile", () => {
  it("has a share card with its absolute address and a description", async () => {
    const html = await (await get("/@ana_live")).text();
    expect(metaContent(html, "og:type")).toEqual(["profile"]);
    expect(metaContent(html, "og:url")).toEqual([`${SITE_ORIGIN}/@ana_live`]);
    expect(metaContent(html, "og:title")).toEqual(["Ana Live (@ana_live) · Cruddur"]);
    expect(metaContent(html, "description")[0]).toMatch(/^Ana Live on Cruddur: \d+ live cruds?\.$/);
    expect(metaContent(html, "twitter:card")).toEqual(["summary"]);
  });
});
