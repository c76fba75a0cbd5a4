// Where pictures' bytes live (ADR 033): one interface, the filesystem (npm run dev, tests) or S3 (AWS).
// Object names are `<kind prefix>/<key>/<variant>.webp`, e.g. "cruds/3f9c…/full.webp".
import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { DeleteObjectsCommand, GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { singleton } from "~/db/singleton.server";
import { env } from "~/env.server";

export type StoredObject = { body: Readable; contentType: string; contentLength: number };

export interface PictureStore {
  put(name: string, body: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(name: string): Promise<StoredObject | null>;
  /** Idempotent: a missing object is not an error. */
  delete(names: string[]): Promise<void>;
  /** Names of the objects under a prefix (tests, checks). */
  list(prefix: string): Promise<string[]>;
}

/**
 * Segments of letters, digits, `_`, `-` and `.`, none starting with a dot: no "..", no absolute path, no hidden
 * file (the file store keeps its temporary files in `.tmp/`), nothing a URL or a shell would read differently.
 */
const OBJECT_NAME = /^[A-Za-z0-9_-][A-Za-z0-9_.-]*(?:\/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*$/;
const OBJECT_NAME_MAX = 512;

export function isObjectName(name: string): boolean {
  return name.length <= OBJECT_NAME_MAX && OBJECT_NAME.test(name);
}

function assertObjectName(name: string): void {
  if (!isObjectName(name)) throw new Error(`Not a picture object name: ${JSON.stringify(name.slice(0, 100))}`);
}

/** A prefix is a name's beginning: it may end with "/" (or be empty, for everything). */
function assertPrefix(prefix: string): void {
  const trimmed = prefix.replace(/\/$/, "");
  if (trimmed !== "") assertObjectName(trimmed);
}

const CONTENT_TYPES: Record<string, string> = { ".webp": "image/webp", ".jpg": "image/jpeg", ".png": "image/png", ".gif": "image/gif", ".avif": "image/avif" };

/** The file store keeps no metadata: an object's type is its name's extension (every name the app writes has one). */
function contentTypeOf(name: string): string {
  return CONTENT_TYPES[path.extname(name).toLowerCase()] ?? "application/octet-stream";
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === "ENOENT";

/** Pictures as files under `root`. */
export function fileStore(root: string): PictureStore {
  const base = path.resolve(root);
  // Temporary files sit on the same filesystem as their destination, so the rename is atomic.
  const temporary = path.join(base, ".tmp");
  const fileOf = (name: string) => {
    assertObjectName(name);
    return path.join(base, name);
  };

  return {
    async put(name, body, contentType) {
      const file = fileOf(name);
      if (contentType !== contentTypeOf(name)) throw new Error(`${name}: the file store reads the type from the extension, not ${contentType}`);
      await mkdir(temporary, { recursive: true });
      await mkdir(path.dirname(file), { recursive: true });
      const partial = path.join(temporary, `${randomBytes(8).toString("hex")}.partial`);
      try {
        await writeFile(partial, body, { mode: 0o644, flag: "wx" });
        // A reader sees the old object or the whole new one, never half of it.
        await rename(partial, file);
      } catch (error) {
        await rm(partial, { force: true });
        throw error;
      }
    },

    async get(name) {
      const file = fileOf(name);
      try {
        const { size, isFile } = await stat(file).then((stats) => ({ size: stats.size, isFile: stats.isFile() }));
        if (!isFile) return null;
        return { body: createReadStream(file), contentType: contentTypeOf(name), contentLength: size };
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async delete(names) {
      for (const name of names) {
        const file = fileOf(name);
        await rm(file, { force: true });
        // A picture's folder (`cruds/<key>/`) goes with its last object, or the store would keep one empty folder per crud.
        await rmdir(path.dirname(file)).catch(() => {});
      }
    },

    async list(prefix) {
      assertPrefix(prefix);
      // Walk only the folder the prefix names (or the one it ends in), then keep the names that start with it.
      const folder = prefix.includes("/") ? prefix.slice(0, prefix.lastIndexOf("/")) : "";
      let entries: string[];
      try {
        entries = await readdir(path.join(base, folder), { recursive: true });
      } catch (error) {
        if (isMissing(error)) return [];
        throw error;
      }
      const names: string[] = [];
      for (const entry of entries) {
        const name = path.posix.join(folder, entry.split(path.sep).join("/"));
        if (!name.startsWith(prefix) || !isObjectName(name)) continue; // .tmp/ and anything else not ours
        const stats = await stat(path.join(base, name)).catch(() => null);
        if (stats?.isFile()) names.push(name);
      }
      return names.sort();
    },
  };
}

/** DeleteObjects takes at most this many keys per call. */
const DELETE_BATCH = 1_000;

/** Pictures as objects in an S3 bucket. Encryption is the bucket's default (SSE-S3), not set per object. */
export function s3Store({ bucket, client }: { bucket: string; client: S3Client }): PictureStore {
  return {
    async put(name, body, contentType) {
      assertObjectName(name);
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: name, Body: body, ContentType: contentType, ContentLength: body.length }));
    },

    async get(name) {
      assertObjectName(name);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key: name }));
        return { body: object.Body as Readable, contentType: object.ContentType ?? contentTypeOf(name), contentLength: object.ContentLength ?? 0 };
      } catch (error) {
        if (error instanceof NoSuchKey || (error as { name?: string }).name === "NoSuchKey") return null;
        throw error;
      }
    },

    async delete(names) {
      names.forEach(assertObjectName);
      for (let start = 0; start < names.length; start += DELETE_BATCH) {
        const batch = names.slice(start, start + DELETE_BATCH);
        // Quiet: the answer lists only failures; deleting a missing key is a success in S3.
        const answer = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        const failed = answer.Errors ?? [];
        if (failed.length > 0) {
          const first = failed[0]!;
          throw new Error(`S3 refused to delete ${failed.length} of ${batch.length} pictures (first: ${first.Key}: ${first.Code} ${first.Message})`);
        }
      }
    },

    async list(prefix) {
      assertPrefix(prefix);
      const names: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }));
        for (const object of page.Contents ?? []) if (object.Key) names.push(object.Key);
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return names.sort();
    },
  };
}

/** The process's store: S3 when MEDIA_BUCKET is set, else the filesystem under MEDIA_DIR (default .data/media). */
export function pictureStore(): PictureStore {
  return singleton("media.store", () => {
    const { MEDIA_BUCKET, MEDIA_S3_ENDPOINT, MEDIA_DIR } = env();
    if (!MEDIA_BUCKET) return fileStore(path.resolve(MEDIA_DIR ?? ".data/media"));
    const client = new S3Client({
      region: process.env.AWS_REGION,
      ...(MEDIA_S3_ENDPOINT
        ? {
            endpoint: MEDIA_S3_ENDPOINT,
            // s3rver and MinIO serve buckets by path, not as subdomains; and s3rver knows no flexible checksums.
            forcePathStyle: true,
            requestChecksumCalculation: "WHEN_REQUIRED" as const,
            responseChecksumValidation: "WHEN_REQUIRED" as const,
          }
        : {}),
    });
    return s3Store({ bucket: MEDIA_BUCKET, client });
  });
}
