// Follow and unfollow over HTTP, against the production build (`npm run build`): without JavaScript a
// 302 back to the page, with it fetcher data; yourself 400, an unknown handle 404, signed out to the
// sign-in page and back, past the limit 429 in the layout. The cross-origin suite covers the action
// itself (it reads every route with an action from the build's manifest).
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db.server";
import { RATE_LIMITS } from "~/security/rate-limits.server";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createUser } from "../support/factories";

const app = withProductionApp();

function post(path: string, form: Record<string, string>, cookie?: string) {
  return fetch(`${app.url}${path}`, {
    method: "POST",
    body: new URLSearchParams(form),
    headers: cookie ? { cookie } : {},
    redirect: "manual",
  });
}

const follows = (followerId: string) =>
  queryRows<{ followee: string }>`SELECT u.handle AS followee FROM follows f JOIN users u ON u.id = f.followee_id WHERE f.follower_id = ${followerId}::uuid`;

/** A refusal shown as a page in the layout (navigation and all), not bare text. */
async function expectPage(response: Response, status: number, text: string | RegExp) {
  expect(response.status).toBe(status);
  const html = await response.text();
  expect(html).toMatch(text);
  expect(html).toContain('aria-label="Main"');
}

describe("follow and unfollow", () => {
  it("without JavaScript: follow, follow again, unfollow, each a 302 back to the page, and the profile counts follow", async () => {
    const fan = await createUser({ handle: "http_fan" });
    await createUser({ handle: "http_star" });
    const cookie = await sessionCookie(fan.id);
    for (const intent of ["follow", "follow"]) {
      const response = await post("/@http_star/follow", { intent, redirectTo: "/search?q=http" }, cookie);
      expect(response.status).toBe(302);
      expect(response.headers.get("location")).toBe("/search?q=http");
    }
    expect(await follows(fan.id)).toEqual([{ followee: "http_star" }]);
    const profile = await (await fetch(`${app.url}/@http_star`, { headers: { cookie } })).text();
    expect(profile).toMatch(/<strong>1<\/strong> (<!-- -->)?follower</);
    expect(profile).toContain('aria-label="Unfollow @http_star"');

    const unfollowed = await post("/@http_star/follow", { intent: "unfollow", redirectTo: "//evil.example" }, cookie);
    expect(unfollowed.status).toBe(302);
    expect(unfollowed.headers.get("location")).toBe("/");
    expect(await follows(fan.id)).toEqual([]);
  });

  it("with JavaScript (single fetch data): no redirect, the follow is stored", async () => {
    const fan = await createUser({ handle: "http_fan_js" });
    await createUser({ handle: "http_star_js" });
    const response = await post("/@http_star_js/follow.data", { intent: "follow", redirectTo: "/", enhanced: "1" }, await sessionCookie(fan.id));
    expect(response.status).toBe(200);
    expect(await follows(fan.id)).toEqual([{ followee: "http_star_js" }]);
  });

  it("a new follow notifies the followee once; an unfollow before it is read withdraws it", async () => {
    const fan = await createUser();
    const star = await createUser();
    const cookie = await sessionCookie(fan.id);
    const notes = () => queryRows<{ kind: string }>`SELECT kind::text FROM notifications WHERE recipient_id = ${star.id}::uuid AND actor_id = ${fan.id}::uuid`;
    await post(`/@${star.handle}/follow`, { intent: "follow", redirectTo: "/" }, cookie);
    await post(`/@${star.handle}/follow`, { intent: "follow", redirectTo: "/" }, cookie);
    expect(await notes()).toEqual([{ kind: "follow" }]);
    await post(`/@${star.handle}/follow`, { intent: "unfollow", redirectTo: "/" }, cookie);
    expect(await notes()).toEqual([]);
  });

  it("refuse following yourself (400) and an unknown handle (404), as pages in the layout", async () => {
    const fan = await createUser({ handle: "http_self" });
    const cookie = await sessionCookie(fan.id);
    await expectPage(await post("/@http_self/follow", { intent: "follow", redirectTo: "/" }, cookie), 400, "You cannot follow yourself.");
    await expectPage(await post("/@no_such_user/follow", { intent: "follow", redirectTo: "/" }, cookie), 404, "There is no user @no_such_user on Cruddur.");
    await expectPage(await post("/@no_such_user/follow", { intent: "unfollow", redirectTo: "/" }, cookie), 404, "There is no user @no_such_user");
    await expectPage(await post("/@http_self/follow", { intent: "befriend", redirectTo: "/" }, cookie), 400, "Unknown action.");
    expect(await follows(fan.id)).toEqual([]);
    // GET changes nothing.
    expect((await fetch(`${app.url}/@http_self/follow`)).status).toBe(404);
  });

  it("signed out: to the sign-in page, then back to the page the button was on", async () => {
    await createUser({ handle: "http_star_anon" });
    const response = await post("/@http_star_anon/follow", { intent: "follow", redirectTo: "/@http_star_anon" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/signin?${new URLSearchParams({ redirectTo: "/@http_star_anon" })}`);
  });

  it(`take ${RATE_LIMITS.followsPerMinute.points} follows and unfollows a minute per account; the next is refused (429)`, async () => {
    const fan = await createUser({ handle: "http_busy" });
    await createUser({ handle: "http_target" });
    const cookie = await sessionCookie(fan.id);
    for (let n = 0; n < RATE_LIMITS.followsPerMinute.points; n++) {
      const response = await post("/@http_target/follow", { intent: n % 2 ? "unfollow" : "follow", redirectTo: "/" }, cookie);
      expect(response.status).toBe(302);
    }
    const refused = await post("/@http_target/follow", { intent: "follow", redirectTo: "/" }, cookie);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    await expectPage(refused, 429, /You have followed or unfollowed too many people\. Try again in (1 minute|\d+ seconds?)\./);
    const enhanced = await post("/@http_target/follow.data", { intent: "follow", redirectTo: "/", enhanced: "1" }, cookie);
    expect(enhanced.status).toBe(429);
    expect(await enhanced.text()).toContain("You have followed or unfollowed too many people.");
    // An even number of toggles left no follow, and the refused ones added none.
    expect(await follows(fan.id)).toEqual([]);
  });
});
