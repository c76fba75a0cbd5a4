import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readUploadForm, UploadRefused } from "~/routes-support/upload-form.server";

// Temporary uploads go under os.tmpdir(), which follows TMPDIR: each test gets an empty one to look into.
const outerTmpdir = process.env.TMPDIR;
let base: string;
let uploads: string;
beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), "cruddur-upload-test-"));
});
beforeEach(async () => {
  uploads = await mkdtemp(path.join(base, "t-"));
  process.env.TMPDIR = uploads;
});
afterAll(async () => {
  if (outerTmpdir === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outerTmpdir;
  await rm(base, { recursive: true, force: true });
});

/** Every file left under this test's TMPDIR. */
async function leftovers(): Promise<string[]> {
  return (await readdir(uploads, { recursive: true })).map(String);
}

const post = (body: FormData) => new Request("http://cruddur.test/compose", { method: "POST", body });

const compose = { maxFiles: 4, fileField: "images" };

/** A body streamed in 64 KB chunks, counting how much of it the reader pulled. */
async function countingRequest(body: FormData) {
  const encoded = post(body);
  const bytes = new Uint8Array(await encoded.arrayBuffer());
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled >= bytes.length) return controller.close();
      const chunk = bytes.subarray(pulled, pulled + 64 * 1024);
      pulled += chunk.length;
      controller.enqueue(chunk);
    },
  });
  const request = new Request(encoded.url, { method: "POST", headers: encoded.headers, body: stream, duplex: "half" } as RequestInit);
  return { request, pulled: () => pulled, length: bytes.length };
}

async function refusal(promise: Promise<unknown>): Promise<UploadRefused> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UploadRefused);
  return error as UploadRefused;
}

describe("readUploadForm", () => {
  it("keeps text fields in the form and each file in a private temporary file, until cleanup", async () => {
    const body = new FormData();
    body.append("text", "Hello, pictures");
    body.append("images", new File([Buffer.alloc(5_000, 1)], "one.jpg", { type: "image/jpeg" }));
    body.append("alt", "A sunset");
    body.append("images", new File([Buffer.alloc(7_000, 2)], "two.png", { type: "image/png" }));

    const { form, files, cleanup } = await readUploadForm(post(body), compose);

    expect(form.get("text")).toBe("Hello, pictures");
    expect(form.get("alt")).toBe("A sunset");
    expect(form.has("images")).toBe(false); // a file is never a form value, so no text can pose as one
    expect(files.map(({ field, size, fileName }) => ({ field, size, fileName }))).toEqual([
      { field: "images", size: 5_000, fileName: "one.jpg" },
      { field: "images", size: 7_000, fileName: "two.png" },
    ]);
    for (const [index, file] of files.entries()) {
      expect(path.relative(uploads, file.path).startsWith("..")).toBe(false);
      expect((await stat(file.path)).mode & 0o777).toBe(0o600);
      expect(await readFile(file.path)).toEqual(Buffer.alloc(file.size, index + 1));
    }

    await cleanup();
    expect(await leftovers()).toEqual([]);
  });

  it("skips the empty part a form without JavaScript sends for a file input left empty", async () => {
    const body = new FormData();
    body.append("text", "No picture today");
    body.append("images", new File([], "", { type: "application/octet-stream" }));
    const { form, files, cleanup } = await readUploadForm(post(body), compose);
    expect(files).toEqual([]);
    expect(form.get("text")).toBe("No picture today");
    await cleanup();
    expect(await leftovers()).toEqual([]);
  });

  it("takes files in any of several fields (avatar and banner)", async () => {
    const body = new FormData();
    body.append("avatar", new File([Buffer.alloc(10)], "me.jpg"));
    body.append("banner", new File([Buffer.alloc(20)], "sky.jpg"));
    const { files, cleanup } = await readUploadForm(post(body), { maxFiles: 2, fileField: ["avatar", "banner"] });
    expect(files.map(({ field, size }) => [field, size])).toEqual([
      ["avatar", 10],
      ["banner", 20],
    ]);
    await cleanup();
  });

  it("refuses a fifth image with 413, and deletes the four already written", async () => {
    const body = new FormData();
    for (let n = 0; n < 5; n++) body.append("images", new File([Buffer.alloc(1_000, n)], `${n}.jpg`));
    const refused = await refusal(readUploadForm(post(body), compose));
    expect(refused.status).toBe(413);
    expect(refused.message).toMatch(/at most 4 images/);
    expect(await leftovers()).toEqual([]);
  });

  it("refuses an 11 MB image with 413 while reading it, deletes what came before, and drains the rest", async () => {
    const body = new FormData();
    body.append("images", new File([Buffer.alloc(2_000, 1)], "small.jpg"));
    body.append("images", new File([Buffer.alloc(11 * 1024 * 1024, 2)], "huge.jpg"));
    body.append("images", new File([Buffer.alloc(2_000, 3)], "after.jpg"));
    const { request, pulled, length } = await countingRequest(body);

    const refused = await refusal(readUploadForm(request, compose));

    expect(refused.status).toBe(413);
    expect(refused.message).toMatch(/at most 10 MB/);
    expect(await leftovers()).toEqual([]);
    // The rest of the body was read and dropped (never kept), so that the connection can carry the answer: left
    // unread, a paused request hangs its connection and a browser still sending sees a reset, not the page.
    expect(pulled()).toBe(length);
  });

  it("refuses a file in a field that takes none with 400", async () => {
    const body = new FormData();
    body.append("images", new File([Buffer.alloc(100)], "ok.jpg"));
    body.append("text", new File([Buffer.alloc(100)], "sneaky.jpg"));
    const refused = await refusal(readUploadForm(post(body), compose));
    expect(refused.status).toBe(400);
    expect(await leftovers()).toEqual([]);
  });

  it("refuses more than 64 KB of text with 413", async () => {
    const body = new FormData();
    for (let n = 0; n < 3; n++) body.append(`alt${n}`, "x".repeat(30_000));
    const refused = await refusal(readUploadForm(post(body), compose));
    expect(refused.status).toBe(413);
  });

  it("refuses too many fields with 413", async () => {
    const body = new FormData();
    for (let n = 0; n < 200; n++) body.append(`field${n}`, "x");
    expect((await refusal(readUploadForm(post(body), compose))).status).toBe(413);
  });

  it("refuses a body that is not multipart with 415", async () => {
    const urlEncoded = new Request("http://cruddur.test/compose", { method: "POST", body: new URLSearchParams({ text: "hi" }) });
    expect((await refusal(readUploadForm(urlEncoded, compose))).status).toBe(415);
    const json = new Request("http://cruddur.test/compose", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    expect((await refusal(readUploadForm(json, compose))).status).toBe(415);
  });

  it("refuses a malformed or cut-off multipart body with 400, deleting what it had written", async () => {
    const boundary = "----cruddur-test-boundary";
    const headers = { "content-type": `multipart/form-data; boundary=${boundary}` };
    const filePart = `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\n${"y".repeat(500)}\r\n`;
    const bodies = {
      noOpeningBoundary: `garbage\r\n${filePart}--${boundary}--\r\n`,
      cutOffAfterAFile: `${filePart}--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="b.jpg"\r\n\r\nyyyy`,
      hugeHeader: `--${boundary}\r\nContent-Disposition: form-data; name="images"; filename="${"n".repeat(5_000)}.jpg"\r\n\r\nyy\r\n--${boundary}--\r\n`,
    };
    for (const [name, text] of Object.entries(bodies)) {
      const request = new Request("http://cruddur.test/compose", { method: "POST", headers, body: text });
      const refused = await refusal(readUploadForm(request, compose));
      expect(refused.status, name).toBe(name === "hugeHeader" ? 413 : 400);
      expect(await leftovers(), name).toEqual([]);
    }
  });
});
