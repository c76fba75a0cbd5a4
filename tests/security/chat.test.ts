// The conversation's send with JavaScript (a fetcher: `enhanced=1`, single fetch's `.data` address) and the
// person search on /messages, over HTTP against the production build (ADR 036): what JavaScript adds is
// refused as the plain form is — a body that is not a message, a block, the rate limit, another origin,
// yourself — and stores nothing; the search is a search (counted, never a write). Needs `npm run build`.
import { describe, expect, it } from "vitest";
import { prisma, queryRows } from "~/db.server";
import { createUser } from "../support/factories";
import { sendAs, sessionCookie, withProductionApp } from "../support/production-app-suite";

const app = withProductionApp();

let visitors = 0;
/** A new visitor's address (TEST-NET-3), as the ALB would put it in X-Forwarded-For. */
const newIp = () => `203.0.113.${++visitors}`;

async function pair() {
  const sender = await createUser({ displayName: "Chat Sender" });
  const recipient = await createUser({ displayName: "Chat Recipient" });
  return { sender, recipient, cookie: await sessionCookie(sender.id) };
}

const sent = (senderId: string) => prisma.message.count({ where: { senderId } });

describe("sending from the chat with JavaScript", () => {
  it("answers data (and the flash), not a redirect; without JavaScript the redirect goes to the latest message", async () => {
    const { sender, recipient, cookie } = await pair();
    const ip = newIp();
    const enhanced = await sendAs(app, `/messages/@${recipient.handle}.data`, { ip, cookie, form: { message: "hi with JS", enhanced: "1" } });
    expect(enhanced.status).toBe(200);
    expect(enhanced.headers.get("set-cookie")).toMatch(/cruddur_flash=/);
    const plain = await sendAs(app, `/messages/@${recipient.handle}`, { ip, cookie, form: { message: "hi without" } });
    expect(plain.status).toBe(302);
    expect(plain.headers.get("location")).toBe(`/messages/@${recipient.handle}#latest`);
    expect(await sent(sender.id)).toBe(2);
  });

  it("refuses a body that is not a message (missing, blank, too long, JSON) with a 400, and stores nothing", async () => {
    const { sender, recipient, cookie } = await pair();
    const ip = newIp();
    for (const form of [{ enhanced: "1" } as Record<string, string>, { enhanced: "1", message: " \n " }, { enhanced: "1", message: "x".repeat(1025) }]) {
      const response = await sendAs(app, `/messages/@${recipient.handle}.data`, { ip, cookie, form });
      expect(response.status, JSON.stringify(form).slice(0, 40)).toBe(400);
    }
    const json = await fetch(`${app.url}/messages/@${recipient.handle}.data`, {
      method: "POST",
      body: JSON.stringify({ message: "hi", enhanced: "1" }),
      headers: { "content-type": "application/json", cookie, "X-Forwarded-For": ip },
      redirect: "manual",
    });
    expect(json.status).toBeGreaterThanOrEqual(400);
    expect(json.status).toBeLessThan(500);
    expect(await sent(sender.id)).toBe(0);
  });

  it("refuses yourself (400), an unknown handle (404), either side of a block (403), and signed out (to sign in)", async () => {
    const { sender, recipient, cookie } = await pair();
    const ip = newIp();
    const form = { message: "hello?", enhanced: "1" };
    expect((await sendAs(app, `/messages/@${sender.handle}.data`, { ip, cookie, form })).status).toBe(400);
    expect((await sendAs(app, "/messages/@nobody_here_at_all.data", { ip, cookie, form })).status).toBe(404);
    await queryRows`INSERT INTO blocks (blocker_id, blocked_id) VALUES (${recipient.id}::uuid, ${sender.id}::uuid)`;
    const blocked = await sendAs(app, `/messages/@${recipient.handle}.data`, { ip, cookie, form });
    expect(blocked.status).toBe(403);
    expect(await blocked.text()).toContain(`You cannot send messages to @${recipient.handle}.`);
    const signedOut = await sendAs(app, `/messages/@${recipient.handle}.data`, { ip, form });
    expect([302, 202, 204]).toContain(signedOut.status);
    expect(await sent(sender.id)).toBe(0);
  });

  it("counts against the 100-a-minute limit like the plain form: the 101st is a 429 and not stored", async () => {
    const { sender, recipient, cookie } = await pair();
    const ip = newIp();
    for (let n = 0; n < 100; n++) {
      expect((await sendAs(app, `/messages/@${recipient.handle}.data`, { ip, cookie, form: { message: `hello ${n}`, enhanced: "1" } })).status).toBe(200);
    }
    const refused = await sendAs(app, `/messages/@${recipient.handle}.data`, { ip, cookie, form: { message: "are you there?", enhanced: "1" } });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("You have sent too many messages.");
    expect(await sent(sender.id)).toBe(100);
  }, 60_000);

  it("refuses a send from another origin, and stores nothing", async () => {
    const { sender, recipient, cookie } = await pair();
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }] as Record<string, string>[]) {
      const response = await fetch(`${app.url}/messages/@${recipient.handle}.data`, {
        method: "POST",
        body: new URLSearchParams({ message: "from elsewhere", enhanced: "1" }),
        headers: { ...headers, cookie, "X-Forwarded-For": newIp() },
        redirect: "manual",
      });
      expect(response.status).toBe(403);
    }
    expect(await sent(sender.id)).toBe(0);
  });
});

describe("the person search on /messages", () => {
  it("lists matching people as links to the conversation, never yourself, and writes nothing", async () => {
    const me = await createUser({ displayName: "Zebulon Searcher" });
    const other = await createUser({ displayName: "Zebulon Other" });
    const cookie = await sessionCookie(me.id);
    const response = await sendAs(app, `/messages?q=${encodeURIComponent("Zebulon")}`, { ip: newIp(), cookie });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain(`href="/messages/@${other.handle}#latest"`);
    expect(html).not.toContain(`href="/messages/@${me.handle}#latest"`);
    expect(await prisma.conversation.count({ where: { OR: [{ userAId: me.id }, { userBId: me.id }] } })).toBe(0);
  });

  it("counts as a search: the 61st a minute from one address is the 429 page", async () => {
    const me = await createUser();
    const cookie = await sessionCookie(me.id);
    const ip = newIp();
    for (let n = 0; n < 60; n++) expect((await sendAs(app, `/messages?q=who${n}`, { ip, cookie })).status).toBe(200);
    const refused = await sendAs(app, "/messages?q=who60", { ip, cookie });
    expect(refused.status).toBe(429);
    expect(await refused.text()).toContain("You have searched too many times.");
  }, 60_000);
});
