// Page links that carry a cursor (`?cursor=`, `?newer=`, `?before=`, `?since=`, `?reports=`, `?suspended=`),
// forged with instants PostgreSQL cannot hold (it stores timestamps from 4713 BC to 294276 AD; JavaScript
// dates reach 271821 BC): every paged address answers the 400 page ("That page link is not valid") in
// the layout, signed out and in, never a 500; the earliest and latest instants both can hold still
// work. Against the production build (`npm run build`).
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { sendMessage } from "~/models/message.server";
import { createCrud, createUser } from "../support/factories";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";

const app = withProductionApp();

const KEY = "0b0e4e55-0000-4000-8000-000000000000";
/** Out of PostgreSQL's range: before 4713-11-24 BC (the first as the probe sent it), and after 294276 AD. */
const OUT_OF_RANGE = [
  `-004714-01-01T00:00:00.000Z_${KEY}`,
  `-004713-11-23T23:59:59.999Z_${KEY}`,
  `-271821-04-20T00:00:00.000Z_${KEY}`,
  `+294277-01-01T00:00:00.000Z_${KEY}`,
];
/** At the edges PostgreSQL can hold (and JavaScript's latest date, which is within it): a page, maybe empty. */
const EDGES = [`-004713-11-24T00:00:00.000Z_${KEY}`, `+275760-09-13T00:00:00.000Z_${KEY}`];

const get = (path: string, cookie?: string) => fetch(`${app.url}${path}`, { headers: cookie ? { cookie } : {}, redirect: "manual" });

type Address = { path: (cursor: string) => string; cookie?: () => string; json?: boolean };

let user: { handle: string; cookie: string };
let moderatorCookie: string;
let other: { handle: string };
const addresses: Record<string, Address> = {};

beforeAll(async () => {
  const me = await createUser();
  const them = await createUser();
  const mod = await createUser();
  await prisma.user.update({ where: { id: mod.id }, data: { role: "moderator" } });
  await createCrud(them.id, { message: "a crud to page past" });
  await sendMessage({ senderId: them.id, recipientId: me.id, body: "hello there", now: new Date() });
  user = { handle: me.handle, cookie: await sessionCookie(me.id) };
  moderatorCookie = await sessionCookie(mod.id);
  other = { handle: them.handle };
  const q = encodeURIComponent;
  const signedIn = () => user.cookie;
  Object.assign(addresses, {
    "home, signed out": { path: (c) => `/?cursor=${q(c)}` },
    "home, newer, signed out": { path: (c) => `/?newer=${q(c)}` },
    "home Following": { path: (c) => `/?cursor=${q(c)}`, cookie: signedIn },
    "home Everyone, newer": { path: (c) => `/?tab=everyone&newer=${q(c)}`, cookie: signedIn },
    "new cruds, signed out": { path: (c) => `/api/new-cruds?since=${q(c)}`, json: true },
    "new cruds, Following": { path: (c) => `/api/new-cruds?since=${q(c)}`, cookie: signedIn, json: true },
    "search, signed out": { path: (c) => `/search?q=crud&cursor=${q(c)}` },
    "search, a tag": { path: (c) => `/search?q=%23crud&cursor=${q(c)}`, cookie: signedIn },
    "profile, signed out": { path: (c) => `/@${other.handle}?cursor=${q(c)}` },
    "profile, newer": { path: (c) => `/@${other.handle}?newer=${q(c)}`, cookie: signedIn },
    following: { path: (c) => `/@${other.handle}/following?cursor=${q(c)}` },
    followers: { path: (c) => `/@${other.handle}/followers?cursor=${q(c)}`, cookie: signedIn },
    notifications: { path: (c) => `/notifications?cursor=${q(c)}`, cookie: signedIn },
    "notifications, mentions": { path: (c) => `/notifications?filter=mentions&cursor=${q(c)}`, cookie: signedIn },
    conversations: { path: (c) => `/messages?cursor=${q(c)}`, cookie: signedIn },
    "a conversation": { path: (c) => `/messages/@${other.handle}?before=${q(c)}`, cookie: signedIn },
    "blocked users": { path: (c) => `/settings/blocks?cursor=${q(c)}`, cookie: signedIn },
    "muted users": { path: (c) => `/settings/mutes?cursor=${q(c)}`, cookie: signedIn },
    "moderation, reports": { path: (c) => `/moderation?reports=${q(c)}`, cookie: () => moderatorCookie },
    "moderation, suspended": { path: (c) => `/moderation?suspended=${q(c)}`, cookie: () => moderatorCookie },
  } satisfies Record<string, Address>);
});

describe("a cursor PostgreSQL cannot hold", () => {
  it("is the 400 page on every paged address, signed out included", async () => {
    const failures: string[] = [];
    for (const [name, address] of Object.entries(addresses)) {
      for (const cursor of OUT_OF_RANGE) {
        const response = await get(address.path(cursor), address.cookie?.());
        const body = await response.text();
        const said = address.json
          ? body.includes("`since` must be the cursor")
          : body.includes("That page link is not valid") && body.includes('aria-label="Main"');
        if (response.status !== 400 || !said || /at .*\.js:\d+/.test(body)) failures.push(`${name} ${cursor.slice(0, 7)}: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("at the edges it can hold, is a page (empty or not), never an error", async () => {
    const failures: string[] = [];
    for (const [name, address] of Object.entries(addresses)) {
      for (const cursor of EDGES) {
        const response = await get(address.path(cursor), address.cookie?.());
        await response.arrayBuffer();
        if (response.status !== 200) failures.push(`${name} ${cursor.slice(0, 7)}: ${response.status}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
