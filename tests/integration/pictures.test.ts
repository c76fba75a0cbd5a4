// Pictures over real HTTP against the production build (docs/product.md §11, ADR 033): a crud posted with images
// through /compose, the question about descriptions, the images on its pages and in its feed, served with the
// headers that keep them safe and no longer cached than the crud lives; from the second it expires a 404, and
// after one purge round no object of it is left in the store. Needs `npm run build`.
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "~/db.server";
import { runPurge } from "~/jobs/purge.server";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";
import { jpeg, pendingIds, postMultipart, storedObjects, type UploadFile } from "../support/pictures";

const app = withProductionApp();
let ana: { id: string; handle: string };
let anaCookie: string;

beforeAll(async () => {
  ana = await createUser({ handle: "ana_pictures" });
  anaCookie = await sessionCookie(ana.id);
});

const compose = (fields: Record<string, string | string[]>, files: UploadFile[] = [], cookie = anaCookie) =>
  postMultipart(`${app.url}/compose`, fields, files, { cookie });

describe("libvips in the server process", () => {
  // The shared libraries the server has mapped: sharp's native module brings libvips with it.
  const libvipsLoaded = () => readFileSync(`/proc/${app.process.pid}/maps`, "utf8").includes("libvips");

  it("is loaded with the first picture, not at start (pages never need it)", async () => {
    expect((await fetch(`${app.url}/`)).status).toBe(200);
    expect(libvipsLoaded()).toBe(false);
    const asked = await compose({ intent: "crud", message: "the first picture", ttl: "1-day", backTo: "/" }, [{ name: "one.jpg", bytes: await jpeg() }]);
    expect(asked.status).toBe(200);
    expect(libvipsLoaded()).toBe(true);
  });
});

describe("posting images without JavaScript", () => {
  it("asks once about missing descriptions, keeps everything, then posts with the descriptions typed", async () => {
    const asked = await compose({ intent: "crud", message: "two photos #pictures", ttl: "1-day", backTo: "/" }, [
      { name: "one.jpg", bytes: await jpeg() },
      { name: "two.jpg", bytes: await jpeg(800, 1200) },
    ]);
    expect(asked.status).toBe(200);
    const html = await asked.text();
    expect(html).toContain("Post without a description?");
    expect(html).toContain("two photos #pictures");
    const ids = pendingIds(html);
    expect(ids).toHaveLength(2);
    const rows = await queryRows<{ crud_id: string | null; width: number; height: number }>`
      SELECT crud_id, width, height FROM pictures WHERE id = ANY(${ids}::uuid[]) ORDER BY width`;
    expect(rows).toEqual([
      { crud_id: null, width: 800, height: 1200 },
      { crud_id: null, width: 1200, height: 900 },
    ]);

    const posted = await compose({
      intent: "crud",
      message: "two photos #pictures",
      ttl: "1-day",
      backTo: "/",
      pending: ids,
      pendingAlt: ["An orange square", "A tall orange field"],
    });
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toBe("/");
    const [crud] = await queryRows<{ id: string }>`SELECT id FROM cruds WHERE user_id = ${ana.id}::uuid AND message = 'two photos #pictures'`;
    const attached = await queryRows<{ alt: string; position: number }>`SELECT alt, position FROM pictures WHERE crud_id = ${crud!.id}::uuid ORDER BY position`;
    expect(attached).toEqual([
      { alt: "An orange square", position: 0 },
      { alt: "A tall orange field", position: 1 },
    ]);

    const thread = await (await fetch(`${app.url}/@${ana.handle}/status/${crud!.id}`)).text();
    expect(thread).toContain('alt="An orange square"');
    expect(thread).toMatch(/<img[^>]+width="640"[^>]+height="480"/);
    expect(thread).toContain('property="og:image"');
    expect(thread).toContain("summary_large_image");
  });

  it("'Post anyway' posts with an empty description", async () => {
    const asked = await compose({ intent: "crud", message: "no words for this", ttl: "1-hour", backTo: "/" }, [{ name: "a.jpg", bytes: await jpeg() }]);
    const ids = pendingIds(await asked.text());
    const posted = await compose({
      intent: "crud",
      message: "no words for this",
      ttl: "1-hour",
      backTo: "/",
      pending: ids,
      pendingAlt: [""],
      withoutDescriptions: "yes",
    });
    expect(posted.status).toBe(302);
    const [picture] = await queryRows<{ alt: string | null }>`SELECT alt FROM pictures WHERE id = ${ids[0]}::uuid`;
    expect(picture!.alt).toBe("");
  });

  it("a refused text keeps the images as pending uploads and stores no crud", async () => {
    const refused = await compose({ intent: "crud", message: "   ", ttl: "1-day", backTo: "/" }, [{ name: "a.jpg", bytes: await jpeg() }]);
    expect(refused.status).toBe(400);
    const html = await refused.text();
    expect(html).toContain("Write something first");
    expect(pendingIds(html)).toHaveLength(0);
  });
});

describe("where a crud's images show", () => {
  it("sensitive images wait behind their warning everywhere, and stay out of share cards and notifications", async () => {
    const asked = await compose({ intent: "crud", message: "a sensitive one", ttl: "1-day", backTo: "/" }, [{ name: "a.jpg", bytes: await jpeg() }]);
    const [id] = pendingIds(await asked.text());
    const posted = await compose({
      intent: "crud",
      message: "a sensitive one",
      ttl: "1-day",
      backTo: "/",
      pending: [id!],
      pendingAlt: ["blood test"],
      sensitive: "on",
      contentWarning: "medical",
    });
    expect(posted.status).toBe(302);
    const [crud] = await queryRows<{ id: string }>`SELECT id FROM cruds WHERE message = 'a sensitive one'`;
    const thread = await (await fetch(`${app.url}/@${ana.handle}/status/${crud!.id}`)).text();
    expect(thread).toMatch(/<details class="sensitive-media"><summary><span class="warning">medical<\/span>/);
    expect(thread).not.toContain('property="og:image"');
    const bob = await createUser({ handle: "bob_sees" });
    await queryRows`INSERT INTO notifications (recipient_id, actor_id, kind, crud_id) VALUES (${ana.id}::uuid, ${bob.id}::uuid, 'like', ${crud!.id}::uuid)`;
    const notifications = await (await fetch(`${app.url}/notifications`, { headers: { cookie: anaCookie } })).text();
    expect(notifications).toContain("a sensitive one");
    expect(notifications).not.toContain('alt="blood test"');
  });

  it("notifications show a crud's images small, with their descriptions", async () => {
    const posted = await compose({ intent: "crud", message: "look at this", ttl: "1-day", backTo: "/", imageAlt: "a small thing" }, [
      { name: "a.jpg", bytes: await jpeg(800, 400) },
    ]);
    expect(posted.status).toBe(302);
    const [crud] = await queryRows<{ id: string }>`SELECT id FROM cruds WHERE message = 'look at this'`;
    const bob = await createUser({ handle: "bob_likes" });
    await queryRows`INSERT INTO notifications (recipient_id, actor_id, kind, crud_id) VALUES (${ana.id}::uuid, ${bob.id}::uuid, 'like', ${crud!.id}::uuid)`;
    const notifications = await (await fetch(`${app.url}/notifications`, { headers: { cookie: anaCookie } })).text();
    expect(notifications).toMatch(/<img src="\/media\/cruds\/[^"]+\/preview\.webp" alt="a small thing" height="64" width="128"/);
  });
});

describe("serving a crud's images", () => {
  it("with safe headers, cached no longer than the crud lives, and a 404 from the second it expires; purged with it", async () => {
    const asked = await compose({ intent: "crud", message: "short-lived picture", ttl: "1-hour", backTo: "/" }, [{ name: "a.jpg", bytes: await jpeg() }]);
    const [id] = pendingIds(await asked.text());
    expect((await compose({ intent: "crud", message: "short-lived picture", ttl: "1-hour", backTo: "/", pending: [id!], pendingAlt: ["x"] })).status).toBe(302);
    const [picture] = await queryRows<{ key: string; crudId: string }>`SELECT key, crud_id AS "crudId" FROM pictures WHERE id = ${id}::uuid`;
    const address = `${app.url}/media/${picture!.key}/full.webp`;

    const served = await fetch(address);
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(served.headers.get("x-content-type-options")).toBe("nosniff");
    expect(served.headers.get("content-security-policy")).toContain("default-src 'none'; sandbox");
    expect(served.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    const maxAge = Number(/max-age=(\d+)/.exec(served.headers.get("cache-control") ?? "")?.[1]);
    expect(maxAge).toBeGreaterThan(3_000);
    expect(maxAge).toBeLessThanOrEqual(3_600);
    expect((await sharp(Buffer.from(await served.arrayBuffer())).metadata()).format).toBe("webp");

    // Expired (not yet purged): gone from every page and address at once.
    await queryRows`UPDATE cruds SET expires_at = now() - interval '1 second' WHERE id = ${picture!.crudId}::uuid`;
    expect((await fetch(address)).status).toBe(404);
    expect((await storedObjects()).filter((name) => name.startsWith(picture!.key))).toHaveLength(2);

    const report = await runPurge();
    expect(report.picturesDeleted).toBeGreaterThanOrEqual(1);
    expect((await storedObjects()).filter((name) => name.startsWith(picture!.key))).toEqual([]);
    expect(await queryRows`SELECT 1 FROM picture_deletions WHERE key = ${picture!.key}`).toEqual([]);
  });

  it("a pending upload is served to its owner only, never cached", async () => {
    const asked = await compose({ intent: "crud", message: "pending", ttl: "1-day", backTo: "/" }, [{ name: "a.jpg", bytes: await jpeg() }]);
    const [id] = pendingIds(await asked.text());
    const [picture] = await queryRows<{ key: string }>`SELECT key FROM pictures WHERE id = ${id}::uuid`;
    const address = `${app.url}/media/${picture!.key}/preview.webp`;
    expect((await fetch(address)).status).toBe(404);
    const bob = await createUser({ handle: "bob_pictures" });
    expect((await fetch(address, { headers: { cookie: await sessionCookie(bob.id) } })).status).toBe(404);
    const own = await fetch(address, { headers: { cookie: anaCookie } });
    expect(own.status).toBe(200);
    expect(own.headers.get("cache-control")).toBe("private, no-store");
  });

  it("answers 404 for a crud without that picture, a malformed name and a path outside the store", async () => {
    const crud = await createCrud(ana.id, { message: "no pictures" });
    for (const name of [`cruds/${crud.id}/full.webp`, "cruds/AAAAAAAAAAAAAAAAAAAAAA/full.png", "cruds/../../etc/passwd", "profiles/x/full.webp"]) {
      expect((await fetch(`${app.url}/media/${name}`)).status).toBe(404);
    }
  });
});
