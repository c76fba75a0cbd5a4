// Avatars and banners over real HTTP against the production build (docs/product.md §11, ADR 033): uploaded in
// the profile settings without JavaScript (Post/Redirect/Get), shown on the profile with their sizes and
// descriptions and on the person's crud cards; a replaced or removed picture queued and gone after a purge round;
// a file that is not a picture refused with the text kept and nothing stored; a cross-origin post refused by the
// guard; and a deleted account leaving no picture behind (ADR 022). Needs `npm run build`.
import { readdir } from "node:fs/promises";
import path from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { queryRows } from "~/db.server";
import { runPurge } from "~/jobs/purge.server";
import { deleteAccountRows } from "~/models/account-deletion.server";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

const app = withProductionApp();

/** A photo-like JPEG, made here (no binary fixtures in the repository). */
const jpeg = async (width: number, height: number, colour = { r: 40, g: 120, b: 200 }) =>
  new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: colour } })
      .jpeg()
      .toBuffer(),
  );

type Upload = { field: "avatar" | "banner" | "images"; name: string; bytes: Uint8Array<ArrayBuffer>; type?: string };

/** Posts a multipart form as a browser without JavaScript would: the text fields first, then the files. */
function postForm(pathname: string, cookie: string, fields: Record<string, string>, files: Upload[] = [], headers: Record<string, string> = {}) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  for (const file of files) form.append(file.field, new File([file.bytes], file.name, { type: file.type ?? "image/jpeg" }));
  return fetch(`${app.url}${pathname}`, { method: "POST", headers: { cookie, ...headers }, body: form, redirect: "manual" });
}

/** Object names under the test run's picture store (MEDIA_DIR) that belong to `key`. */
async function objectsOf(key: string): Promise<string[]> {
  const root = process.env.MEDIA_DIR!;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile() && !entry.parentPath.includes(".tmp"))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((name) => name.startsWith(`${key}/`))
    .sort();
}

const pictureKeys = async (userId: string) => {
  const [row] = await queryRows<{ avatar: string | null; banner: string | null; avatarAlt: string | null; bannerAlt: string | null }>`
    SELECT av.key AS avatar, bn.key AS banner, av.alt AS "avatarAlt", bn.alt AS "bannerAlt"
    FROM users u LEFT JOIN pictures av ON av.id = u.avatar_id LEFT JOIN pictures bn ON bn.id = u.banner_id WHERE u.id = ${userId}::uuid`;
  return row!;
};

const queued = async (key: string) => (await queryRows`SELECT 1 FROM picture_deletions WHERE key = ${key}`).length === 1;

const profileFields = (user: { displayName: string }, extra: Record<string, string> = {}) => ({ displayName: user.displayName, bio: "", ...extra });

describe("avatar and banner in the profile settings, without JavaScript", () => {
  it("are uploaded with their descriptions (302 to the profile), shown there with sizes and alt, and on the person's crud cards", async () => {
    const ana = await createUser({ handle: "ana_avatar", displayName: "Ana Avatar" });
    const cookie = await sessionCookie(ana.id);
    await createCrud(ana.id, { message: "a crud with my new face" });

    const saved = await postForm("/settings/profile", cookie, profileFields(ana, { avatarAlt: "A blue square, smiling", bannerAlt: "A wide orange field" }), [
      { field: "avatar", name: "me.jpg", bytes: await jpeg(1200, 900) },
      { field: "banner", name: "field.jpg", bytes: await jpeg(3000, 1000, { r: 230, g: 120, b: 20 }) },
    ]);
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/@${ana.handle}`);

    const keys = await pictureKeys(ana.id);
    expect(keys).toMatchObject({ avatarAlt: "A blue square, smiling", bannerAlt: "A wide orange field" });
    expect(keys.avatar).toMatch(/^profiles\//);
    expect(await objectsOf(keys.avatar!)).toEqual([`${keys.avatar}/full.webp`, `${keys.avatar}/preview.webp`]);
    expect(await objectsOf(keys.banner!)).toHaveLength(2);
    const sizes = await queryRows<{ kind: string; width: number; height: number; pw: number; ph: number }>`
      SELECT kind::text, width, height, preview_width AS pw, preview_height AS ph FROM pictures WHERE owner_id = ${ana.id}::uuid ORDER BY kind`;
    expect(sizes).toEqual([
      { kind: "avatar", width: 400, height: 400, pw: 96, ph: 96 },
      { kind: "banner", width: 1500, height: 500, pw: 600, ph: 200 },
    ]);

    const profile = await (await fetch(`${app.url}/@${ana.handle}`)).text();
    // The banner's own size in the markup (no layout shift) and its description; the avatar, the subject here, described.
    expect(profile).toMatch(new RegExp(`<img class="banner" src="/media/${keys.banner}/full.webp"[^>]*width="1500" height="500" alt="A wide orange field"`));
    expect(profile).toMatch(new RegExp(`<img class="avatar" src="/media/${keys.avatar}/preview.webp"[^>]*alt="A blue square, smiling" width="96" height="96"`));
    // Their crud card beside it, and on the public timeline: the small avatar, as decoration beside the name.
    const card = new RegExp(`<img class="avatar" src="/media/${keys.avatar}/preview.webp" alt="" width="48" height="48"`);
    expect(profile).toMatch(card);
    expect(await (await fetch(`${app.url}/?tab=everyone`)).text()).toMatch(card);

    const served = await fetch(`${app.url}/media/${keys.avatar}/preview.webp`);
    expect(served.status).toBe(200);
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).width).toBe(96);

    // The settings page shows them, with the descriptions to edit; a description changed alone is saved.
    const settings = await (await fetch(`${app.url}/settings/profile`, { headers: { cookie } })).text();
    expect(settings).toContain(`/media/${keys.avatar}/preview.webp`);
    expect(settings).toContain(`/media/${keys.banner}/preview.webp`);
    expect(settings).toContain("A wide orange field</textarea>");
    const described = await postForm("/settings/profile", cookie, profileFields(ana, { avatarAlt: "A blue square", bannerAlt: "A wide orange field" }));
    expect(described.status).toBe(302);
    expect(await pictureKeys(ana.id)).toMatchObject({ avatar: keys.avatar, avatarAlt: "A blue square" });
  });

  it("a replaced avatar gets a new key; the old one is queued, 404 at once, and gone after a purge round; then removed", async () => {
    const bo = await createUser({ handle: "bo_avatar", displayName: "Bo" });
    const cookie = await sessionCookie(bo.id);
    const upload = async (colour: { r: number; g: number; b: number }) =>
      postForm("/settings/profile", cookie, profileFields(bo, { avatarAlt: "Bo" }), [{ field: "avatar", name: "bo.png", bytes: await jpeg(500, 500, colour) }]);

    expect((await upload({ r: 10, g: 200, b: 10 })).status).toBe(302);
    const first = (await pictureKeys(bo.id)).avatar!;
    expect((await upload({ r: 200, g: 10, b: 10 })).status).toBe(302);
    const second = (await pictureKeys(bo.id)).avatar!;
    expect(second).not.toBe(first);
    expect(await queued(first)).toBe(true);
    expect(await queryRows`SELECT 1 FROM pictures WHERE key = ${first}`).toEqual([]);
    expect((await fetch(`${app.url}/media/${first}/preview.webp`)).status).toBe(404);

    await runPurge();
    expect(await objectsOf(first)).toEqual([]);
    expect(await queued(first)).toBe(false);
    expect(await objectsOf(second)).toHaveLength(2);

    // Removed: initials again, and its objects go the same way.
    const removed = await postForm("/settings/profile", cookie, profileFields(bo, { removeAvatar: "on", avatarAlt: "Bo" }));
    expect(removed.status).toBe(302);
    expect((await pictureKeys(bo.id)).avatar).toBeNull();
    expect(await queued(second)).toBe(true);
    const profile = await (await fetch(`${app.url}/@${bo.handle}`)).text();
    expect(profile).not.toContain(second);
    expect(profile).toMatch(/<span class="avatar" aria-hidden="true"/);
    await runPurge();
    expect(await objectsOf(second)).toEqual([]);
  });

  it("an SVG is refused with 415, the message on the page and the text kept; nothing is stored", async () => {
    const cy = await createUser({ handle: "cy_avatar", displayName: "Cy" });
    const cookie = await sessionCookie(cy.id);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>');
    const before = await queryRows<{ n: number }>`SELECT count(*)::int AS n FROM pictures`;

    const refused = await postForm("/settings/profile", cookie, { displayName: "Cy the Second", bio: "kept bio", avatarAlt: "kept description" }, [
      { field: "avatar", name: "face.svg", bytes: svg, type: "image/svg+xml" },
    ]);
    expect(refused.status).toBe(415);
    const html = await refused.text();
    expect(html).toContain("That file is not a JPEG, PNG, WebP, GIF or AVIF image.");
    expect(html).toContain('value="Cy the Second"');
    expect(html).toContain("kept bio</textarea>");
    expect(html).toContain("kept description</textarea>");
    expect(await queryRows<{ n: number }>`SELECT count(*)::int AS n FROM pictures`).toEqual(before);
    expect(await queryRows`SELECT 1 FROM pictures WHERE owner_id = ${cy.id}::uuid`).toEqual([]);
    const [user] = await queryRows<{ displayName: string }>`SELECT display_name AS "displayName" FROM users WHERE id = ${cy.id}::uuid`;
    expect(user!.displayName).toBe("Cy");
  });

  it("a cross-origin multipart post is refused by the request guard (403) and changes nothing", async () => {
    const di = await createUser({ handle: "di_avatar", displayName: "Di" });
    const cookie = await sessionCookie(di.id);
    const refused = await postForm(
      "/settings/profile",
      cookie,
      profileFields(di, { avatarAlt: "x" }),
      [{ field: "avatar", name: "a.jpg", bytes: await jpeg(400, 400) }],
      {
        origin: "https://evil.example",
      },
    );
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain("This form was sent from another site");
    expect(await queryRows`SELECT 1 FROM pictures WHERE owner_id = ${di.id}::uuid`).toEqual([]);
  });
});

describe("account deletion (ADR 022)", () => {
  it("deletes the account's picture rows with it, queues their keys, and a purge round removes every object", async () => {
    const ed = await createUser({ handle: "ed_avatar", displayName: "Ed" });
    const cookie = await sessionCookie(ed.id);
    const saved = await postForm("/settings/profile", cookie, profileFields(ed, { avatarAlt: "Ed", bannerAlt: "Ed's band" }), [
      { field: "avatar", name: "a.jpg", bytes: await jpeg(400, 400) },
      { field: "banner", name: "b.jpg", bytes: await jpeg(1500, 500) },
    ]);
    expect(saved.status).toBe(302);
    const posted = await postForm("/compose", cookie, { intent: "crud", message: "my last crud", ttl: "1-day", backTo: "/", imageAlt: "A square" }, [
      { field: "images", name: "c.jpg", bytes: await jpeg(800, 600) },
    ]);
    expect(posted.status).toBe(302);
    const keys = (await queryRows<{ key: string }>`SELECT key FROM pictures WHERE owner_id = ${ed.id}::uuid ORDER BY key`).map((row) => row.key);
    expect(keys).toHaveLength(3);
    expect(keys.some((key) => key.startsWith("cruds/"))).toBe(true);
    for (const key of keys) expect(await objectsOf(key)).toHaveLength(2);

    expect(await deleteAccountRows({ userId: ed.id, cognitoUserId: `test-${ed.handle}` })).toEqual({ deleted: true });
    expect(await queryRows`SELECT 1 FROM pictures WHERE owner_id = ${ed.id}::uuid`).toEqual([]);
    for (const key of keys) expect(await queued(key), key).toBe(true);

    const report = await runPurge();
    expect(report.picturesDeleted).toBeGreaterThanOrEqual(3);
    for (const key of keys) {
      expect(await objectsOf(key), key).toEqual([]);
      expect(await queued(key), key).toBe(false);
    }
  });
});
