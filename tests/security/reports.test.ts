// Reports and moderation over HTTP, against the production build (`npm run build`), without
// JavaScript: report a crud or a user (PRG to the thanks page, the reported user is told nothing),
// yourself 400, past the limit 429; /moderation is a 404 for everyone but a moderator; remove, suspend,
// unsuspend and dismiss, and an action on a resolved report. Sign-in's refusal needs Cognito: it is in
// suspended-sign-in.test.ts (cognito-local) and app/models/report.server.test.ts (the account layer).
import { describe, expect, it } from "vitest";
import { prisma, queryRows } from "~/db.server";
import { RATE_LIMITS } from "~/security/rate-limits.server";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

const app = withProductionApp();

const post = (path: string, form: Record<string, string>, cookie?: string) =>
  fetch(`${app.url}${path}`, { method: "POST", body: new URLSearchParams(form), headers: cookie ? { cookie } : {}, redirect: "manual" });

const get = (path: string, cookie?: string) => fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });
/** The flash a redirect carries (ADR 020), to send with the next page's request as the browser would. */
const flashOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .find((cookie) => /^(__Host-)?cruddur_flash=/.test(cookie))!
    .split(";")[0]!;

async function moderator() {
  const user = await createUser();
  await prisma.user.update({ where: { id: user.id }, data: { role: "moderator" } });
  return { ...user, cookie: await sessionCookie(user.id) };
}

const reportIdsOf = (targetUserId: string) =>
  queryRows<{ id: string; status: string }>`SELECT id, status::text FROM reports WHERE target_user_id = ${targetUserId}::uuid ORDER BY created_at`;

describe("reporting", () => {
  it("a crud, without JavaScript: the form, then a 302 to the thanks page; the snapshot is stored and nobody is notified", async () => {
    const author = await createUser();
    const reporter = await createUser();
    const crud = await createCrud(author.id, { message: "report me please" });
    const cookie = await sessionCookie(reporter.id);

    const thread = await (await get(`/@${author.handle}/status/${crud.id}`, cookie)).text();
    expect(thread).toContain(`href="/report?crud=${crud.id}"`);
    const form = await get(`/report?crud=${crud.id}`, cookie);
    expect(form.status).toBe(200);
    const html = await form.text();
    expect(html).toContain("report me please");
    expect(html).toContain('maxLength="500"');

    const sent = await post("/report", { crud: crud.id, reason: "spam", comment: "an ad" }, cookie);
    expect(sent.status).toBe(302);
    expect(sent.headers.get("location")).toBe("/");
    expect(await (await get("/", `${cookie}; ${flashOf(sent)}`)).text()).toContain("Thanks, our moderators will look at it.");
    expect(await queryRows`SELECT reason::text, comment, snapshot_text, snapshot_handle FROM reports WHERE crud_id = ${crud.id}::uuid`).toEqual([
      { reason: "spam", comment: "an ad", snapshot_text: "report me please", snapshot_handle: author.handle },
    ]);
    expect(await prisma.notification.count({ where: { recipientId: author.id } })).toBe(0);
  });

  it("a profile, without JavaScript", async () => {
    const target = await createUser();
    const reporter = await createUser();
    const cookie = await sessionCookie(reporter.id);
    expect(await (await get(`/@${target.handle}`, cookie)).text()).toContain(`href="/report?user=${target.handle}"`);
    const sent = await post("/report", { user: target.handle, reason: "harassment" }, cookie);
    expect(sent.status).toBe(302);
    expect(await reportIdsOf(target.id)).toHaveLength(1);
  });

  it("refuse yourself (400), a missing reason (400, with the comment kept), an unknown user (404); signed out to the sign-in page", async () => {
    const me = await createUser();
    const mine = await createCrud(me.id);
    const cookie = await sessionCookie(me.id);
    expect((await get(`/report?crud=${mine.id}`, cookie)).status).toBe(400);
    const self = await post("/report", { crud: mine.id, reason: "spam" }, cookie);
    expect(self.status).toBe(400);
    expect(await self.text()).toContain("You cannot report yourself");
    expect((await post("/report", { user: me.handle, reason: "spam" }, cookie)).status).toBe(400);
    const other = await createUser();
    const noReason = await post("/report", { user: other.handle, comment: "kept text" }, cookie);
    expect(noReason.status).toBe(400);
    const html = await noReason.text();
    expect(html).toContain("Choose a reason");
    expect(html).toContain("kept text");
    expect((await post("/report", { user: "nobody_at_all", reason: "spam" }, cookie)).status).toBe(404);
    expect((await post("/report", { user: other.handle, reason: "spam", comment: "x".repeat(501) }, cookie)).status).toBe(400);
    expect(await prisma.report.count({ where: { reporterId: me.id } })).toBe(0);
    const anon = await get(`/report?user=${other.handle}`);
    expect(anon.status).toBe(302);
    expect(anon.headers.get("location")).toMatch(/^\/signin\?redirectTo=/);
  });

  it(`take ${RATE_LIMITS.reportsPerHour.points} reports an hour per account; the next is refused (429)`, async () => {
    const reporter = await createUser();
    const target = await createUser();
    const cookie = await sessionCookie(reporter.id);
    for (let n = 0; n < RATE_LIMITS.reportsPerHour.points; n++) {
      expect((await post("/report", { user: target.handle, reason: "other" }, cookie)).status).toBe(302);
    }
    const refused = await post("/report", { user: target.handle, reason: "other", comment: "one more" }, cookie);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain("You have sent too many reports.");
    expect(html).toContain("one more");
    expect(await reportIdsOf(target.id)).toHaveLength(RATE_LIMITS.reportsPerHour.points);
  });
});

describe("/moderation", () => {
  it("is a 404 for a normal user and signed out, for GET and POST", async () => {
    const user = await createUser();
    const cookie = await sessionCookie(user.id);
    for (const response of [
      await get("/moderation"),
      await get("/moderation", cookie),
      await post("/moderation", { intent: "dismiss", reportId: user.id }, cookie),
    ]) {
      expect(response.status).toBe(404);
    }
  });

  it("is linked from the nav for moderators only", async () => {
    const mod = await moderator();
    const user = await createUser();
    expect(await (await get("/", mod.cookie)).text()).toContain('href="/moderation"');
    expect(await (await get("/", await sessionCookie(user.id))).text()).not.toContain('href="/moderation"');
  });

  it("lists open reports oldest first with the snapshot; remove deletes the crud for everyone; a second action says it was resolved", async () => {
    const mod = await moderator();
    const author = await createUser({ displayName: "Bad Author" });
    const reporter = await createUser();
    const crud = await createCrud(author.id, { message: "moderate this crud" });
    await post("/report", { crud: crud.id, reason: "illegal", comment: "really" }, await sessionCookie(reporter.id));
    const page = await (await get("/moderation", mod.cookie)).text();
    expect(page).toContain("moderate this crud");
    expect(page).toContain("Bad Author");
    expect(page).toMatch(new RegExp(`reported by @(<!-- -->)?${reporter.handle}`));
    expect(page).toContain("Illegal content");
    const [report] = await reportIdsOf(author.id);

    const removed = await post("/moderation", { intent: "remove", reportId: report!.id }, mod.cookie);
    expect(removed.status).toBe(302);
    expect((await get(`/@${author.handle}/status/${crud.id}`)).status).toBe(404);
    expect((await get(`/@${author.handle}/status/${crud.id}`, await sessionCookie(reporter.id))).status).toBe(404);
    expect(removed.headers.get("location")).toBe("/moderation");
    const after = await (await get("/moderation", `${mod.cookie}; ${flashOf(removed)}`)).text();
    expect(after).toContain("The crud was removed.");
    expect(after).toMatch(new RegExp(`Crud removed by @${mod.handle} `));

    const again = await post("/moderation", { intent: "dismiss", reportId: report!.id }, mod.cookie);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain("This report was already resolved (the crud was removed)");
  });

  it("suspend: sessions gone, posting and messaging refused, the profile says suspended; unsuspend restores; dismiss", async () => {
    const mod = await moderator();
    const bad = await createUser();
    const friend = await createUser();
    const reporter = await createUser();
    const badCookie = await sessionCookie(bad.id);
    await post("/report", { user: bad.handle, reason: "harassment" }, await sessionCookie(reporter.id));
    await post("/report", { user: bad.handle, reason: "spam" }, await sessionCookie(friend.id));
    const [first, second] = await reportIdsOf(bad.id);

    expect((await post("/moderation", { intent: "suspend", reportId: first!.id }, mod.cookie)).status).toBe(302);
    expect(await prisma.session.count({ where: { userId: bad.id } })).toBe(0);
    const posted = await post("/compose", { intent: "crud", message: "still here", ttl: "1-day", backTo: "/" }, badCookie);
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toMatch(/^\/signin/);
    const messaged = await post(`/messages/@${friend.handle}`, { message: "hi" }, badCookie);
    expect(messaged.headers.get("location")).toMatch(/^\/signin/);
    expect(await prisma.crud.count({ where: { userId: bad.id } })).toBe(0);
    expect(await prisma.message.count({ where: { senderId: bad.id } })).toBe(0);
    // A session created anyway (a race with the suspension) is not honoured either.
    expect((await get("/notifications", await sessionCookie(bad.id))).status).toBe(302);
    expect(await (await get(`/@${bad.handle}`)).text()).toContain("This account is suspended.");

    expect((await post("/moderation", { intent: "dismiss", reportId: second!.id }, mod.cookie)).status).toBe(302);
    expect((await reportIdsOf(bad.id)).map((r) => r.status)).toEqual(["suspended", "dismissed"]);

    expect((await post("/moderation", { intent: "unsuspend", userId: bad.id }, mod.cookie)).status).toBe(302);
    expect(await (await get(`/@${bad.handle}`)).text()).not.toContain("This account is suspended.");
    const back = await sessionCookie(bad.id);
    expect((await post("/compose", { intent: "crud", message: "back again", ttl: "1-day", backTo: "/" }, back)).status).toBe(302);
    expect(await prisma.crud.count({ where: { userId: bad.id } })).toBe(1);
    expect(
      (await prisma.moderationAction.findMany({ where: { targetUserId: bad.id }, orderBy: { createdAt: "asc" }, select: { kind: true } })).map((a) => a.kind),
    ).toEqual(["suspend", "dismiss", "unsuspend"]);
  });

  it("refuses to suspend a moderator (403): one moderator cannot lock the others out; nothing changes", async () => {
    const mod = await moderator();
    const other = await moderator();
    const reporter = await createUser();
    const crud = await createCrud(other.id, { message: "a moderator's crud" });
    await post("/report", { user: other.handle, reason: "harassment" }, await sessionCookie(reporter.id));
    await post("/report", { crud: crud.id, reason: "spam" }, await sessionCookie(reporter.id));
    const reports = await reportIdsOf(other.id);
    expect(reports).toHaveLength(2);
    for (const report of reports) {
      const refused = await post("/moderation", { intent: "suspend", reportId: report.id }, mod.cookie);
      expect(refused.status).toBe(403);
      const html = await refused.text();
      expect(html).toContain(`@${other.handle} is a moderator: a moderator cannot be suspended. Revoke the role first.`);
      expect(html).toContain('aria-label="Main"');
    }
    expect((await reportIdsOf(other.id)).map((r) => r.status)).toEqual(["open", "open"]);
    expect((await prisma.user.findUniqueOrThrow({ where: { id: other.id } })).suspendedAt).toBeNull();
    expect(await prisma.moderationAction.count({ where: { targetUserId: other.id } })).toBe(0);
    // The other moderator is still signed in and still moderates.
    expect((await get("/moderation", other.cookie)).status).toBe(200);
    // Dismissing is still possible.
    expect((await post("/moderation", { intent: "dismiss", reportId: reports[0]!.id }, mod.cookie)).status).toBe(302);
  });

  it("refuses a forged remove on a report that names no crud (409): the report stays open, nothing is logged as removed", async () => {
    const mod = await moderator();
    const target = await createUser();
    const reporter = await createUser();
    await post("/report", { user: target.handle, reason: "spam" }, await sessionCookie(reporter.id));
    const [report] = await reportIdsOf(target.id);
    const refused = await post("/moderation", { intent: "remove", reportId: report!.id }, mod.cookie);
    expect(refused.status).toBe(409);
    const html = await refused.text();
    expect(html).toContain("This report names no crud to remove (it is about a user, or the crud is already gone): suspend the user or dismiss it.");
    expect(html).toContain('aria-label="Main"');
    expect((await reportIdsOf(target.id)).map((r) => r.status)).toEqual(["open"]);
    expect(await prisma.moderationAction.count({ where: { reportId: report!.id } })).toBe(0);
    expect(await (await get("/moderation", mod.cookie)).text()).not.toContain(`Crud removed by @${mod.handle}`);
    expect((await post("/moderation", { intent: "suspend", reportId: report!.id }, mod.cookie)).status).toBe(302);
  });
});
