// Shortening a crud's lifetime over HTTP, against the production build (`npm run build`): the thread
// page's form without JavaScript (Post/Redirect/Get, or the page again with the message and the right
// status) and as single fetch (`.data`, JavaScript on); never someone else's crud, never a reply,
// never an expired crud, never longer, and at most 30 a minute. The cross-origin suite covers the action too.
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

const app = withProductionApp();

const HOUR = 3_600_000;

const shorten = (path: string, form: Record<string, string>, cookie: string) =>
  fetch(`${app.url}${path}`, { method: "POST", body: new URLSearchParams({ intent: "shorten", ...form }), headers: { cookie }, redirect: "manual" });

const expiryOf = async (id: string) => (await prisma.crud.findUniqueOrThrow({ where: { id }, select: { expiresAt: true } })).expiresAt.getTime();

/** The page again, in the layout, with `text` on it. */
async function expectPage(response: Response, status: number, text: string) {
  expect(response.status).toBe(status);
  const html = await response.text();
  expect(html).toContain(text.replaceAll('"', "&quot;"));
  expect(html).toContain('aria-label="Main"');
  return html;
}

async function author(prefix: string) {
  const user = await createUser({ handle: `${prefix}_a` });
  const crud = await createCrud(user.id, { message: `${prefix} crud`, expiresAt: new Date(Date.now() + 2 * 24 * HOUR) });
  const reply = await createCrud(user.id, { message: `${prefix} reply`, replyToId: crud.id, expiresAt: crud.expiresAt });
  return { user, crud, reply, cookie: await sessionCookie(user.id), path: `/@${user.handle}/status/${crud.id}` };
}

describe("the lifetime form", () => {
  it("is on the author's own top-level crud only, with the presets that end sooner; the card links to it", async () => {
    const { user, crud, reply, cookie, path } = await author("lf1");
    const html = await (await fetch(`${app.url}${path}`, { headers: { cookie } })).text();
    expect(html).toContain('id="lifetime"');
    // Two days left: "Expire now", 1 day, 12 hours, 3 hours, 1 hour; not 3, 7 or 30 days.
    const options = [...html.matchAll(/<option value="([^"]+)"/g)].map((match) => match[1]);
    expect(options).toEqual(["now", "1-day", "12-hours", "3-hours", "1-hour"]);
    const profile = await (await fetch(`${app.url}/@${user.handle}`, { headers: { cookie } })).text();
    expect(profile).toContain(`href="${path}#lifetime"`);
    // Not on a reply's page, not for another user, not signed out.
    const other = await sessionCookie((await createUser({ handle: "lf1_other" })).id);
    expect(await (await fetch(`${app.url}/@${user.handle}/status/${reply.id}`, { headers: { cookie } })).text()).not.toContain('id="lifetime"');
    expect(await (await fetch(`${app.url}${path}`, { headers: { cookie: other } })).text()).not.toContain('id="lifetime"');
    expect(await (await fetch(`${app.url}${path}`)).text()).not.toContain('id="lifetime"');
    expect(html).toContain(crud.message);
  });

  it("without JavaScript: shortens the crud and its replies, then back to the thread", async () => {
    const { crud, reply, cookie, path } = await author("lf2");
    const before = Date.now();
    const response = await shorten(path, { ttl: "3-hours" }, cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(path);
    const end = await expiryOf(crud.id);
    expect(end).toBeGreaterThanOrEqual(before + 3 * HOUR);
    expect(end).toBeLessThanOrEqual(Date.now() + 3 * HOUR);
    expect(await expiryOf(reply.id)).toBe(end);
    // The thread says so, once (the flash cookie rides on the redirect).
    const flash = response.headers
      .getSetCookie()
      .find((c) => c.includes("cruddur_flash="))!
      .split(";")[0]!;
    const html = await (await fetch(`${app.url}${path}`, { headers: { cookie: `${cookie}; ${flash}` } })).text();
    expect(html.replace(/<[^>]+>/g, "")).toMatch(/expires in 2h 59m|expires in 3h 0m/);
    expect(html).toContain("Your crud&#x27;s lifetime is shortened.");
  });

  it("'Expire now' ends the thread at once and goes to the profile; the thread is then a 404", async () => {
    const { user, crud, cookie, path } = await author("lf3");
    const response = await shorten(path, { ttl: "now" }, cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/@${user.handle}`);
    expect(response.headers.getSetCookie().some((c) => c.includes("cruddur_flash="))).toBe(true);
    expect(await expiryOf(crud.id)).toBeLessThanOrEqual(Date.now());
    const thread = await fetch(`${app.url}${path}`, { headers: { cookie } });
    expect(thread.status).toBe(404);
    expect(await thread.text()).toContain("This crud has expired or never existed");
    const profile = await (await fetch(`${app.url}/@${user.handle}`, { headers: { cookie } })).text();
    expect(profile).not.toContain("lf3 crud");
    expect(profile).toMatch(/>0(<!-- -->)?\s*(<!-- -->)?cruds</);
  });

  it("never lengthens: a longer or equal lifetime is a 409 with the message, and changes nothing", async () => {
    const { user, crud, cookie, path } = await author("lf4");
    const end = await expiryOf(crud.id);
    const html = await expectPage(await shorten(path, { ttl: "7-days" }, cookie), 409, "That would not end it sooner: it already expires in 1d 23h.");
    // The form is there again with the choice kept as far as it is offered.
    expect(html).toContain('id="lifetime-ttl"');
    expect(html).toContain('aria-invalid="true"');
    expect(await expiryOf(crud.id)).toBe(end);
    // Equal to what is left, to the millisecond: not sooner either.
    const exact = await createCrud(user.id, { expiresAt: new Date(Date.now() + HOUR) });
    const exactPath = path.replace(crud.id, exact.id);
    expect((await shorten(exactPath, { ttl: "1-hour" }, cookie)).status).toBe(409);
    expect(await expiryOf(exact.id)).toBe(exact.expiresAt.getTime());
  });

  it("refuses an unknown lifetime (400), a reply (409), someone else's crud (403) and an expired one (404)", async () => {
    const { user, crud, reply, cookie, path } = await author("lf5");
    const end = await expiryOf(crud.id);
    await expectPage(await shorten(path, { ttl: "forever" }, cookie), 400, "Choose one of the lifetimes in the list");
    await expectPage(await shorten(path, {}, cookie), 400, "Choose one of the lifetimes in the list");
    await expectPage(
      await shorten(`/@${user.handle}/status/${reply.id}`, { ttl: "now" }, cookie),
      409,
      "A reply lives as long as the crud it answers: shorten that crud instead.",
    );
    const other = await sessionCookie((await createUser({ handle: "lf5_other" })).id);
    await expectPage(await shorten(path, { ttl: "now" }, other), 403, "You can only shorten your own cruds.");
    expect(await expiryOf(crud.id)).toBe(end);
    expect(await expiryOf(reply.id)).toBe(end);
    // Expired this very moment (not yet purged).
    const expired = await createCrud(user.id, { expiresAt: new Date() });
    await expectPage(await shorten(path.replace(crud.id, expired.id), { ttl: "now" }, cookie), 404, "This crud has expired or never existed");
    // Signed out: to sign in, and back to the thread afterwards.
    const signedOut = await fetch(`${app.url}${path}`, { method: "POST", body: new URLSearchParams({ intent: "shorten", ttl: "now" }), redirect: "manual" });
    expect(signedOut.status).toBe(302);
    expect(signedOut.headers.get("location")).toBe(`/signin?${new URLSearchParams({ redirectTo: path })}`);
  });

  it("with JavaScript (single fetch): the same answers as data", async () => {
    const { crud, cookie, path } = await author("lf6");
    const refused = await shorten(`${path}.data`, { ttl: "30-days" }, cookie);
    expect(refused.status).toBe(409);
    expect(await refused.text()).toContain("That would not end it sooner");
    const done = await shorten(`${path}.data`, { ttl: "1-hour" }, cookie);
    expect(done.status).toBe(202);
    // Single fetch's redirect: a 202 whose body names the address.
    expect(await done.text()).toContain(path);
    expect(await expiryOf(crud.id)).toBeLessThanOrEqual(Date.now() + HOUR);
  });

  it("takes 30 changes a minute per account; the 31st is a 429 with Retry-After and the message", async () => {
    const { crud, cookie, path } = await author("lf7");
    const end = await expiryOf(crud.id);
    // Each counts (each asks for a change), refused or not: 30 that would lengthen it.
    for (let n = 0; n < 30; n++) expect((await shorten(path, { ttl: "30-days" }, cookie)).status).toBe(409);
    const response = await shorten(path, { ttl: "now" }, cookie);
    expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(Number(response.headers.get("retry-after"))).toBeLessThanOrEqual(60);
    await expectPage(response, 429, "You have changed the lifetime of too many cruds. Try again in");
    expect(await expiryOf(crud.id)).toBe(end);
  });
});
