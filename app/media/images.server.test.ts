import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import exifr from "exifr";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { INPUT_PIXELS_MAX } from "~/domain/picture-limits";
import { PictureQueue, PictureRefused, processPicture, sniffFormat, type ProcessedPicture } from "~/media/images.server";
import { pngClaiming } from "../../tests/support/pictures";

// Every input is made here with sharp (or by hand): no binary fixtures in git.
let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), "cruddur-images-"));
});
afterAll(() => rm(folder, { recursive: true, force: true }));

let files = 0;
async function fileOf(bytes: Buffer | Uint8Array, name = "upload.jpg"): Promise<string> {
  const file = path.join(folder, `${files++}-${name}`);
  await writeFile(file, bytes);
  return file;
}

/** A photo-like picture: smooth noise, which JPEG and WebP encode at realistic sizes. */
const photo = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: "#000", noise: { type: "gaussian", mean: 128, sigma: 30 } } }).blur(1);

const solid = (width: number, height: number, background: string) => sharp({ create: { width, height, channels: 3, background } });

/** The RIFF chunks of a WebP file (VP8, VP8L, VP8X, EXIF, XMP, ICCP…). */
function webpChunks(data: Buffer): string[] {
  expect(data.subarray(0, 4).toString("latin1")).toBe("RIFF");
  expect(data.subarray(8, 12).toString("latin1")).toBe("WEBP");
  const chunks: string[] = [];
  for (let at = 12; at + 8 <= data.length;) {
    chunks.push(data.subarray(at, at + 4).toString("latin1"));
    const size = data.readUInt32LE(at + 4);
    at += 8 + size + (size % 2);
  }
  return chunks;
}

async function expectFreshWebp(picture: ProcessedPicture) {
  for (const variant of [picture.full, picture.preview]) {
    const chunks = webpChunks(variant.data);
    expect(chunks.filter((chunk) => ["EXIF", "XMP ", "ICCP"].includes(chunk))).toEqual([]);
    const metadata = await sharp(variant.data).metadata();
    expect(metadata.format).toBe("webp");
    expect([metadata.width, metadata.height]).toEqual([variant.width, variant.height]);
    expect(metadata.exif).toBeUndefined();
    expect(metadata.orientation).toBeUndefined();
  }
}

async function refusal(promise: Promise<unknown>): Promise<PictureRefused> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(PictureRefused);
  return error as PictureRefused;
}

describe("sniffFormat", () => {
  const bytes = (text: string) => new Uint8Array(Buffer.from(text, "latin1"));
  const ftyp = (...brands: string[]) => {
    const box = Buffer.alloc(8 + 4 * (brands.length + 1));
    box.writeUInt32BE(box.length, 0);
    box.write("ftyp", 4, "latin1");
    box.write(brands[0]!, 8, "latin1"); // major brand, then the minor version (zero), then compatible brands
    brands.slice(1).forEach((brand, index) => box.write(brand, 16 + 4 * index, "latin1"));
    return new Uint8Array(box);
  };

  it("knows the five formats by their first bytes", async () => {
    for (const format of ["jpeg", "png", "gif", "webp", "avif"] as const) {
      const encoded = await solid(16, 16, "#369").toFormat(format).toBuffer();
      expect(sniffFormat(encoded.subarray(0, 64)), format).toBe(format);
    }
    expect(sniffFormat(bytes("GIF87a\x10\x00"))).toBe("gif");
    expect(sniffFormat(ftyp("mif1", "miaf", "avif"))).toBe("avif");
    expect(sniffFormat(ftyp("avis", "msf1"))).toBe("avif");
  });

  it("refuses everything else, whatever it is named", () => {
    const others = {
      svg: '<svg xmlns="http://www.w3.org/2000/svg"/>',
      svgWithDeclaration: '<?xml version="1.0"?><svg/>',
      html: "<!doctype html><html><script>alert(1)</script>",
      pdf: "%PDF-1.7\n",
      tiff: "II*\x00\x08\x00\x00\x00",
      bmp: "BM\x36\x00\x00\x00",
      riffWave: "RIFF\x24\x00\x00\x00WAVEfmt ",
      empty: "",
      jpegStart: "\xff\xd8",
    };
    for (const [name, text] of Object.entries(others)) expect(sniffFormat(bytes(text)), name).toBeNull();
    expect(sniffFormat(ftyp("heic", "mif1", "heic"))).toBeNull();
    expect(sniffFormat(ftyp("mif1", "heic"))).toBeNull();
  });
});

describe("processPicture", () => {
  it("auto-orients a photo and keeps none of its metadata (EXIF, GPS)", async () => {
    const secret = "cruddur-test-secret-place";
    const original = await photo(1500, 1000)
      .jpeg()
      .withExif({
        IFD0: { ImageDescription: secret },
        IFD3: { GPSLatitudeRef: "N", GPSLatitude: "50/1 17/1 58/1", GPSLongitudeRef: "E", GPSLongitude: "14/1 49/1 1/1" },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    // The input really carries what must go: GPS coordinates and the rotation.
    expect(await exifr.gps(original)).toMatchObject({ latitude: expect.closeTo(50.3, 1), longitude: expect.closeTo(14.8, 1) });
    expect((await sharp(original).metadata()).orientation).toBe(6);

    const picture = await processPicture(await fileOf(original), "image");

    expect([picture.full.width, picture.full.height]).toEqual([1000, 1500]); // 1,500 × 1,000 turned a quarter
    expect([picture.preview.width, picture.preview.height]).toEqual([427, 640]);
    await expectFreshWebp(picture);
    expect(picture.full.data.includes(secret)).toBe(false);
  });

  it("shrinks a 12-MP photo to a 2,048 px long edge and a 640 px preview, and never enlarges a small one", async () => {
    // Solid, not noise: generating 12 MP of noise would cost this test more than processing it.
    const large = await processPicture(await fileOf(await solid(4000, 3000, "#963").jpeg().toBuffer()), "image");
    expect([large.full.width, large.full.height]).toEqual([2048, 1536]);
    expect([large.preview.width, large.preview.height]).toEqual([640, 480]);
    await expectFreshWebp(large);

    const small = await processPicture(await fileOf(await photo(300, 500).png().toBuffer(), "small.png"), "image");
    expect([small.full.width, small.full.height]).toEqual([300, 500]);
    expect([small.preview.width, small.preview.height]).toEqual([300, 500]);
  });

  it("crops avatars and banners to their exact boxes", async () => {
    const avatar = await processPicture(await fileOf(await photo(800, 600).jpeg().toBuffer()), "avatar");
    expect([avatar.full.width, avatar.full.height, avatar.preview.width, avatar.preview.height]).toEqual([400, 400, 96, 96]);
    const banner = await processPicture(await fileOf(await photo(1000, 1000).webp().toBuffer(), "b.webp"), "banner");
    expect([banner.full.width, banner.full.height, banner.preview.width, banner.preview.height]).toEqual([1500, 500, 600, 200]);
    await expectFreshWebp(banner);
  });

  it("keeps only the first frame of an animated GIF", async () => {
    const frames = await Promise.all(["#f00", "#0f0", "#00f"].map((colour) => solid(40, 30, colour).png().toBuffer()));
    const animated = await sharp(frames, { join: { animated: true } })
      .gif()
      .toBuffer();
    expect((await sharp(animated, { pages: -1 }).metadata()).pages).toBe(3);

    const picture = await processPicture(await fileOf(animated, "moving.gif"), "image");

    expect([picture.full.width, picture.full.height]).toEqual([40, 30]);
    expect((await sharp(picture.full.data).metadata()).pages).toBeUndefined();
    const { dominant } = await sharp(picture.full.data).stats();
    expect(dominant.r).toBeGreaterThan(200);
    expect(dominant.g + dominant.b).toBeLessThan(60);
  });

  it("reads AVIF", async () => {
    const picture = await processPicture(await fileOf(await photo(120, 80).avif().toBuffer(), "p.avif"), "image");
    expect([picture.full.width, picture.full.height]).toEqual([120, 80]);
  });

  it("refuses a pixel bomb from its header, with 413 naming the limit", async () => {
    const bomb = pngClaiming(50_000, 50_000);
    expect(bomb.length).toBeLessThan(10_000);
    expect(50_000 * 50_000).toBeGreaterThan(INPUT_PIXELS_MAX);
    // Decoding 2.5 gigapixels would take minutes and gigabytes: an answer at all means the header was enough.
    const refused = await refusal(processPicture(await fileOf(bomb, "bomb.png"), "image"));
    expect(refused.status).toBe(413);
    expect(refused.message).toMatch(/33 megapixels/);
  });

  it("refuses SVG, HTML and anything else that is not one of the five formats, with 415", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    expect((await sharp(svg).metadata()).format).toBe("svg"); // libvips would happily read it
    const html = Buffer.from("<!doctype html><html><body><script>alert(document.cookie)</script></body></html>");
    const tiff = await solid(10, 10, "#000").tiff().toBuffer();
    for (const [name, bytes] of [
      ["drawing.svg", svg],
      ["photo.jpg", html],
      ["photo.png", tiff],
    ] as const) {
      const refused = await refusal(processPicture(await fileOf(bytes, name), "image"));
      expect(refused.status, name).toBe(415);
      expect(refused.message).toMatch(/not a JPEG, PNG, WebP, GIF or AVIF image/);
    }
  });

  it("answers a polyglot with a fresh WebP or a refusal, never its bytes", async () => {
    const gif = await solid(8, 8, "#3c3").gif().toBuffer();
    const script = "<html><script>alert(document.cookie)</script></html>";
    // A valid GIF with a page appended: libvips reads the GIF; what is stored is re-encoded pixels only.
    const picture = await processPicture(await fileOf(Buffer.concat([gif, Buffer.from(script)]), "x.gif"), "image");
    expect(picture.full.data.includes("<script")).toBe(false);
    await expectFreshWebp(picture);
    // GIF magic bytes over an SVG drawing: sniffed as a GIF, not readable as one.
    const fake = Buffer.from('GIF89a<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>');
    expect([415, 422]).toContain((await refusal(processPicture(await fileOf(fake, "y.gif"), "image"))).status);
  });

  it("refuses a truncated JPEG with 422", async () => {
    const whole = await photo(800, 600).jpeg().toBuffer();
    const refused = await refusal(processPicture(await fileOf(whole.subarray(0, Math.floor(whole.length * 0.6))), "image"));
    expect(refused.status).toBe(422);
    expect(refused.message).toMatch(/could not be read as an image/);
  });
});

describe("PictureQueue", () => {
  /** A task that runs until released, counting how many run at once. */
  function tasks() {
    let running = 0;
    let mostAtOnce = 0;
    const releases: Array<() => void> = [];
    const task = () => {
      running++;
      mostAtOnce = Math.max(mostAtOnce, running);
      return new Promise<void>((resolve) => releases.push(resolve)).finally(() => running--);
    };
    const releaseOne = async () => {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    };
    return { task, releaseOne, mostAtOnce: () => mostAtOnce, started: () => releases.length };
  }

  it("runs at most `concurrency` tasks at once, in order, and refuses past the waiting line", async () => {
    const queue = new PictureQueue(2, 3);
    const { task, releaseOne, mostAtOnce, started } = tasks();
    const done = Array.from({ length: 5 }, () => queue.run(task));
    await new Promise((resolve) => setImmediate(resolve));
    expect(started()).toBe(2);
    expect(queue.depth).toEqual({ running: 2, waiting: 3 });

    const refused = await refusal(queue.run(task));
    expect(refused.status).toBe(503);
    expect(refused.message).toBe("Cruddur is busy with other pictures, try again in a minute.");

    for (let n = 0; n < 5; n++) await releaseOne();
    await Promise.all(done);
    expect(mostAtOnce()).toBe(2);
    expect(queue.depth).toEqual({ running: 0, waiting: 0 });
  });

  it("frees the turn of a task that fails", async () => {
    const queue = new PictureQueue(1, 1);
    await expect(queue.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(queue.run(() => Promise.resolve(7))).resolves.toBe(7);
    expect(queue.depth).toEqual({ running: 0, waiting: 0 });
  });
});
