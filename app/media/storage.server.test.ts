import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "s3rver";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fileStore, isObjectName, s3Store, type PictureStore } from "~/media/storage.server";

async function bytesOf(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

const pixels = (fill: number, length = 3_000) => Buffer.alloc(length, fill);

/** The behaviour both drivers owe the app. */
function behavesAsAPictureStore(store: () => PictureStore) {
  it("puts, gets, lists and deletes objects", async () => {
    const pictures = store();
    await pictures.put("cruds/k1/full.webp", pixels(1), "image/webp");
    await pictures.put("cruds/k1/preview.webp", pixels(2, 100), "image/webp");
    await pictures.put("cruds/k2/full.webp", pixels(3), "image/webp");
    await pictures.put("profiles/k3/full.webp", pixels(4), "image/webp");

    const object = await pictures.get("cruds/k1/preview.webp");
    expect(object).not.toBeNull();
    expect(object!.contentType).toBe("image/webp");
    expect(object!.contentLength).toBe(100);
    expect(await bytesOf(object!.body)).toEqual(pixels(2, 100));

    expect(await pictures.list("cruds/")).toEqual(["cruds/k1/full.webp", "cruds/k1/preview.webp", "cruds/k2/full.webp"]);
    expect(await pictures.list("cruds/k1/")).toEqual(["cruds/k1/full.webp", "cruds/k1/preview.webp"]);
    expect(await pictures.list("cruds/k")).toEqual(["cruds/k1/full.webp", "cruds/k1/preview.webp", "cruds/k2/full.webp"]);
    expect(await pictures.list("nothing/")).toEqual([]);

    await pictures.delete(["cruds/k1/full.webp", "cruds/k1/preview.webp"]);
    expect(await pictures.get("cruds/k1/full.webp")).toBeNull();
    expect(await pictures.list("cruds/")).toEqual(["cruds/k2/full.webp"]);
    expect(await pictures.list("")).toEqual(["cruds/k2/full.webp", "profiles/k3/full.webp"]);
  });

  it("replaces an object put again under the same name", async () => {
    const pictures = store();
    await pictures.put("profiles/again/full.webp", pixels(5, 10), "image/webp");
    await pictures.put("profiles/again/full.webp", pixels(6, 20), "image/webp");
    expect(await bytesOf((await pictures.get("profiles/again/full.webp"))!.body)).toEqual(pixels(6, 20));
  });

  it("answers null for a missing object, and deleting a missing object is fine", async () => {
    const pictures = store();
    expect(await pictures.get("cruds/never/full.webp")).toBeNull();
    await expect(pictures.delete(["cruds/never/full.webp", "cruds/never/preview.webp"])).resolves.toBeUndefined();
    await expect(pictures.delete([])).resolves.toBeUndefined();
  });

  it("refuses names that could leave the store", async () => {
    const pictures = store();
    for (const name of ["../escape.webp", "cruds/../../etc/passwd", "/etc/passwd", "cruds//x.webp", "cruds/.hidden", "cruds/a b.webp", "cruds/é.webp", ""]) {
      await expect(pictures.put(name, pixels(1, 1), "image/webp"), name).rejects.toThrow(/Not a picture object name/);
      await expect(pictures.get(name), name).rejects.toThrow(/Not a picture object name/);
      await expect(pictures.delete([name]), name).rejects.toThrow(/Not a picture object name/);
    }
  });
}

describe("isObjectName", () => {
  it("takes the app's names and nothing that reads as a path trick", () => {
    expect(isObjectName("cruds/0f3a-b_c/full.webp")).toBe(true);
    expect(isObjectName("profiles/k/preview.webp")).toBe(true);
    for (const name of ["..", "a/..", "../a", "a/../b", "./a", "/a", "a/", "a//b", "a\\b", "a%2fb", "a?b", "a\nb", "x".repeat(513)]) {
      expect(isObjectName(name), name).toBe(false);
    }
  });
});

describe("fileStore", () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "cruddur-store-"));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  behavesAsAPictureStore(() => fileStore(root));

  it("writes under its root, leaves no temporary file and no empty folder behind", async () => {
    const pictures = fileStore(root);
    await pictures.put("cruds/tidy/full.webp", pixels(7), "image/webp");
    expect(await readdir(path.join(root, "cruds", "tidy"))).toEqual(["full.webp"]);
    expect(await readdir(path.join(root, ".tmp"))).toEqual([]);
    await pictures.delete(["cruds/tidy/full.webp"]);
    expect(await readdir(path.join(root, "cruds"))).not.toContain("tidy");
  });

  it("lists no stray temporary file, and refuses a type its extension does not say", async () => {
    const pictures = fileStore(root);
    await writeFile(path.join(root, ".tmp", "left-by-a-crash.partial"), "x");
    expect((await pictures.list("")).some((name) => name.includes(".tmp"))).toBe(false);
    await expect(pictures.put("cruds/k/full.webp", pixels(1), "text/html")).rejects.toThrow(/extension/);
  });
});

describe("s3Store against s3rver", () => {
  const bucket = "cruddur-media-test";
  let directory: string;
  let server: S3rver;
  let client: S3Client;

  beforeAll(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "cruddur-s3rver-"));
    server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true });
    const { port } = await server.run();
    client = new S3Client({
      region: "us-east-1",
      endpoint: `http://127.0.0.1:${port}`,
      forcePathStyle: true,
      credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  });
  afterAll(async () => {
    client?.destroy();
    await server?.close();
    await rm(directory, { recursive: true, force: true });
  });

  behavesAsAPictureStore(() => s3Store({ bucket, client }));

  it("deletes more than one DeleteObjects batch (1,000 keys) at once", async () => {
    const pictures = s3Store({ bucket, client });
    const names = Array.from({ length: 1_003 }, (_, n) => `cruds/many/${String(n).padStart(4, "0")}.webp`);
    // Only the first and the last few exist: the others are missing keys, which is not an error.
    for (const name of [names[0]!, ...names.slice(-3)]) await pictures.put(name, pixels(8, 8), "image/webp");
    expect(await pictures.list("cruds/many/")).toHaveLength(4);
    await pictures.delete(names);
    expect(await pictures.list("cruds/many/")).toEqual([]);
  });
});
