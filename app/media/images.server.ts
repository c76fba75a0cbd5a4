// Uploaded pictures are decoded and re-encoded, never passed through (ADR 033): the bytes are sniffed, libvips must
// agree, a pixel bomb is refused from its header, and what is stored is a fresh WebP without any metadata.
import { open } from "node:fs/promises";
import type { default as loadedSharp, ResizeOptions, Sharp } from "sharp";
import { existingSingleton, singleton } from "~/db/singleton.server";
import { IMAGE_FORMATS_IN_WORDS, INPUT_PIXELS_MAX, PICTURE_SIZES, type PictureKind } from "~/domain/picture-limits";
import { env } from "~/env.server";

export type ImageFormat = "jpeg" | "png" | "gif" | "webp" | "avif";

export type Variant = { data: Buffer; width: number; height: number };
export type ProcessedPicture = { full: Variant; preview: Variant };

/** A picture not taken; the message is shown to the person on the page, so it says what to do. */
export class PictureRefused extends Error {
  constructor(
    readonly status: 413 | 415 | 422 | 503,
    message: string,
  ) {
    super(message);
    this.name = "PictureRefused";
  }
}

const NOT_AN_IMAGE = `That file is not a ${IMAGE_FORMATS_IN_WORDS} image. Choose a picture in one of those formats.`;
const MISLABELLED = `That file is not quite the image it starts like. Choose a ${IMAGE_FORMATS_IN_WORDS} picture saved by a photo app.`;
const UNREADABLE = "That file could not be read as an image: it may be damaged or incomplete. Try saving or exporting it again.";
const TOO_MANY_PIXELS = `That picture has too many pixels: at most ${Math.floor(INPUT_PIXELS_MAX / 1_000_000)} megapixels (7,680 × 4,320). Make it smaller and try again.`;
const BUSY = "Cruddur is busy with other pictures, try again in a minute.";
const TOO_SLOW = "That picture took too long to process. Try a smaller one, or try again in a minute.";

/** Bytes read to sniff a format: enough for an ISO-BMFF `ftyp` box with a dozen compatible brands. */
const SNIFF_BYTES = 64;

const startsWith = (head: Uint8Array, bytes: readonly number[], at = 0) => bytes.every((byte, index) => head[at + index] === byte);
const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/** The format by its magic bytes alone (never the name or the declared type); anything else, SVG included, is null. */
export function sniffFormat(head: Uint8Array): ImageFormat | null {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  if (startsWith(head, ascii("GIF87a")) || startsWith(head, ascii("GIF89a"))) return "gif";
  if (startsWith(head, ascii("RIFF")) && startsWith(head, ascii("WEBP"), 8)) return "webp";
  if (isAvif(head)) return "avif";
  return null;
}

/** An ISO-BMFF file whose leading `ftyp` box names the brand avif (still) or avis (sequence); HEIC's brands are others. */
function isAvif(head: Uint8Array): boolean {
  if (head.length < 16 || !startsWith(head, ascii("ftyp"), 4)) return false;
  const boxSize = new DataView(head.buffer, head.byteOffset, head.byteLength).getUint32(0);
  if (boxSize < 16 || boxSize % 4 !== 0) return false;
  const end = Math.min(boxSize, head.length);
  // The major brand at 8, then the minor version at 12, then compatible brands from 16.
  for (let at = 8; at + 4 <= end; at += at === 8 ? 8 : 4) {
    if (startsWith(head, ascii("avif"), at) || startsWith(head, ascii("avis"), at)) return true;
  }
  return false;
}

/** What libvips calls each format we sniff (AVIF is read by libheif, with AV1 compression). */
const LIBVIPS_FORMAT: Record<ImageFormat, string> = { jpeg: "jpeg", png: "png", gif: "gif", webp: "webp", avif: "heif" };

/** WebP quality of what is stored: indistinguishable from the upload at these sizes, a third of a JPEG's bytes. */
const WEBP_QUALITY = 80;

/**
 * libwebp's effort (its `method`, 0–6; sharp's default 4). Measured on 2 shared cores, a 12-MP phone JPEG to the
 * 2,048 + 640 px WebPs (tests/bench/media.ts' photos), CPU per image: effort 4 ~535 ms (of which ~240 decoding and
 * resizing), 3 the same, 2 ~340 ms, 1 ~280 ms; the 2,048 px file 196 KB at 4, 209 KB at 2 (+7 %). Effort 2 is what
 * brings four photos under 2 s with one image at a time (docs/performance.md, "Pictures"); `smartSubsample` was
 * measured too: +60 % CPU for +2 % bytes, not taken.
 */
const WEBP_EFFORT = 2;

/** A deadline per image: a pathological file (huge progressive JPEG, AVIF) must not hold the queue. */
const DEADLINE_SECONDS = 20;

/** Images waiting for the queue at most; one more is told to come back (503) rather than wait minutes. */
const WAITING_MAX = 32;

/**
 * Turns an uploaded file into the two WebP variants of its kind. Throws PictureRefused for anything that is not a
 * picture we take; other errors are bugs or the machine's (disk, memory).
 */
export async function processPicture(path: string, kind: PictureKind): Promise<ProcessedPicture> {
  // Sniffed before queueing: a file refused by its first bytes takes no turn from a real picture.
  const format = sniffFormat(await readHead(path));
  if (!format) throw new PictureRefused(415, NOT_AN_IMAGE);
  return pictureQueue().run(() => reencode(path, format, kind, Date.now() + DEADLINE_SECONDS * 1_000));
}

async function readHead(path: string): Promise<Uint8Array> {
  const file = await open(path, "r");
  try {
    const head = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await file.read(head, 0, SNIFF_BYTES, 0);
    return head.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * sharp and libvips, loaded with the first picture rather than at start (~22 MB of a server's memory that most
 * processes, and every page, never use), tuned once for the queue:
 * - one libvips thread per image (already sharp's default on glibc Linux, not on musl or macOS): with
 *   MEDIA_CONCURRENCY images at once, picture work never takes more cores than that, and the rest render pages.
 *   Measured on 2 shared cores, a 12-MP JPEG (2.9 MB) to 2,048 + 640 px WebP: ~0.5 s with 1 thread at WebP effort 4
 *   (~0.34 s at effort 2, see WEBP_EFFORT), and no faster with 2 threads (decoding is ~0.17 s of it; the WebP encoder is
 *   single-threaded), peak RSS +120 MB over the idle process; that is why one image at a time is the default.
 * - no libvips operation cache: every upload is a new file, so the cache (50 MB, 20 open files by default) never
 *   hits, and its open files would keep deleted temporary uploads' disk space taken.
 */
function libvips(): Promise<typeof loadedSharp> {
  return singleton("media.sharp", async () => {
    const { default: sharp } = await import("sharp");
    sharp.concurrency(1);
    sharp.cache(false);
    return sharp;
  });
}

async function reencode(path: string, format: ImageFormat, kind: PictureKind, deadline: number): Promise<ProcessedPicture> {
  const sharp = await libvips();
  // pages: 1 — an animated GIF or WebP becomes its first frame; failOn: "truncated" — a cut-off upload is refused
  // (libvips would otherwise fill the missing rows with grey), while a photo app's harmless warnings are let through.
  const input = () => sharp(path, { limitInputPixels: INPUT_PIXELS_MAX, failOn: "truncated", pages: 1 });
  const secondsLeft = () => {
    const seconds = Math.ceil((deadline - Date.now()) / 1_000);
    if (seconds <= 0) throw new PictureRefused(503, TOO_SLOW);
    return { seconds };
  };

  try {
    // The header only: agreeing formats and the pixel count are checked before a single pixel is decoded.
    const metadata = await input().metadata();
    if (metadata.format !== LIBVIPS_FORMAT[format] || (format === "avif" && metadata.compression !== "av1")) {
      throw new PictureRefused(415, MISLABELLED);
    }
    if (metadata.width * metadata.height > INPUT_PIXELS_MAX) throw new PictureRefused(413, TOO_MANY_PIXELS);

    // Decoded once, to the full size's pixels; both variants are encoded from them (the preview's crop is the same
    // shape as the full's, so resizing the full is the same picture, and cheaper than decoding the upload twice).
    const sizes = PICTURE_SIZES[kind];
    const pixels = await input().autoOrient().resize(fitted(sizes.full)).raw().timeout(secondsLeft()).toBuffer({ resolveWithObject: true });
    const raw = { raw: { width: pixels.info.width, height: pixels.info.height, channels: pixels.info.channels } };
    const full = await encode(sharp(pixels.data, raw), secondsLeft());
    const preview = await encode(sharp(pixels.data, raw).resize(fitted(sizes.preview)), secondsLeft());
    return { full, preview };
  } catch (error) {
    throw refusalOf(error);
  }
}

type Size = { edge: number } | { width: number; height: number };

/**
 * An image fits inside its long edge and is never enlarged; an avatar or banner fills its exact box, cropped to the
 * centre (enlarged if need be, so every profile lays out the same).
 */
function fitted(size: Size): ResizeOptions {
  return "edge" in size
    ? { width: size.edge, height: size.edge, fit: "inside", withoutEnlargement: true }
    : { width: size.width, height: size.height, fit: "cover", position: "centre" };
}

/** WebP without metadata: sharp writes none unless asked (no withMetadata or keepExif here, ever). */
async function encode(image: Sharp, timeout: { seconds: number }): Promise<Variant> {
  const { data, info } = await image.webp({ quality: WEBP_QUALITY, effort: WEBP_EFFORT }).timeout(timeout).toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** libvips' errors, as what the person is told. */
function refusalOf(error: unknown): unknown {
  if (error instanceof PictureRefused) return error;
  const message = error instanceof Error ? error.message : "";
  if (message.includes("exceeds pixel limit")) return new PictureRefused(413, TOO_MANY_PIXELS);
  if (message.startsWith("timeout:")) return new PictureRefused(503, TOO_SLOW);
  // Anything else libvips says about the file (corrupt header, premature end, bad marker) is about the bytes we were
  // sent; the disk and memory failures of this machine are not libvips messages and stay errors.
  if (/Input (file|buffer)|Vips|load|corrupt|premature|unable to|Invalid|unsupported image format/i.test(message)) {
    return new PictureRefused(422, UNREADABLE);
  }
  return error;
}

/**
 * At most `concurrency` tasks at once, at most `waitingMax` waiting for a turn; one more is refused with a 503.
 * A finished task hands its turn straight to the next waiting one.
 */
export class PictureQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    readonly concurrency: number,
    readonly waitingMax: number,
  ) {}

  /** Tasks running and waiting now (metrics, the bench). */
  get depth(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.concurrency) {
      this.running++;
    } else {
      if (this.waiting.length >= this.waitingMax) throw new PictureRefused(503, BUSY);
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}

/** The process's queue, made on first use (libvips is tuned for it when loaded, `libvips`). */
function pictureQueue(): PictureQueue {
  return singleton("media.queue", () => new PictureQueue(env().MEDIA_CONCURRENCY, WAITING_MAX));
}

/** The queue's depth now (zero before the first picture; reading it makes no queue). */
export function pictureQueueDepth(): { running: number; waiting: number } {
  return existingSingleton<PictureQueue>("media.queue")?.depth ?? { running: 0, waiting: 0 };
}
