// Cross-origin writes (ASVS 3.5.1) against the production build: every route with an action, read
// from the build's own route manifest (a route added later is covered without anyone listing it),
// is tried as a document POST, as single fetch `.data` and as the legacy `?_data=`, with a foreign
// Origin, `Origin: null` and `Sec-Fetch-Site: cross-site`, by a signed-in user. Each answer is a
// refusal page in the layout, and not one row of the database changes; the composer's multipart form
// (ADR 033) too. Needs `npm run build`.
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import {
  buildRoutes,
  databaseFingerprint,
  jsonLines,
  type ManifestRoute,
  routePath,
  sessionCookie,
  withProductionApp,
  waitForOutput,
} from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

let cookie: string;
let params: Record<string, string>;
const routes = buildRoutes();
const withActions = routes.filter((route) => route.hasAction);
const app = withProductionApp();

beforeAll(async () => {
  const ana = await createUser({ handle: "ana_csrf" });
  const bob = await createUser({ handle: "bob_csrf" });
  await createCrud(bob.id, { message: "bob's crud" });
  // Ana's own crud, so that like, reply and delete would all succeed if they ran.
  const crud = await createCrud(ana.id, { message: "ana's crud" });
  cookie = await sessionCookie(ana.id);
  // A second session of ana's, so that "Sign out everywhere else" would end it if it ran.
  await sessionCookie(ana.id);
  params = { handle: "@bob_csrf", id: crud.id };
  REPLY.replyTo = crud.id;
  REPLY.backTo = `/@ana_csrf/status/${crud.id}`;
  // Ana moderates, and bob's report is open, so that the moderation actions would run too.
  await prisma.user.update({ where: { id: ana.id }, data: { role: "moderator" } });
  const report = await prisma.report.create({ data: { reporterId: bob.id, targetUserId: ana.id, reason: "spam" }, select: { id: true } });
  FORMS.push({ intent: "suspend", reportId: report.id });
});

// What the app's forms send, so that each action would change something if it ran.
const REPLY: Record<string, string> = { intent: "reply", message: "sent from another site" };
const FORMS: Record<string, string>[] = [
  { intent: "crud", message: "sent from another site", ttl: "1-day", backTo: "/" },
  REPLY,
  { intent: "like" },
  { intent: "follow", redirectTo: "/" },
  { intent: "block", redirectTo: "/" },
  { intent: "mute", redirectTo: "/" },
  { intent: "delete", redirectTo: "/" },
  { intent: "shorten", ttl: "now" },
  { intent: "export" },
  { intent: "sign-out-others" },
  // Also a report of bob, new preferences, a new password and the account's deletion (each form ignores
  // the others' fields).
  {
    message: "sent from another site",
    displayName: "Hacked",
    bio: "hacked",
    user: "bob_csrf",
    reason: "spam",
    comment: "sent from another site",
    defaultTtl: "1-hour",
    timeZone: "Europe/Paris",
    theme: "light",
    currentPassword: "ana's password here",
    password: "ana's password here",
    confirmPassword: "a new password for ana",
    confirmation: "ana_csrf",
  },
];
const FOREIGN: { name: string; headers: Record<string, string> }[] = [
  { name: "a foreign Origin", headers: { origin: "https://evil.example" } },
  { name: "Origin: null", headers: { origin: "null" } },
  { name: "Sec-Fetch-Site: cross-site", headers: { "sec-fetch-site": "cross-site" } },
  { name: "Sec-Fetch-Site: same-site (a sibling subdomain)", headers: { "sec-fetch-site": "same-site" } },
];

/** The three addresses an action answers on: the document, single fetch and the legacy data path. */
function actionUrls(route: ManifestRoute) {
  const path = routePath(routes, route, params);
  const index = route.index ? "?index" : "";
  return [
    { kind: "document", url: `${path}${index}`, refusal: 403 },
    { kind: ".data", url: `${path === "/" ? "/_root" : path}.data${index}`, refusal: 403 },
    // Refused whatever its origin (400), before the origin check.
    { kind: "?_data=", url: `${path}?${route.index ? "index&" : ""}_data=${encodeURIComponent(route.id)}`, refusal: 400 },
  ];
}

const post = (url: string, headers: Record<string, string>, form: Record<string, string>) =>
  fetch(`${app.url}${url}`, { method: "POST", headers: { cookie, ...headers }, body: new URLSearchParams(form), redirect: "manual" });

/** The composer's multipart form with one described image, as a browser sends it (ADR 033). */
async function postMultipart(url: string, headers: Record<string, string>, message: string) {
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 0, b: 0 } } })
    .png()
    .toBuffer();
  const form = new FormData();
  for (const [name, value] of Object.entries({ intent: "crud", message, ttl: "1-day", backTo: "/", imageAlt: "A red rectangle" })) form.append(name, value);
  form.append("images", new File([new Uint8Array(image)], "red.png", { type: "image/png" }));
  return fetch(`${app.url}${url}`, { method: "POST", headers: { cookie, ...headers }, body: form, redirect: "manual" });
}

describe("state changes from another origin", () => {
  it("finds the routes with an action in the build's manifest", () => {
    const ids = withActions.map((route) => route.id);
    for (const id of [
      "routes/compose",
      "routes/$handle_.status.$id",
      "routes/cruds.$id",
      "routes/signout",
      "routes/signin",
      "routes/messages.$handle",
      "routes/settings.profile",
      "routes/$handle_.follow",
      "routes/report",
      "routes/moderation",
      "routes/settings.export_.download",
      "routes/settings.sessions",
      "routes/settings.password",
      "routes/settings.security",
      "routes/settings.preferences",
      "routes/settings.appearance",
      "routes/settings.delete",
    ]) {
      expect(ids).toContain(id);
    }
    // Cruds and replies are posted to /compose only (ADR 033): the home and profile pages have no action.
    expect(ids).not.toContain("routes/_index");
    expect(ids).not.toContain("routes/$handle");
  });

  // Routes × addresses × origins × forms: over two thousand requests, slow on a loaded machine. Four are in flight
  // at a time (the server renders one while the test reads another); each is refused and changes nothing, so
  // their order does not matter.
  it("are refused on every route with an action, every address and every kind of foreign origin, and change nothing", async () => {
    const before = await databaseFingerprint();
    const requests = withActions.flatMap((route) =>
      actionUrls(route).flatMap(({ kind, url, refusal }) => FOREIGN.flatMap((foreign) => FORMS.map((form) => ({ route, kind, url, refusal, foreign, form })))),
    );
    const answers: string[] = [];
    let next = 0;
    const sender = async () => {
      for (let request = requests[next++]; request; request = requests[next++]) {
        const { route, kind, url, refusal, foreign, form } = request;
        const response = await post(url, foreign.headers, form);
        const html = await response.text();
        const shown = kind === "?_data=" ? "not one Cruddur answers" : "This form was sent from another site";
        if (response.status !== refusal || !html.includes(shown) || !html.includes('class="app-shell"')) {
          answers.push(`${route.id} ${kind} ${url} with ${foreign.name} (${form.intent ?? "no intent"}): ${response.status}`);
        }
      }
    };
    await Promise.all([sender(), sender(), sender(), sender()]);
    expect(requests.length).toBe(withActions.length * 3 * FOREIGN.length * FORMS.length);
    expect(answers.sort()).toEqual([]);
    expect(await databaseFingerprint()).toEqual(before);
  }, 90_000);

  it("the legacy ?_data= path is refused for GET too", async () => {
    const response = await fetch(`${app.url}/?_data=routes%2F_index`, { headers: { cookie } });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("not one Cruddur answers");
  });

  it("are logged as warnings, not errors", async () => {
    const response = await post("/signout", { origin: "https://evil.example" }, {});
    expect(response.status).toBe(403);
    const requestId = response.headers.get("x-request-id");
    const ofRequest = () => jsonLines(app.output()).filter((line) => line.request_id === requestId);
    // The request line comes last, once the response has finished.
    await waitForOutput(app, () => ofRequest().some((line) => line.msg === "request"));
    expect(ofRequest().find((line) => line.msg === "request refused")).toMatchObject({
      level: "warn",
      reason: "cross-origin",
      method: "POST",
      path: "/signout",
    });
    expect(ofRequest().find((line) => line.msg === "request")).toMatchObject({ method: "POST", status: 403 });
    expect(ofRequest().filter((line) => line.level === "error")).toEqual([]);
  });

  it("the same requests from the site itself do change things (so the fingerprint above can tell)", async () => {
    const own = { origin: app.url, "sec-fetch-site": "same-origin" };
    const before = await prisma.crud.count();
    const posted = await post("/compose", own, FORMS[0]!);
    expect(posted.status).toBe(302);
    expect(await prisma.crud.count()).toBe(before + 1);
    const multipart = await postMultipart("/compose", own, "posted from the site itself");
    expect(multipart.status).toBe(302);
    expect(await prisma.crud.count()).toBe(before + 2);
    expect(await prisma.picture.count()).toBe(1);
    // A client that sends neither header (curl, a script) is not a browser lending its cookies.
    const liked = await post(`/cruds/${params.id}`, {}, { intent: "like", redirectTo: "/" });
    expect(liked.status).toBe(302);
    expect(await prisma.like.count()).toBe(1);
  });

  it("a multipart post to /compose (the composer's own form, with an image) is refused too, and stores nothing", async () => {
    const before = await databaseFingerprint();
    for (const url of ["/compose", "/compose.data"]) {
      for (const foreign of FOREIGN) {
        const response = await postMultipart(url, foreign.headers, "an image from another site");
        expect(response.status, `${url} with ${foreign.name}`).toBe(403);
        const html = await response.text();
        expect(html).toContain("This form was sent from another site");
        expect(html).toContain('class="app-shell"');
      }
    }
    expect(await databaseFingerprint()).toEqual(before);
  });

  it("links followed from other sites still work (only unsafe methods are checked)", async () => {
    const response = await fetch(`${app.url}/@bob_csrf`, { headers: { cookie, "sec-fetch-site": "cross-site", origin: "https://evil.example" } });
    expect(response.status).toBe(200);
  });
});
