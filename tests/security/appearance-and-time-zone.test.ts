// Settings → Appearance and the reported time zone (ADR 037) over HTTP against the production build:
// the theme form refuses what is not in its list (400 with its message), another origin, and a rate
// over settingsChangesPerMinute, storing nothing; the `tz` cookie is the visitor's to write, so an
// unknown, malformed or oversized zone is ignored (UTC), and a saved preference wins over it.
// Needs `npm run build`.
import { beforeEach, describe, expect, it } from "vitest";
import { createSession } from "~/auth/session.server";
import { prisma } from "~/db.server";
import { createUser } from "../support/factories";
import { withProductionApp } from "../support/production-app-suite";

const server = withProductionApp();

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE rate_limits`;
});

const post = (pathname: string, form: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${pathname}`, { method: "POST", body: new URLSearchParams(form), headers, redirect: "manual" });
const get = (pathname: string, headers: Record<string, string> = {}) => fetch(`${server.url}${pathname}`, { headers, redirect: "manual" });

async function signedIn(handle?: string) {
  const user = await createUser(handle ? { handle } : {});
  const request = new Request("http://localhost/signin", { headers: { "User-Agent": "Mozilla/5.0 Firefox/132.0" } });
  const cookie = (await createSession(user.id, new Date(), { request, ip: "203.0.113.9" })).split(";")[0]!;
  return { user, cookie };
}

const themeOf = async (userId: string) => (await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { theme: true } })).theme;

describe("/settings/appearance", () => {
  it("is linked from the settings index, has its way back, and paints <html> with the saved theme", async () => {
    const { user, cookie } = await signedIn();
    expect(await (await get("/settings", { cookie })).text()).toContain('href="/settings/appearance"');
    const page = await (await get("/settings/appearance", { cookie })).text();
    expect(page).toContain('<html lang="en" data-theme="system">');
    expect(page).toMatch(/<a[^>]*href="\/settings"[^>]*>← Settings<\/a>/);
    expect(page).toMatch(/<option value="system" selected="">/);

    const saved = await post("/settings/appearance", { theme: "light" }, { cookie });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe("/settings/appearance");
    expect(await themeOf(user.id)).toBe("light");
    const after = await (await get("/", { cookie })).text();
    expect(after).toContain('<html lang="en" data-theme="light">');
    expect(after).toContain('<meta name="color-scheme" content="light"/>');
    // Signed out: the device decides.
    expect(await (await get("/")).text()).toContain('<html lang="en" data-theme="system">');
  });

  it("refuses a theme that is not in the list, or none, with its message and a 400, storing nothing", async () => {
    const { user, cookie } = await signedIn();
    const forms: Record<string, string>[] = [{ theme: "blue" }, {}, { theme: "x".repeat(10_000) }, { theme: "Light" }];
    for (const form of forms) {
      const refused = await post("/settings/appearance", form, { cookie });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain("Choose system, dark or light");
    }
    expect(await themeOf(user.id)).toBe("system");
  });

  it("refuses another origin (403) and changes nothing", async () => {
    const { user, cookie } = await signedIn();
    const foreign: Record<string, string>[] = [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site" }];
    for (const headers of foreign) {
      const refused = await post("/settings/appearance", { theme: "dark" }, { cookie, ...headers });
      expect(refused.status).toBe(403);
    }
    expect(await themeOf(user.id)).toBe("system");
  });

  it("asks a signed-out visitor to sign in, and refuses past settingsChangesPerMinute with a 429", async () => {
    const signedOut = await post("/settings/appearance", { theme: "dark" });
    expect([302, 303]).toContain(signedOut.status);
    expect(signedOut.headers.get("location")).toMatch(/^\/signin/);
    const { cookie } = await signedIn();
    for (let n = 0; n < 30; n++) await post("/settings/appearance", { theme: n % 2 ? "dark" : "light" }, { cookie });
    const refused = await post("/settings/appearance", { theme: "dark" }, { cookie });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toMatch(/^\d+$/);
  });
});

describe("the tz cookie", () => {
  async function timedCrud() {
    const { user } = await signedIn();
    await prisma.crud.create({
      data: { userId: user.id, message: "timed", createdAt: new Date("2026-07-01T23:30:00Z"), expiresAt: new Date(Date.now() + 3_600_000) },
    });
    return user;
  }

  it("writes a signed-out visitor's exact times in the zone it names", async () => {
    await timedCrud();
    const asked = await (await get("/")).text();
    expect(asked).toContain('title="2026-07-01 23:30 UTC"');
    const tokyo = await (await get("/", { cookie: "tz=Asia%2FTokyo" })).text();
    expect(tokyo).toContain('title="2026-07-02 08:30 Asia/Tokyo"');
  });

  it("ignores an unknown, malformed or oversized zone: UTC", async () => {
    await timedCrud();
    for (const cookie of ["tz=Mars%2FOlympus_Mons", "tz=%E0%A4%A", `tz=${"A".repeat(5_000)}`, "tz=+05:30", `tz=Europe%2FParis${"%20".repeat(100)}`]) {
      const response = await get("/", { cookie });
      expect(response.status, cookie.slice(0, 40)).toBe(200);
      const text = await response.text();
      expect(text, cookie.slice(0, 40)).toContain('title="2026-07-01 23:30 UTC"');
    }
  });

  it("gives way to a signed-in person's saved zone", async () => {
    const author = await timedCrud();
    const { user, cookie } = await signedIn();
    await prisma.user.update({ where: { id: user.id }, data: { timeZone: "Europe/Paris" } });
    const page = await (await get(`/@${author.handle}`, { cookie: `${cookie}; tz=Asia%2FTokyo` })).text();
    expect(page).toContain('title="2026-07-02 01:30 Europe/Paris"');
    // Without a saved zone, the cookie's.
    const other = await signedIn();
    expect(await (await get(`/@${author.handle}`, { cookie: `${other.cookie}; tz=Asia%2FTokyo` })).text()).toContain('title="2026-07-02 08:30 Asia/Tokyo"');
  });
});
