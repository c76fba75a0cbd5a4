// Hostile pictures over HTTP against the production build (docs/product.md §11, ADR 033): each is refused with a
// message on the page and the right status, the text kept and nothing stored (no row, no object), or made safe (a
// fresh WebP without metadata). Needs `npm run build`.
import exifr from "exifr";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "~/db.server";
import { FILE_BYTES_MAX } from "~/domain/picture-limits";
import { sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";
import { jpeg, pendingIds, pngClaiming, postMultipart, storedObjects, type UploadFile } from "../support/pictures";

const app = withProductionApp();
let ana: { id: string; handle: string };
let anaCookie: string;
let ips = 0;

beforeAll(async () => {
  ana = await createUser({ handle: "ana_hostile" });
  anaCookie = await sessionCookie(ana.id);
});

/** Each call from an address of its own, so one test's uploads never count against another's per-IP limit. */
const compose = (fields: Record<string, string | string[]>, files: UploadFile[] = [], cookie = anaCookie) =>
  postMultipart(`${app.url}/compose`, { intent: "crud", ttl: "1-day", backTo: "/", ...fields }, files, { cookie, "X-Forwarded-For": `198.51.100.${++ips}` });

const pictureCount = async () => (await queryRows<{ n: number }>`SELECT count(*)::int AS n FROM pictures`)[0]!.n;

/** Runs `attempt` and checks it stored nothing: no picture row, no object, no crud with that text. */
async function storesNothing(message: string, attempt: () => Promise<Response>) {
  const [rows, objects] = [await pictureCount(), (await storedObjects()).length];
  const response = await attempt();
  expect(await pictureCount()).toBe(rows);
  expect((await storedObjects()).length).toBe(objects);
  expect(await queryRows`SELECT 1 FROM cruds WHERE message = ${message}`).toEqual([]);
  return { response, html: await response.text() };
}

describe("files that are not what they claim", () => {
  const cases: [string, () => Promise<UploadFile>, number, RegExp][] = [
    [
      "an SVG",
      async () => ({
        name: "drawing.svg",
        type: "image/svg+xml",
        bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
      }),
      415,
      /not a JPEG, PNG, WebP, GIF or AVIF image/,
    ],
    [
      "a page named like a photo",
      async () => ({ name: "photo.jpg", bytes: Buffer.from("<!doctype html><script>alert(document.cookie)</script>") }),
      415,
      /not a JPEG/,
    ],
    [
      "a 50,000 × 50,000 PNG of a few hundred bytes",
      async () => ({ name: "bomb.png", type: "image/png", bytes: pngClaiming(50_000, 50_000) }),
      413,
      /megapixels/,
    ],
    [
      "JPEG magic over a script",
      async () => ({ name: "x.jpg", bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from("<script>alert(1)</script>")]) }),
      422,
      /could not be read/,
    ],
  ];
  for (const [name, file, status, message] of cases) {
    it(`refuses ${name} with ${status}, says why, keeps the text and stores nothing`, async () => {
      const text = `hostile: ${name}`;
      const { response, html } = await storesNothing(text, async () => compose({ message: text }, [await file()]));
      expect(response.status).toBe(status);
      expect(html).toMatch(message);
      expect(html).toContain(text);
    });
  }

  it("re-encodes a polyglot (a GIF with a page appended): only fresh pixels are served", async () => {
    const gif = await sharp({ create: { width: 16, height: 16, channels: 3, background: "#3c3" } })
      .gif()
      .toBuffer();
    const posted = await compose({ message: "a polyglot", imageAlt: "green" }, [
      { name: "x.gif", type: "image/gif", bytes: Buffer.concat([gif, Buffer.from("<script>alert(1)</script>")]) },
    ]);
    expect(posted.status).toBe(302);
    const [picture] = await queryRows<{ key: string }>`SELECT p.key FROM pictures p JOIN cruds c ON c.id = p.crud_id WHERE c.message = 'a polyglot'`;
    const served = Buffer.from(await (await fetch(`${app.url}/media/${picture!.key}/full.webp`)).arrayBuffer());
    expect(served.subarray(8, 12).toString("latin1")).toBe("WEBP");
    expect(served.includes("<script")).toBe(false);
  });

  it("strips a photo's GPS position and every other metadata", async () => {
    const withGps = await sharp(await jpeg(640, 480))
      .withExif({
        IFD0: { Make: "PhoneCo", Model: "Secret Model" },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "51/1 30/1 0/1", GPSLongitudeRef: "W", GPSLongitude: "0/1 7/1 0/1" },
      })
      .jpeg()
      .toBuffer();
    expect((await exifr.gps(withGps))?.latitude).toBeCloseTo(51.5);
    const posted = await compose({ message: "where was I", imageAlt: "a place" }, [{ name: "gps.jpg", bytes: withGps }]);
    expect(posted.status).toBe(302);
    const [picture] = await queryRows<{ key: string }>`SELECT p.key FROM pictures p JOIN cruds c ON c.id = p.crud_id WHERE c.message = 'where was I'`;
    for (const variant of ["full", "preview"]) {
      const served = Buffer.from(await (await fetch(`${app.url}/media/${picture!.key}/${variant}.webp`)).arrayBuffer());
      expect(served.includes("EXIF")).toBe(false);
      expect(served.includes("Secret Model")).toBe(false);
      expect((await sharp(served).metadata()).exif).toBeUndefined();
    }
  });
});

describe("too much", () => {
  it("refuses an 11 MB file with 413, keeping the text", async () => {
    const text = "an enormous photo";
    const big = Buffer.concat([await jpeg(100, 100), Buffer.alloc(FILE_BYTES_MAX + 1024 * 1024)]);
    const { response, html } = await storesNothing(text, () => compose({ message: text }, [{ name: "big.jpg", bytes: big }]));
    expect(response.status).toBe(413);
    expect(html).toContain("at most 10 MB");
    expect(html).toContain(text);
  });

  it("refuses a fifth file with 413, keeping the text", async () => {
    const text = "five photos";
    const five = await Promise.all([1, 2, 3, 4, 5].map(async (n) => ({ name: `${n}.jpg`, bytes: await jpeg(64, 64) })));
    const { response, html } = await storesNothing(text, () => compose({ message: text }, five));
    expect(response.status).toBe(413);
    expect(html).toMatch(/at most 4 images/);
    expect(html).toContain(text);
  });

  it("counts images against the upload limit: the 31st in 30 minutes is a 429 that keeps the text", async () => {
    const uploader = await createUser({ handle: "many_uploads" });
    const cookie = await sessionCookie(uploader.id);
    const four = await Promise.all([1, 2, 3, 4].map(async (n) => ({ name: `${n}.jpg`, bytes: await jpeg(48, 48) })));
    const alts = ["a", "b", "c", "d"];
    for (let post = 0; post < 7; post++) expect((await compose({ message: `batch ${post}`, imageAlt: alts }, four, cookie)).status).toBe(302);
    expect((await compose({ message: "batch 7", imageAlt: ["a", "b"] }, four.slice(0, 2), cookie)).status).toBe(302);
    const refused = await compose({ message: "one too many", imageAlt: ["a"] }, four.slice(0, 1), cookie);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    const html = await refused.text();
    expect(html).toContain("You have added too many images.");
    expect(html).toContain("one too many");
  });
});

describe("someone else's uploads, and a crud that just went", () => {
  it("never attaches or removes another person's pending upload", async () => {
    const bob = await createUser({ handle: "bob_hostile" });
    const bobCookie = await sessionCookie(bob.id);
    const asked = await compose({ message: "bob's photo" }, [{ name: "b.jpg", bytes: await jpeg() }], bobCookie);
    const [bobsUpload] = pendingIds(await asked.text());
    expect(bobsUpload).toBeDefined();

    const stolen = await compose({ message: "taking bob's photo", pending: [bobsUpload!], pendingAlt: ["mine now"] });
    expect(stolen.status).toBe(409);
    expect(await stolen.text()).toContain("no longer waiting");
    expect((await compose({ message: "removing bob's photo", remove: [bobsUpload!] })).status).toBe(302);
    const [row] = await queryRows<{
      owner: string;
      crud: string | null;
    }>`SELECT owner_id AS owner, crud_id AS crud FROM pictures WHERE id = ${bobsUpload}::uuid`;
    expect(row).toEqual({ owner: bob.id, crud: null });
  });

  it("a reply with an image to a crud that just expired: 404, the text kept, its upload let go at once", async () => {
    const bob = await createUser({ handle: "bob_expired" });
    const parent = await createCrud(bob.id, { message: "about to go" });
    await queryRows`UPDATE cruds SET expires_at = now() - interval '1 millisecond' WHERE id = ${parent.id}::uuid`;
    const before = await pictureCount();
    const response = await postMultipart(
      `${app.url}/compose`,
      { intent: "reply", replyTo: parent.id, message: "too late with a photo", imageAlt: "late", backTo: `/@${bob.handle}/status/${parent.id}` },
      [{ name: "late.jpg", bytes: await jpeg() }],
      { cookie: anaCookie, "X-Forwarded-For": "198.51.100.250" },
    );
    expect(response.status).toBe(404);
    const html = await response.text();
    expect(html).toContain("This crud has expired or was deleted, so your reply was not posted.");
    expect(html).toContain("too late with a photo");
    expect(await pictureCount()).toBe(before);
  });
});
