// The production server's compression over real HTTP: what each kind of browser is sent, and the
// brotli window the server uses (ADR 028). Needs `npm run build`.
import { readFileSync } from "node:fs";
import { request } from "node:http";
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { BROTLI_WINDOW_BITS } from "./compression";
import { root, withProductionApp } from "../tests/support/production-app-suite";
import { largestSharedBundle } from "../tests/support/build-assets";

const PHONE = "gzip, deflate, br, zstd";

/** RFC 7932 §9.1: the window size (WBITS) a brotli stream declares in its first bits, least significant first. */
function brotliWindowBits(stream: Buffer): number {
  const bits = (from: number, count: number) => {
    let value = 0;
    for (let i = 0; i < count; i++) value |= ((stream[(from + i) >> 3]! >> ((from + i) & 7)) & 1) << i;
    return value;
  };
  if (bits(0, 1) === 0) return 16;
  const short = bits(1, 3);
  if (short !== 0) return 17 + short;
  const long = bits(4, 3);
  return long === 0 ? 17 : 8 + long;
}

/** A GET whose body is left as sent (fetch would decode it). */
function get(url: string, acceptEncoding?: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: acceptEncoding ? { "accept-encoding": acceptEncoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const app = withProductionApp();

describe("brotliWindowBits", () => {
  it("reads the window each setting writes", () => {
    const input = Buffer.from("<p>a crud</p>".repeat(3000));
    for (let lgwin = constants.BROTLI_MIN_WINDOW_BITS; lgwin <= constants.BROTLI_MAX_WINDOW_BITS; lgwin++) {
      expect(brotliWindowBits(brotliCompressSync(input, { params: { [constants.BROTLI_PARAM_LGWIN]: lgwin } }))).toBe(lgwin);
    }
  });
});

describe("response compression", () => {
  it("sends a phone's browser the page as brotli with a 256 KB window, not zlib's 4 MB default", async () => {
    const page = await get(`${app.url}/`, PHONE);
    expect(page.status).toBe(200);
    expect(page.headers["content-encoding"]).toBe("br");
    expect(String(page.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliWindowBits(page.body)).toBe(BROTLI_WINDOW_BITS);
    expect(BROTLI_WINDOW_BITS).toBeLessThan(22);
    const html = brotliDecompressSync(page.body).toString("utf8");
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    expect(html).toContain("</html>");
  });

  it("sends a script as the build's brotli or gzip copy, byte for byte, cached for a year", async () => {
    const { file, url } = largestSharedBundle(root);
    const onDisk = readFileSync(file);

    const br = await get(`${app.url}${url}`, PHONE);
    expect(br.headers["content-encoding"]).toBe("br");
    expect(br.headers["content-type"]).toMatch(/^(text|application)\/javascript/);
    expect(br.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    // The copy made at build time, not compressed again for this request.
    expect(br.body.equals(readFileSync(`${file}.br`))).toBe(true);
    expect(brotliDecompressSync(br.body).equals(onDisk)).toBe(true);

    const gzip = await get(`${app.url}${url}`, "gzip, deflate, br;q=0");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.body.equals(readFileSync(`${file}.gz`))).toBe(true);
    expect(gunzipSync(gzip.body).equals(onDisk)).toBe(true);

    const plain = await get(`${app.url}${url}`);
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.equals(onDisk)).toBe(true);
  });

  it("answers a malformed asset path with the 400 every other path gets", async () => {
    const malformed = await get(`${app.url}/build/_shared/%E0%A4%A.js`, PHONE);
    expect(malformed.status).toBe(400);
    expect(malformed.body.toString("utf8")).toMatch(/^Bad request\. Reference: /);
  });

  it("sends the bytes as they are to a client that asks for no encoding", async () => {
    const page = await get(`${app.url}/`);
    expect(page.headers["content-encoding"]).toBeUndefined();
    expect(page.body.toString("utf8").startsWith("<!DOCTYPE html>")).toBe(true);
  });
});
