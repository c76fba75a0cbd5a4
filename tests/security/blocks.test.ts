// Block and mute over HTTP, against the production build (`npm run build`), ADR 018: after a block the
// blocked user's follow, reply, like, repost and message are refused with a message and store nothing,
// and neither sees the other's cruds on the timelines, threads and search; a mute hides from the
// muter's timelines and notifications only; unblock and unmute restore. The cross-origin suite covers
// the actions themselves (it reads every route with an action from the build's manifest).
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { RATE_LIMITS } from "~/security/rate-limits.server";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

const app = withProductionApp();

function post(path: string, form: Record<string, string>, cookie?: string) {
  return fetch(`${app.url}${path}`, { method: "POST", body: new URLSearchParams(form), headers: cookie ? { cookie } : {}, redirect: "manual" });
}

const page = async (path: string, cookie: string) => (await fetch(`${app.url}${path}`, { headers: { cookie } })).text();

/** A refusal shown as a page in the layout (navigation and all), not bare text. */
async function expectPage(response: Response, status: number, text: string | RegExp) {
  expect(response.status).toBe(status);
  const html = await response.text();
  expect(html).toMatch(text);
  expect(html).toContain('aria-label="Main"');
}

/** Rows of the table, all or (`where`) those naming one user; the tests of this file share a database. */
const count = async (table: "follows" | "likes" | "reposts" | "messages" | "blocks" | "mutes" | "notifications" | "reports", where = Prisma.sql`TRUE`) =>
  (await queryRows<{ n: number }>`SELECT count(*)::int AS n FROM ${Prisma.raw(table)} WHERE ${where}`)[0]!.n;

async function pair(prefix: string) {
  const blocker = await createUser({ handle: `${prefix}_er` });
  const blocked = await createUser({ handle: `${prefix}_ed` });
  const blockersCrud = await createCrud(blocker.id, { message: `${prefix} blockers words` });
  const blockedsCrud = await createCrud(blocked.id, { message: `${prefix} blockeds words` });
  return { blocker, blocked, blockersCrud, blockedsCrud, blockerCookie: await sessionCookie(blocker.id), blockedCookie: await sessionCookie(blocked.id) };
}

describe("block", () => {
  it("refuses the blocked user's follow, reply, like, repost and message with a message, and stores nothing", async () => {
    const { blocker, blocked, blockersCrud, blockedsCrud, blockerCookie, blockedCookie } = await pair("hb1");
    await post(`/@${blocker.handle}/follow`, { intent: "follow", redirectTo: "/" }, blockedCookie);
    await post(`/@${blocked.handle}/follow`, { intent: "follow", redirectTo: "/" }, blockerCookie);
    expect(await count("follows")).toBe(2);
    const blocking = await post(`/@${blocked.handle}/block`, { intent: "block", redirectTo: `/@${blocked.handle}` }, blockerCookie);
    expect(blocking.status).toBe(302);
    expect(blocking.headers.get("location")).toBe(`/@${blocked.handle}`);
    // The follows both ways ended with the block.
    expect(await count("follows")).toBe(0);
    const before = { likes: await count("likes"), reposts: await count("reposts"), notifications: await count("notifications") };

    await expectPage(
      await post(`/@${blocker.handle}/follow`, { intent: "follow", redirectTo: "/" }, blockedCookie),
      403,
      `You cannot follow @${blocker.handle}.`,
    );
    const enhancedFollow = await post(`/@${blocker.handle}/follow.data`, { intent: "follow", redirectTo: "/", enhanced: "1" }, blockedCookie);
    expect(enhancedFollow.status).toBe(403);
    expect(await enhancedFollow.text()).toContain(`You cannot follow @${blocker.handle}.`);
    await expectPage(await post(`/cruds/${blockersCrud.id}`, { intent: "like", redirectTo: "/" }, blockedCookie), 403, "You cannot like this crud.");
    await expectPage(await post(`/cruds/${blockersCrud.id}`, { intent: "repost", redirectTo: "/" }, blockedCookie), 403, "You cannot repost this crud.");
    const thread = `/@${blocker.handle}/status/${blockersCrud.id}`;
    const replyForm = { intent: "reply", replyTo: blockersCrud.id, message: "let me in", backTo: thread };
    const reply = await post("/compose", replyForm, blockedCookie);
    expect(reply.status).toBe(403);
    // The compose page says so and keeps the text (ADR 018: the same words whichever way the block goes).
    const replyPage = await reply.text();
    expect(replyPage).toContain("You cannot reply to this crud.");
    expect(replyPage).toContain("let me in</textarea>");
    const enhancedReply = await post("/compose.data", { ...replyForm, enhanced: "1" }, blockedCookie);
    expect(enhancedReply.status).toBe(403);
    const enhancedBody = await enhancedReply.text();
    expect(enhancedBody).toContain("You cannot reply to this crud.");
    expect(enhancedBody).toContain("refused");
    // The blocker cannot reply to the blocked either, in the same words.
    const back = { intent: "reply", replyTo: blockedsCrud.id, message: "the last word", backTo: `/@${blocked.handle}/status/${blockedsCrud.id}` };
    const blockersReply = await post("/compose", back, blockerCookie);
    expect(blockersReply.status).toBe(403);
    expect(await blockersReply.text()).toContain("You cannot reply to this crud.");
    const message = await post(`/messages/@${blocker.handle}`, { message: "hello?" }, blockedCookie);
    expect(message.status).toBe(403);
    expect(await message.text()).toContain(`You cannot send messages to @${blocker.handle}.`);
    expect(await count("follows")).toBe(0);
    expect(await count("messages")).toBe(0);
    expect({ likes: await count("likes"), reposts: await count("reposts"), notifications: await count("notifications") }).toEqual(before);
    expect((await queryRows<{ n: number }>`SELECT count(*)::int AS n FROM cruds WHERE reply_to_id = ${blockersCrud.id}::uuid`)[0]!.n).toBe(0);
    expect((await queryRows<{ n: number }>`SELECT count(*)::int AS n FROM cruds WHERE reply_to_id = ${blockedsCrud.id}::uuid`)[0]!.n).toBe(0);
  });

  it("hides each one's cruds from the other on the timelines, threads, profile and search; the blocker is told, the blocked is not; unblock restores", async () => {
    const { blocker, blocked, blockersCrud, blockedsCrud, blockerCookie, blockedCookie } = await pair("hb2");
    await post(`/@${blocked.handle}/follow`, { intent: "follow", redirectTo: "/" }, blockerCookie);
    expect(await page("/", blockerCookie)).toContain("hb2 blockeds words");
    await post(`/@${blocked.handle}/block`, { intent: "block", redirectTo: "/" }, blockerCookie);

    for (const path of ["/", "/?tab=everyone", "/search?q=hb2"]) {
      expect(await page(path, blockerCookie), path).not.toContain("hb2 blockeds words");
      expect(await page(path, blockedCookie), path).not.toContain("hb2 blockers words");
    }
    expect((await fetch(`${app.url}/@${blocked.handle}/status/${blockedsCrud.id}`, { headers: { cookie: blockerCookie } })).status).toBe(404);
    expect((await fetch(`${app.url}/@${blocker.handle}/status/${blockersCrud.id}`, { headers: { cookie: blockedCookie } })).status).toBe(404);
    const blockedProfile = await page(`/@${blocked.handle}`, blockerCookie);
    expect(blockedProfile).toMatch(/You have blocked @(<!-- -->)?hb2_ed/);
    expect(blockedProfile).toContain(`aria-label="Unblock @${blocked.handle}"`);
    const blockersProfile = await page(`/@${blocker.handle}`, blockedCookie);
    expect(blockersProfile).not.toContain("hb2 blockers words");
    expect(blockersProfile).not.toContain("You have blocked");
    expect(blockersProfile).not.toContain("Unblock");
    // Others still see both.
    const other = await sessionCookie((await createUser({ handle: "hb2_other" })).id);
    const everyone = await page("/?tab=everyone", other);
    expect(everyone).toContain("hb2 blockers words");
    expect(everyone).toContain("hb2 blockeds words");
    expect(await page("/settings/blocks", blockerCookie)).toContain(`@${blocked.handle}`);

    const undo = await post(`/@${blocked.handle}/block.data`, { intent: "unblock", redirectTo: "/", enhanced: "1" }, blockerCookie);
    expect(undo.status).toBe(200);
    expect(await count("blocks", Prisma.sql`blocker_id = ${blocker.id}::uuid`)).toBe(0);
    expect(await page("/?tab=everyone", blockerCookie)).toContain("hb2 blockeds words");
    expect(await page(`/@${blocked.handle}/status/${blockedsCrud.id}`, blockerCookie)).toContain("hb2 blockeds words");
  });

  it("every page that shows a crud by its id is a 404 between the two, both ways: the thread, the report form and its POST", async () => {
    const { blocker, blocked, blockersCrud, blockedsCrud, blockerCookie, blockedCookie } = await pair("hb5");
    expect((await post(`/@${blocked.handle}/block`, { intent: "block", redirectTo: "/" }, blockerCookie)).status).toBe(302);
    for (const [viewer, crud, author] of [
      [blockedCookie, blockersCrud, blocker],
      [blockerCookie, blockedsCrud, blocked],
    ] as const) {
      await expectPage(
        await fetch(`${app.url}/@${author.handle}/status/${crud.id}`, { headers: { cookie: viewer } }),
        404,
        "This crud has expired or never existed",
      );
      const form = await fetch(`${app.url}/report?crud=${crud.id}`, { headers: { cookie: viewer } });
      expect(form.status).toBe(404);
      const html = await form.text();
      expect(html).not.toContain(crud.message);
      expect(html).toContain("This crud has expired or never existed");
      expect(html).toContain('aria-label="Main"');
      expect((await post("/report", { crud: crud.id, reason: "spam" }, viewer)).status).toBe(404);
    }
    expect(await count("reports")).toBe(0);
    // A third user still sees and can report both.
    const other = await sessionCookie((await createUser()).id);
    expect(await page(`/report?crud=${blockersCrud.id}`, other)).toContain(blockersCrud.message);
  });

  it("signed out: to the sign-in page; yourself 400; an unknown handle 404; GET changes nothing", async () => {
    const me = await createUser({ handle: "hb3_me" });
    const cookie = await sessionCookie(me.id);
    const anon = await post("/@hb3_me/block", { intent: "block", redirectTo: "/@hb3_me" });
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe(`/signin?${new URLSearchParams({ redirectTo: "/@hb3_me" })}`);
    await expectPage(await post("/@hb3_me/block", { intent: "block", redirectTo: "/" }, cookie), 400, "You cannot block yourself.");
    await expectPage(await post("/@hb3_me/mute", { intent: "mute", redirectTo: "/" }, cookie), 400, "You cannot mute yourself.");
    await expectPage(await post("/@no_such_user/block", { intent: "block", redirectTo: "/" }, cookie), 404, "There is no user @no_such_user");
    await expectPage(await post("/@hb3_me/mute", { intent: "block", redirectTo: "/" }, cookie), 400, "Unknown action.");
    // GET is the confirmation page (signed in; below): signed out, the sign-in page first.
    const signedOutGet = await fetch(`${app.url}/@hb3_me/block`, { redirect: "manual" });
    expect(signedOutGet.status).toBe(302);
    expect(signedOutGet.headers.get("location")).toBe(`/signin?${new URLSearchParams({ redirectTo: "/@hb3_me/block" })}`);
    expect((await fetch(`${app.url}/settings/blocks`, { redirect: "manual" })).status).toBe(302);
    expect(await count("mutes")).toBe(0);
  });

  it(`takes ${RATE_LIMITS.blocksAndMutesPerMinute.points} blocks and mutes a minute per account; the next is refused (429)`, async () => {
    const me = await createUser({ handle: "hb4_busy" });
    await createUser({ handle: "hb4_target" });
    const cookie = await sessionCookie(me.id);
    for (let n = 0; n < RATE_LIMITS.blocksAndMutesPerMinute.points; n++) {
      const response = await post("/@hb4_target/mute", { intent: n % 2 ? "unmute" : "mute", redirectTo: "/" }, cookie);
      expect(response.status).toBe(302);
    }
    await expectPage(await post("/@hb4_target/block", { intent: "block", redirectTo: "/" }, cookie), 429, /You have blocked or muted too many people\./);
  });
});

describe("the block confirmation, /@handle/block (ADR 035)", () => {
  const get = (path: string, cookie?: string) => fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });

  it("GET asks first and changes nothing: what a block does, Block (a POST back here) and Cancel (to the page it came from)", async () => {
    const me = await createUser({ handle: "hbc_me" });
    await createUser({ handle: "hbc_them", displayName: "Them Confirm" });
    const cookie = await sessionCookie(me.id);
    const response = await get(`/@hbc_them/block?${new URLSearchParams({ redirectTo: "/search?q=them" })}`, cookie);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Block @hbc_them?</h1>");
    expect(html).toContain("Them Confirm");
    expect(html).toContain("They are not told.");
    expect(html).toMatch(/<form method="post" action="\/@hbc_them\/block" class="confirm-actions"/);
    expect(html).toContain('name="intent" value="block"');
    expect(html).toContain('<input type="hidden" name="redirectTo" value="/search?q=them"/>');
    expect(html).toContain('<a href="/search?q=them" class="button secondary">Cancel</a>');
    expect(html).toContain('aria-label="Main"');
    const mine = Prisma.sql`blocker_id = ${me.id}::uuid`;
    expect(await count("blocks", mine)).toBe(0);
    // Another site as "the page it came from" is not followed: back to the profile.
    const foreign = await (await get(`/@hbc_them/block?redirectTo=${encodeURIComponent("https://evil.example/")}`, cookie)).text();
    expect(foreign).toContain('<a href="/@hbc_them" class="button secondary">Cancel</a>');
    expect(foreign).not.toMatch(/(href|value)="https:\/\/evil/);

    // The form's POST blocks, and says so on the page it came from.
    const blocked = await post("/@hbc_them/block", { intent: "block", redirectTo: "/search?q=them" }, cookie);
    expect(blocked.status).toBe(302);
    expect(blocked.headers.get("location")).toBe("/search?q=them");
    expect(blocked.headers.get("set-cookie")).toMatch(/cruddur_flash=/);
    expect(await count("blocks", mine)).toBe(1);
    // Asked again once blocked: it says so, with Unblock.
    const again = await (await get("/@hbc_them/block", cookie)).text();
    expect(again).toContain("You have blocked @hbc_them</h1>");
    expect(again).toContain('name="intent" value="unblock"');
  });

  it("signed out: the sign-in page, back here after; yourself 400; an unknown or malformed handle 404", async () => {
    const me = await createUser({ handle: "hbc_self" });
    const cookie = await sessionCookie(me.id);
    const anon = await get("/@hbc_self/block?redirectTo=%2Fsearch");
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toBe(`/signin?${new URLSearchParams({ redirectTo: "/@hbc_self/block?redirectTo=%2Fsearch" })}`);
    await expectPage(await get("/@hbc_self/block", cookie), 400, "You cannot block yourself.");
    await expectPage(await get("/@HBC_SELF/block", cookie), 400, "You cannot block yourself.");
    await expectPage(await get("/@hbc_nobody/block", cookie), 404, "There is no user @hbc_nobody");
    await expectPage(await get("/@bad-handle!/block", cookie), 404, "There is no user");
    // A malformed POST: no intent, or one the route does not take.
    await createUser({ handle: "hbc_other" });
    await expectPage(await post("/@hbc_other/block", { redirectTo: "/" }, cookie), 400, "Unknown action.");
    await expectPage(await post("/@hbc_other/block", { intent: "unmute", redirectTo: "/" }, cookie), 400, "Unknown action.");
    expect(await count("blocks", Prisma.sql`blocker_id = ${me.id}::uuid`)).toBe(0);
  });

  it("its POST from another site is refused, and blocks nothing", async () => {
    const me = await createUser({ handle: "hbc_csrf" });
    await createUser({ handle: "hbc_csrf_t" });
    const cookie = await sessionCookie(me.id);
    const mine = Prisma.sql`blocker_id = ${me.id}::uuid`;
    const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { origin: "null" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of foreign) {
      const response = await fetch(`${app.url}/@hbc_csrf_t/block`, {
        method: "POST",
        body: new URLSearchParams({ intent: "block", redirectTo: "/" }),
        headers: { cookie, ...headers },
        redirect: "manual",
      });
      expect(response.status).toBe(403);
      expect(await response.text()).toContain("This form was sent from another site");
    }
    expect(await count("blocks", mine)).toBe(0);
  });
});

describe("the status message after a relation button (ADR 035)", () => {
  it("names what was done, with the handle; a mute's offers its Undo (with JavaScript in the fetcher's answer too)", async () => {
    const me = await createUser({ handle: "hfl_me" });
    await createUser({ handle: "hfl_them" });
    const cookie = await sessionCookie(me.id);
    const shown = async (response: Response) => {
      const flash = response.headers
        .getSetCookie()
        .find((c) => c.startsWith("cruddur_flash="))!
        .split(";")[0]!;
      return page("/settings/mutes", `${cookie}; ${flash}`);
    };
    const muted = await post("/@hfl_them/mute", { intent: "mute", redirectTo: "/settings/mutes" }, cookie);
    const mutedPage = await shown(muted);
    expect(mutedPage).toContain("Muted @hfl_them.");
    expect(mutedPage).toMatch(/<form method="post" action="\/@hfl_them\/mute" class="flash-undo">/);
    expect(mutedPage).toContain('name="intent" value="unmute"');
    const enhanced = await post("/@hfl_them/mute.data", { intent: "unmute", redirectTo: "/", enhanced: "1" }, cookie);
    expect(enhanced.status).toBe(200);
    expect(await shown(enhanced)).toContain("Unmuted @hfl_them.");
    expect(await shown(await post("/@hfl_them/follow", { intent: "follow", redirectTo: "/" }, cookie))).toContain("Followed @hfl_them.");
    expect(await shown(await post("/@hfl_them/follow", { intent: "unfollow", redirectTo: "/" }, cookie))).toContain("Unfollowed @hfl_them.");
    expect(await shown(await post("/@hfl_them/block", { intent: "block", redirectTo: "/" }, cookie))).toContain("Blocked @hfl_them.");
    expect(await shown(await post("/@hfl_them/block", { intent: "unblock", redirectTo: "/" }, cookie))).toContain("Unblocked @hfl_them.");
  });
});

describe("mute", () => {
  it("hides the muted user's cruds from the muter's timelines and their interactions from the muter's notifications only; unmute restores", async () => {
    const muter = await createUser({ handle: "hm_er" });
    const muted = await createUser({ handle: "hm_ed" });
    const mutersCrud = await createCrud(muter.id, { message: "hm muters words" });
    await createCrud(muted.id, { message: "hm muteds words" });
    const muterCookie = await sessionCookie(muter.id);
    const mutedCookie = await sessionCookie(muted.id);
    await post(`/@${muted.handle}/follow`, { intent: "follow", redirectTo: "/" }, muterCookie);
    await post(`/cruds/${mutersCrud.id}`, { intent: "like", redirectTo: "/" }, mutedCookie);
    expect(await page("/notifications", muterCookie)).toMatch(/liked <a [^>]*>your crud<\/a>/);

    expect((await post(`/@${muted.handle}/mute`, { intent: "mute", redirectTo: "/" }, muterCookie)).status).toBe(302);
    expect(await page("/", muterCookie)).not.toContain("hm muteds words");
    expect(await page("/?tab=everyone", muterCookie)).not.toContain("hm muteds words");
    expect(await page("/notifications", muterCookie)).not.toMatch(/liked <a [^>]*>your crud<\/a>/);
    // The profile still shows them, with Unmute; nothing changes for the muted user.
    const profile = await page(`/@${muted.handle}`, muterCookie);
    expect(profile).toContain("hm muteds words");
    expect(profile).toContain(`aria-label="Unmute @${muted.handle}"`);
    expect(await page("/?tab=everyone", mutedCookie)).toContain("hm muters words");
    expect(await page("/settings/mutes", muterCookie)).toContain("@hm_ed");
    // Muting is not blocking: the muted user can still like.
    expect((await post(`/cruds/${mutersCrud.id}`, { intent: "unlike", redirectTo: "/" }, mutedCookie)).status).toBe(302);
    expect((await post(`/cruds/${mutersCrud.id}`, { intent: "like", redirectTo: "/" }, mutedCookie)).status).toBe(302);

    await post(`/@${muted.handle}/mute`, { intent: "unmute", redirectTo: "/settings/mutes" }, muterCookie);
    expect(await page("/", muterCookie)).toContain("hm muteds words");
    expect(await page("/notifications", muterCookie)).toMatch(/liked <a [^>]*>your crud<\/a>/);
  });
});
