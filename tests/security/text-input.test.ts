// Text and redirects an attacker controls, against the production build: invisible-only text is
// empty, bidi controls never reach the database, and a redirect target is checked after the URL
// is normalised. Needs `npm run build`.
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

let cookie: string;
let userId: string;
let crudId: string;
const app = withProductionApp();

beforeAll(async () => {
  const ana = await createUser({ handle: "ana_text" });
  userId = ana.id;
  crudId = (await createCrud(ana.id)).id;
  cookie = await sessionCookie(ana.id);
});

const post = (path: string, form: Record<string, string>) =>
  fetch(`${app.url}${path}`, { method: "POST", headers: { cookie }, body: new URLSearchParams(form), redirect: "manual" });

describe("text that shows nothing or reorders the page", () => {
  it("a crud of zero-width and blank characters is empty: 400 with the message, nothing stored", async () => {
    const before = await prisma.crud.count();
    const response = await post("/compose", { intent: "crud", message: "\u200B\u200D\u2060\uFEFF\u3164", ttl: "1-day", backTo: "/" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("Write something first");
    expect(await prisma.crud.count()).toBe(before);
  });

  it("a display name with a right-to-left override is stored without it; an invisible one is refused", async () => {
    const saved = await post("/settings/profile", { displayName: "\u202Etxet desrever\u202C", bio: "\u2067bio\u2069" });
    expect(saved.status).toBe(302);
    expect(await prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { displayName: true, bio: true } })).toEqual({
      displayName: "txet desrever",
      bio: "bio",
    });
    const refused = await post("/settings/profile", { displayName: "\u200B\u3164", bio: "" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Enter your name");
  });
});

describe("redirect targets", () => {
  it.each(["//evil.example", "/.//evil.example", "/a/..//evil.example", "/./\\evil.example", "https://evil.example"])(
    "%j never sends the browser to another host",
    async (redirectTo) => {
      const response = await post(`/cruds/${crudId}`, { intent: "like", redirectTo });
      expect(response.status).toBe(302);
      // Home instead, at the card liked (ADR 020).
      expect(response.headers.get("location")).toBe(`/#crud-${crudId}`);
      await post(`/cruds/${crudId}`, { intent: "unlike", redirectTo: "/" });
    },
  );
});
