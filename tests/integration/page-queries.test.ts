// Bounded SQL per page (docs/product.md §5, ADR 011): a page issues the same few statements whatever it shows.
// Counted at the pg pool (every statement Prisma sends), for the root + route loaders of a page.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { beforeEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { follow } from "~/models/follow.server";
import { addInteraction } from "~/models/interactions.server";
import { notifyFollowed } from "~/models/notification.server";
import { createCrud, createReply } from "~/models/posting.server";
import { createReport } from "~/models/report.server";
import { block, mute } from "~/models/safety.server";
import { countQueries } from "~/observability/request-context.server";
import { loader as rootLoader } from "~/root";
import { loader as profileLoader } from "~/routes/$handle";
import { loader as followersLoader } from "~/routes/$handle_.followers";
import { loader as followingLoader } from "~/routes/$handle_.following";
import { loader as feedLoader } from "~/routes/$handle_.feed[.xml]";
import { loader as threadLoader } from "~/routes/$handle_.status.$id";
import { loader as homeLoader } from "~/routes/_index";
import { loader as moderationLoader } from "~/routes/moderation";
import { loader as newCrudsLoader } from "~/routes/api.new-cruds";
import { loader as notificationsLoader } from "~/routes/notifications";
import { loader as searchLoader } from "~/routes/search";
import { loader as settingsLoader } from "~/routes/settings._index";
import { loader as blocksLoader } from "~/routes/settings.blocks";
import { loader as exportLoader } from "~/routes/settings.export";
import { loader as deleteLoader } from "~/routes/settings.delete";
import { loader as mutesLoader } from "~/routes/settings.mutes";
import { loader as passwordLoader } from "~/routes/settings.password";
import { loader as securityLoader } from "~/routes/settings.security";
import { loader as preferencesLoader } from "~/routes/settings.preferences";
import { loader as sessionsLoader } from "~/routes/settings.sessions";
import { createUser } from "../support/factories";

type Loader = (args: LoaderFunctionArgs) => Promise<unknown>;

async function pageQueries(path: string, params: Record<string, string>, routeLoader: Loader, cookie?: string) {
  const request = new Request(`http://localhost${path}`, { headers: cookie ? { cookie: cookie.split(";")[0]! } : {} });
  const args = { request, params, context: { cspNonce: "" } } as LoaderFunctionArgs;
  // Remix runs the loaders of a page in parallel, as here, each with its own Request object.
  const routeArgs = { ...args, request: new Request(request) };
  const { queries } = await countQueries(() => Promise.all([rootLoader(args), routeLoader(routeArgs)]));
  return queries;
}

/** A resource route alone (no layout, so no root loader): the new-cruds endpoint the home tabs poll. */
async function endpointQueries(path: string, routeLoader: Loader, cookie?: string) {
  const request = new Request(`http://localhost${path}`, { headers: cookie ? { cookie: cookie.split(";")[0]! } : {} });
  const { result, queries } = await countQueries(() => routeLoader({ request, params: {}, context: { cspNonce: "" } } as LoaderFunctionArgs));
  expect((result as Response).status, path).toBe(200);
  return queries;
}

/** The `since` the home page hands its new-cruds pill (the newest entry it shows). */
async function sinceOf(path: string, cookie?: string) {
  const request = new Request(`http://localhost${path}`, { headers: cookie ? { cookie: cookie.split(";")[0]! } : {} });
  const page = (await homeLoader({ request, params: {}, context: { cspNonce: "" } } as LoaderFunctionArgs)) as { data: { since: string } };
  return encodeURIComponent(page.data.since);
}

async function seed(cruds: number) {
  await prisma.$executeRaw`TRUNCATE users, cruds CASCADE`;
  const author = await createUser({ handle: "author" });
  const fans = await Promise.all(Array.from({ length: 3 }, () => createUser()));
  let last = "";
  let lastReply = "";
  for (let n = 0; n < cruds; n++) {
    last = await createCrud({ userId: author.id, message: `crud ${n} #tag${n % 3} @${fans[0]!.handle}`, ttl: "1-day" });
    for (const fan of fans) await addInteraction(n % 2 ? "like" : "repost", { userId: fan.id, crudId: last });
    lastReply = (await createReply({ userId: fans[n % 3]!.id, parentId: last, message: `reply to ${n} @${fans[1]!.handle} @nobody_${n}` })) ?? "";
    // As many follows as cruds: the viewer follows each new user, who follows the author back.
    const followed = await createUser();
    await createCrud({ userId: followed.id, message: `followed ${n}`, ttl: "1-day" });
    await follow({ followerId: fans[0]!.id, handle: followed.handle });
    await follow({ followerId: followed.id, handle: author.handle });
  }
  // Crud-less notifications ride in the same statements as the others.
  for (const fan of fans.slice(1)) await notifyFollowed({ followerId: fan.id, followeeId: fans[0]!.id });
  await follow({ followerId: fans[0]!.id, handle: author.handle });
  // Blocks and mutes both ways (ADR 018): their filters ride in the same statements too.
  const strangers = await Promise.all(Array.from({ length: 4 }, () => createUser()));
  for (const [n, stranger] of strangers.entries()) {
    await createCrud({ userId: stranger.id, message: `stranger ${n}`, ttl: "1-day" });
    await addInteraction("repost", { userId: stranger.id, crudId: last });
    await addInteraction("like", { userId: stranger.id, crudId: last });
  }
  await block({ blockerId: fans[0]!.id, handle: strangers[0]!.handle });
  await block({ blockerId: strangers[1]!.id, handle: fans[0]!.handle });
  await mute({ muterId: fans[0]!.id, handle: strangers[2]!.handle });
  await mute({ muterId: strangers[3]!.id, handle: fans[0]!.handle });
  // The viewer moderates: as many open and resolved reports and suspended users as cruds (ADR 019).
  await prisma.user.update({ where: { id: fans[0]!.id }, data: { role: "moderator" } });
  for (let n = 0; n < cruds; n++) {
    const reported = await createUser();
    await createReport({ reporterId: fans[1]!.id, reason: "spam", comment: `report ${n}`, target: { handle: reported.handle } });
    await createReport({ reporterId: fans[2]!.id, reason: "other", comment: `resolved ${n}`, target: { handle: reported.handle } });
    await prisma.user.update({ where: { id: reported.id }, data: { suspendedAt: new Date() } });
  }
  await prisma.report.updateMany({ where: { comment: { startsWith: "resolved" } }, data: { status: "dismissed", resolvedAt: new Date() } });
  return { author, viewer: fans[0]!, last, lastReply, replier: fans[(cruds - 1) % 3]! };
}

describe("SQL statements per page do not grow with the cruds shown", () => {
  let counts: Record<string, number[]>;
  beforeEach(() => {
    counts = {};
  });

  it("for the timelines, a profile, a thread and the follow lists, signed out and in, whatever the number of follows", async () => {
    for (const size of [5, 45]) {
      const { author, viewer, last, lastReply, replier } = await seed(size);
      const cookie = await createSession(viewer.id);
      // Warm the sidebar's caches (trending, suggestions: a statement each per 30–60 s) so both sizes are counted alike.
      await pageQueries("/", {}, homeLoader as Loader);
      await pageQueries("/", {}, homeLoader as Loader, cookie);
      for (const [name, path, params, loader, withCookie] of [
        ["home, signed out", "/", {}, homeLoader, false],
        ["home, signed in (Following)", "/", {}, homeLoader, true],
        ["home, signed in (Everyone)", "/?tab=everyone", {}, homeLoader, true],
        ["profile", `/@${author.handle}`, { handle: `@${author.handle}` }, profileLoader, true],
        ["thread", `/@${author.handle}/status/${last}`, { handle: `@${author.handle}`, id: last }, threadLoader, true],
        // A reply's page: the crud it answers rides in the thread's statement.
        ["reply's thread", `/@${replier.handle}/status/${lastReply}`, { handle: `@${replier.handle}`, id: lastReply }, threadLoader, true],
        ["reply's thread, signed out", `/@${replier.handle}/status/${lastReply}`, { handle: `@${replier.handle}`, id: lastReply }, threadLoader, false],
        ["notifications", "/notifications", {}, notificationsLoader, true],
        ["following list", `/@${viewer.handle}/following`, { handle: `@${viewer.handle}` }, followingLoader, true],
        ["followers list", `/@${author.handle}/followers`, { handle: `@${author.handle}` }, followersLoader, true],
        ["search", "/search?q=crud", {}, searchLoader, true],
        ["blocks", "/settings/blocks", {}, blocksLoader, true],
        ["mutes", "/settings/mutes", {}, mutesLoader, true],
        ["moderation", "/moderation", {}, moderationLoader, true],
        ["data export", "/settings/export", {}, exportLoader, true],
        ["settings", "/settings", {}, settingsLoader, true],
        ["sessions", "/settings/sessions", {}, sessionsLoader, true],
        ["password", "/settings/password", {}, passwordLoader, true],
        ["security", "/settings/security", {}, securityLoader, true],
        ["preferences", "/settings/preferences", {}, preferencesLoader, true],
        ["delete account", "/settings/delete", {}, deleteLoader, true],
      ] as const) {
        (counts[name] ??= []).push(await pageQueries(path, params, loader as Loader, withCookie ? cookie : undefined));
      }
      // The Atom feed is a resource route: its own loader only (no root loader, no session).
      const feedRequest = new Request(`http://localhost/@${author.handle}/feed.xml`);
      const feedArgs = { request: feedRequest, params: { handle: `@${author.handle}` }, context: { cspNonce: "", clientIp: "" } } as LoaderFunctionArgs;
      (counts.feed ??= []).push((await countQueries(() => feedLoader(feedArgs))).queries);
      // Paging back up ("Newer"): the same statement read the other way.
      const older = (
        (await homeLoader({ request: new Request("http://localhost/"), params: {}, context: {} } as LoaderFunctionArgs)) as { data: { olderHref?: string } }
      ).data.olderHref;
      expect(older, "both sizes fill more than a page").toBeDefined();
      const newer = (
        (await homeLoader({ request: new Request(`http://localhost${older}`), params: {}, context: {} } as LoaderFunctionArgs)) as {
          data: { newerHref?: string };
        }
      ).data.newerHref;
      expect(newer).toMatch(/^\/\?newer=/);
      (counts["home, a newer page"] ??= []).push(await pageQueries(newer!, {}, homeLoader as Loader));
      // The endpoint the home tabs poll for new cruds, with cruds newer than the page's top.
      const sinceEveryone = await sinceOf("/");
      const sinceFollowing = await sinceOf("/", cookie);
      for (let n = 0; n < 3; n++) await createCrud({ userId: author.id, message: `newer ${n} @${viewer.handle}`, ttl: "1-day" });
      for (const [name, path, withCookie] of [
        ["new cruds, signed out", `/api/new-cruds?tab=everyone&since=${sinceEveryone}`, false],
        ["new cruds, Following", `/api/new-cruds?since=${sinceFollowing}`, true],
        ["new cruds, Everyone", `/api/new-cruds?tab=everyone&since=${sinceEveryone}`, true],
      ] as const) {
        (counts[name] ??= []).push(await endpointQueries(path, newCrudsLoader as Loader, withCookie ? cookie : undefined));
      }
    }
    for (const [name, [small, large]] of Object.entries(counts)) {
      expect(large, `${name}: ${small} statements with 5 cruds and follows, ${large} with 45`).toBe(small);
    }
    // Signed in: the session lookup (which carries the nav's badges), then the page's own; the sidebar is cached.
    expect(Object.fromEntries(Object.entries(counts).map(([name, [, large]]) => [name, large]))).toEqual({
      "home, signed out": 1, // the timeline
      "home, signed in (Following)": 2, // session + the Following timeline
      "home, signed in (Everyone)": 2, // session + timeline
      profile: 3, // session + profile header (with both follow counts) + its feed
      thread: 2, // session + the crud with its replies
      "reply's thread": 2, // session + the crud with the crud it answers and its replies
      "reply's thread, signed out": 1,
      "home, a newer page": 1, // the timeline, read newer than a cursor
      notifications: 3, // session + the groups + marking them read
      "following list": 2, // session + the user with a page of their follows
      "followers list": 2,
      search: 5, // session + the search rate limit + users + crud ids + their cards
      blocks: 2, // session + the list
      mutes: 2,
      moderation: 4, // session (with the role) + open reports + resolved + suspended users
      "data export": 2, // session + reading the export limit's counter
      feed: 1, // the author with their cruds
      // What each poll costs (ADR 021): the count, and signed in the session before it.
      "new cruds, signed out": 1,
      "new cruds, Following": 2,
      "new cruds, Everyone": 2,
      settings: 1, // the session (the index is static)
      sessions: 2, // session + the account's live sessions
      password: 2, // session + whether the account has an authenticator app (its code field)
      security: 3, // session + two-step state with the codes left + a set-up in progress
      preferences: 2, // session + the stored preferences
      "delete account": 2, // session + whether the account has an authenticator app
    });
  });
});
