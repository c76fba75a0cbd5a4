// Feedback after every action, over HTTP against the production build (ADR 020): each action's
// redirect carries its status message in a flash cookie, the next page shows it once and clears
// it, the page cache never keeps a page that shows one; acting on a crud that has gone comes back
// with a message (never a dead end at /cruds/:id); like, repost and reply come back to the card.
// Needs `npm run build`.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

let ana: { id: string; handle: string };
let bob: { id: string; handle: string };
let anaCookie: string;
const app = withProductionApp();

beforeAll(async () => {
  ana = await createUser({ handle: "ana_feedback" });
  bob = await createUser({ handle: "bob_feedback" });
  anaCookie = await sessionCookie(ana.id);
});

const post = (path: string, form: Record<string, string>, cookie = anaCookie) =>
  fetch(`${app.url}${path}`, { method: "POST", headers: { cookie }, body: new URLSearchParams(form), redirect: "manual" });
const get = (path: string, cookie = "") => fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });

/** The flash cookie a response sets (name=value), or undefined. */
const flashOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((cookie) => cookie.startsWith("cruddur_flash=") && !cookie.includes("Max-Age=0"))
    ?.split(";")[0];

/** Follows `response`'s redirect with its flash (and `cookie`), and returns the page's HTML and its clearing cookie. */
async function landing(response: Response, cookie = anaCookie) {
  expect(response.status).toBe(302);
  const flash = flashOf(response);
  expect(flash).toBeDefined();
  const page = await get(response.headers.get("location")!.split("#")[0]!, [cookie, flash].filter(Boolean).join("; "));
  expect(page.status).toBe(200);
  const cleared = page.headers.getSetCookie().some((c) => c.startsWith("cruddur_flash=;") && c.includes("Max-Age=0"));
  return { html: await page.text(), cleared, page };
}

describe("a status message after every action, without JavaScript", () => {
  it("posting: back home, where the message shows once and its cookie is cleared", async () => {
    const response = await post("/compose", { intent: "crud", message: "a crud with feedback", ttl: "1-day", backTo: "/" });
    expect(response.headers.get("location")).toBe("/");
    const { html, cleared } = await landing(response);
    expect(html).toContain("Your crud is posted.");
    expect(cleared).toBe(true);
    // Shown once: the next page (the cookie gone) has no message.
    expect(await (await get("/", anaCookie)).text()).not.toContain("Your crud is posted.");
  });

  it("replying: to the new reply on the thread (#crud-<id>)", async () => {
    const parent = await createCrud(bob.id, { message: "a crud to answer" });
    const thread = `/@${bob.handle}/status/${parent.id}`;
    const response = await post("/compose", { intent: "reply", replyTo: parent.id, message: "an answer", backTo: thread });
    const reply = await prisma.crud.findFirstOrThrow({ where: { replyToId: parent.id }, select: { id: true } });
    expect(response.headers.get("location")).toBe(`${thread}#crud-${reply.id}`);
    const { html } = await landing(response);
    expect(html).toContain("Your reply is posted.");
    expect(html).toContain(`id="crud-${reply.id}"`);
  });

  it("deleting, saving the profile and sending a message", async () => {
    const own = await createCrud(ana.id);
    const deleted = await post(`/cruds/${own.id}`, { intent: "delete", redirectTo: `/@${ana.handle}` });
    expect(deleted.headers.get("location")).toBe(`/@${ana.handle}`);
    expect((await landing(deleted)).html).toContain("Your crud is deleted.");

    const saved = await post("/settings/profile", { displayName: "Ana Feedback", bio: "" });
    expect((await landing(saved)).html).toContain("Your profile is saved.");

    const sent = await post(`/messages/@${bob.handle}`, { message: "hello there" });
    expect(sent.headers.get("location")).toBe(`/messages/@${bob.handle}#latest`);
    expect((await landing(sent)).html).toContain("Your message is sent.");
  });

  it("signing out: the signed-out home says so, and the page cache keeps it for no one else", async () => {
    const cookie = await sessionCookie(ana.id);
    const response = await post("/signout", {}, cookie);
    expect(response.headers.getSetCookie().some((c) => c.startsWith("cruddur_session=;"))).toBe(true);
    const { html, page } = await landing(response, "");
    expect(html).toContain("You have signed out.");
    expect(page.headers.get("x-cache")).toBeNull();
    // The next signed-out visitors get a page without it (the cache neither served nor stored that one).
    for (let i = 0; i < 2; i++) expect(await (await get("/")).text()).not.toContain("You have signed out.");
  });

  it("a forged flash shows nothing but is cleared", async () => {
    const forged = `cruddur_flash=${encodeURIComponent(Buffer.from(JSON.stringify("<b>pwned</b>")).toString("base64"))}`;
    const page = await get("/", `${anaCookie}; ${forged}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain("pwned");
    expect(page.headers.getSetCookie().some((c) => c.startsWith("cruddur_flash=;"))).toBe(true);
  });
});

describe("with JavaScript (fetcher posts)", () => {
  it("a post answers with data and the flash, which the revalidated root shows", async () => {
    const response = await post("/compose.data", { intent: "crud", message: "an enhanced crud", ttl: "1-day", backTo: "/", enhanced: "1" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("ok");
    const flash = flashOf(response);
    expect(flash).toBeDefined();
    const root = await get("/_root.data?_routes=root", `${anaCookie}; ${flash}`);
    expect(await root.text()).toContain("Your crud is posted.");
  });
});

describe("acting on a crud that has gone", () => {
  it("without JavaScript: back to the page with the message, never to /cruds/:id", async () => {
    for (const intent of ["like", "unlike", "repost", "unrepost"]) {
      const gone = await createCrud(bob.id);
      await prisma.crud.delete({ where: { id: gone.id } });
      const response = await post(`/cruds/${gone.id}`, { intent, redirectTo: `/@${bob.handle}?cursor=x#crud-${gone.id}` });
      expect(response.headers.get("location")).toBe(`/@${bob.handle}?cursor=x`);
      expect(flashOf(response)).toBeDefined();
    }
    const expired = await createCrud(bob.id, { expiresAt: new Date(Date.now() - 1_000) });
    const response = await post(`/cruds/${expired.id}`, { intent: "like", redirectTo: "/?tab=everyone" });
    expect(response.headers.get("location")).toBe("/?tab=everyone");
    const { html } = await landing(response);
    expect(html).toContain("That crud has expired or was deleted.");
    expect(await prisma.like.count({ where: { crudId: expired.id } })).toBe(0);
  });

  it("from the crud's own page: home instead (that page is a 404 now)", async () => {
    const gone = await createCrud(bob.id, { expiresAt: new Date(Date.now() - 1_000) });
    const response = await post(`/cruds/${gone.id}`, { intent: "like", redirectTo: `/@${bob.handle}/status/${gone.id}` });
    expect(response.headers.get("location")).toBe("/");
  });

  it("deleting one that expired meanwhile: back to the profile with the message", async () => {
    const gone = await createCrud(ana.id, { expiresAt: new Date(Date.now() - 1_000) });
    const response = await post(`/cruds/${gone.id}`, { intent: "delete", redirectTo: `/@${ana.handle}` });
    expect(response.headers.get("location")).toBe(`/@${ana.handle}`);
    expect((await landing(response)).html).toContain("That crud has expired or was deleted.");
  });

  it("with JavaScript: a 404 the card shows in place (`gone`), no flash, the page not reloaded", async () => {
    const gone = await createCrud(bob.id, { expiresAt: new Date(Date.now() - 1_000) });
    const response = await post(`/cruds/${gone.id}.data`, { intent: "like", redirectTo: "/", enhanced: "1" });
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).toContain("gone");
    expect(body).toContain("That crud has expired or was deleted.");
    expect(flashOf(response)).toBeUndefined();
  });

  it("replying to one: 404 and the compose page keeps the reply's text (no JavaScript), or the form does (JavaScript)", async () => {
    const gone = await createCrud(bob.id, { expiresAt: new Date(Date.now() - 1_000) });
    const thread = `/@${bob.handle}/status/${gone.id}`;
    const plain = await post("/compose", { intent: "reply", replyTo: gone.id, message: "words worth keeping", backTo: thread });
    expect(plain.status).toBe(404);
    expect(flashOf(plain)).toBeUndefined();
    const html = await plain.text();
    expect(html).toContain("Your reply");
    expect(html).toContain("This crud has expired or was deleted, so your reply was not posted.");
    expect(html).toMatch(/<textarea[^>]*name="message"[^>]*>words worth keeping<\/textarea>/);
    expect(html).toContain(`name="replyTo" value="${gone.id}"`);
    expect(html).toContain(`href="${thread}"`);
    const enhanced = await post("/compose.data", { intent: "reply", replyTo: gone.id, message: "more words", backTo: thread, enhanced: "1" });
    expect(enhanced.status).toBe(404);
    const body = await enhanced.text();
    expect(body).toContain("so your reply was not posted");
    expect(body).toContain("more words");
    expect(await prisma.crud.count({ where: { replyToId: gone.id } })).toBe(0);
  });
});

describe("like, repost and reply come back to the card (no JavaScript), named in the status message", () => {
  it("to #crud-<id>, or to the card the form named (a repost's own)", async () => {
    const crud = await createCrud(bob.id);
    const liked = await post(`/cruds/${crud.id}`, { intent: "like", redirectTo: "/?tab=everyone" });
    expect(liked.headers.get("location")).toBe(`/?tab=everyone#crud-${crud.id}`);
    const card = `crud-${crud.id}.${ana.id}`;
    const reposted = await post(`/cruds/${crud.id}`, { intent: "repost", redirectTo: `/@${ana.handle}#${card}` });
    expect(reposted.headers.get("location")).toBe(`/@${ana.handle}#${card}`);
    // Each says what it did, naming whose crud it was (docs/product.md §10).
    expect((await landing(liked)).html).toContain(`Liked @${bob.handle}&#x27;s crud.`);
    expect((await landing(reposted)).html).toContain(`Reposted @${bob.handle}&#x27;s crud.`);
    const unliked = await post(`/cruds/${crud.id}`, { intent: "unlike", redirectTo: "/?tab=everyone" });
    expect((await landing(unliked)).html).toContain(`Unliked @${bob.handle}&#x27;s crud.`);
  });
});

describe("deleting from a feed (a card's More menu)", () => {
  it("with JavaScript: the crud is deleted and the answer says so in place (no flash, no redirect)", async () => {
    const own = await createCrud(ana.id);
    const response = await post(`/cruds/${own.id}.data`, { intent: "delete", redirectTo: "/?tab=everyone", enhanced: "1" });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("deleted");
    expect(flashOf(response)).toBeUndefined();
    expect(await prisma.crud.count({ where: { id: own.id } })).toBe(0);
  });

  it("without JavaScript: back to the feed the Delete was on, with the message; never off the site", async () => {
    const own = await createCrud(ana.id);
    const back = await post(`/cruds/${own.id}`, { intent: "delete", redirectTo: "/?tab=everyone" });
    expect(back.headers.get("location")).toBe("/?tab=everyone");
    expect((await landing(back)).html).toContain("Your crud is deleted.");
    const other = await createCrud(ana.id);
    const offSite = await post(`/cruds/${other.id}`, { intent: "delete", redirectTo: "//evil.example/feed" });
    expect(offSite.headers.get("location")).toBe("/");
  });

  it("the confirmation page keeps a local way back only", async () => {
    const own = await createCrud(ana.id);
    const thread = `/@${ana.handle}/status/${own.id}`;
    const local = await (await get(`${thread}?delete&backTo=${encodeURIComponent("/?tab=everyone")}`, anaCookie)).text();
    expect(local).toContain('name="redirectTo" value="/?tab=everyone"');
    for (const evil of ["//evil.example/", "https://evil.example/", "javascript:alert(1)"]) {
      const html = await (await get(`${thread}?delete&backTo=${encodeURIComponent(evil)}`, anaCookie)).text();
      expect(html).toContain(`name="redirectTo" value="/@${ana.handle}"`);
      // Cancel stays on the thread; nothing leads to the address given (it is only ever part of this page's own).
      expect(html).toContain(`href="${thread}" class="button secondary"`);
      expect(html).not.toMatch(/(href|value)="(\/\/|https:\/\/evil|javascript:)/);
    }
  });

  it("refuses someone else's crud (403, kept), a gone one (404 in place), and a malformed body (400)", async () => {
    const bobs = await createCrud(bob.id);
    const notOwner = await post(`/cruds/${bobs.id}.data`, { intent: "delete", redirectTo: "/", enhanced: "1" });
    expect(notOwner.status).toBe(403);
    expect(await notOwner.text()).toContain("You can only delete your own cruds.");
    expect((await post(`/cruds/${bobs.id}`, { intent: "delete", redirectTo: "/" })).status).toBe(403);
    expect(await prisma.crud.count({ where: { id: bobs.id } })).toBe(1);

    const expired = await createCrud(ana.id, { expiresAt: new Date(Date.now() - 1_000) });
    const gone = await post(`/cruds/${expired.id}.data`, { intent: "delete", redirectTo: "/", enhanced: "1" });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain("gone");

    const own = await createCrud(ana.id);
    expect((await post(`/cruds/${own.id}`, { redirectTo: "/" })).status).toBe(400);
    expect((await post(`/cruds/${own.id}`, { intent: "explode", redirectTo: "/" })).status).toBe(400);
    expect((await post("/cruds/not-a-uuid", { intent: "delete", redirectTo: "/" })).status).toBe(404);
    expect(await prisma.crud.count({ where: { id: own.id } })).toBe(1);
  });
});
