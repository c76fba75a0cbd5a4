// Helpers for the picture suites over HTTP (tests/integration/pictures.test.ts, tests/security/pictures.test.ts):
// images made with sharp (no binary fixtures in the repository), the composer's multipart form as a browser sends
// it, and the run's picture store (MEDIA_DIR, set by tests/support/with-database.ts) read as object names.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";

/** A photo-like JPEG of `width` × `height`. */
export const jpeg = (width = 1200, height = 900) =>
  sharp({ create: { width, height, channels: 3, background: { r: 200, g: 120, b: 40 } } })
    .jpeg()
    .toBuffer();

export type UploadFile = { name: string; bytes: Buffer | Uint8Array; type?: string };

/** Posts the composer's multipart form to `url` (…/compose) as a browser without JavaScript would: text first, then the files. */
export function postMultipart(url: string, fields: Record<string, string | string[]>, files: UploadFile[], headers: Record<string, string>) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) form.append(name, one);
  for (const file of files) form.append("images", new File([new Uint8Array(file.bytes)], file.name, { type: file.type ?? "image/jpeg" }));
  return fetch(url, { method: "POST", headers, body: form, redirect: "manual" });
}

/** The ids of the pending uploads a compose page holds (its hidden `pending` fields). */
export const pendingIds = (html: string) => [...html.matchAll(/name="pending" value="([0-9a-f-]{36})"/g)].map((match) => match[1]!);

/** Every object in the run's picture store, by name (`cruds/<key>/full.webp`…). */
export async function storedObjects(): Promise<string[]> {
  const root = process.env.MEDIA_DIR!;
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .filter((name) => !name.startsWith("."));
}

/** A PNG whose header claims `width` × `height` (1-bit grey), with one row of data: what a pixel bomb's header says. */
export function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const typeAndData = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(typeAndData));
    return Buffer.concat([length, typeAndData, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filtering, not interlaced
  const oneRow = deflateSync(Buffer.alloc(1 + Math.ceil(width / 8)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", oneRow),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}
