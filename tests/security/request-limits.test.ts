// Requests the host refuses cheaply, against the production build: oversized bodies (413 before
// anything reads them), bodies of unknown length (411), bodies that are not a form (415), multipart
// bodies to the upload routes only, each within its own cap (ADR 033), and request headers that must
// not reach a page (a forged trace id, another host). Needs `npm run build`.
import { connect } from "node:net";
import sharp from "sharp";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { FILES_PER_FORM, uploadBodyMax } from "~/domain/picture-limits";
import { databaseFingerprint, sessionCookie, withProductionApp } from "../support/production-app-suite";
import { createCrud, createUser } from "../support/factories";

let cookie: string;
let crudId: string;
const app = withProductionApp();

beforeAll(async () => {
  const ana = await createUser({ handle: "ana_limits" });
  crudId = (await createCrud(ana.id, { message: "a crud to like" })).id;
  cookie = await sessionCookie(ana.id);
});

/** Sends `head` and then up to `bodyBytes` of body over a raw socket; resolves with the status line. */
function rawPost(head: string, bodyBytes: number): Promise<string> {
  const { port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk.toString();
      if (answer.includes("\r\n")) {
        resolve(answer.slice(0, answer.indexOf("\r\n")));
        socket.destroy();
      }
    });
    // The server may close while we are still sending: that is the point.
    socket.on("error", () => (answer ? undefined : reject(new Error("connection failed before an answer"))));
    socket.write(head);
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < bodyBytes && !socket.destroyed) {
        sent += chunk.length;
        if (!socket.write(chunk)) return void socket.once("drain", pump);
      }
    };
    pump();
  });
}

/** A POST of `body` to the composer (ADR 033: every crud is posted to /compose), or to `path`. */
const form = (headers: Record<string, string>, body: BodyInit, path = "/compose") =>
  fetch(`${app.url}${path}`, { method: "POST", headers: { cookie, ...headers }, body, redirect: "manual" });

/** The composer's multipart form, as a browser sends it: the text fields, then the files. */
function multipart(fields: Record<string, string>, files: { name: string; bytes: Uint8Array; field?: string }[] = []) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  for (const file of files) body.append(file.field ?? "images", new File([new Uint8Array(file.bytes)], file.name, { type: "image/jpeg" }));
  return body;
}

describe("request bodies", () => {
  it("a 100 MB anonymous POST is refused with 413 before its body is read", async () => {
    const head = `POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`;
    // Only 4 MB are offered: an answer proves the server did not wait for the other 96.
    expect(await rawPost(head, 4 * 1024 * 1024)).toBe("HTTP/1.1 413 Payload Too Large");
  });

  it("a form just over 64 KB is refused with 413 in the layout, and nothing is stored", async () => {
    const before = await databaseFingerprint();
    // Urlencoded, even to the upload route: only a multipart body may be larger than 64 KB.
    const response = await form({}, new URLSearchParams({ intent: "crud", message: "x".repeat(64 * 1024), ttl: "1-day", backTo: "/" }));
    expect(response.status).toBe(413);
    const html = await response.text();
    expect(html).toContain("That form was too large");
    expect(html).toContain('class="app-shell"');
    expect(await databaseFingerprint()).toEqual(before);
  });

  it("a GET with a large body is refused with 413 too (Node would otherwise read and drop it all)", async () => {
    const head = `GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${100 * 1024 * 1024}\r\n\r\n`;
    expect(await rawPost(head, 1024 * 1024)).toBe("HTTP/1.1 413 Payload Too Large");
  });

  it("a body of unknown length (chunked) is refused with 411", async () => {
    const head = `POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nemail\r\n0\r\n\r\n`;
    expect(await rawPost(head, 0)).toBe("HTTP/1.1 411 Length Required");
  });

  const BROKEN_MULTIPART = '--xyz\r\nContent-Disposition: form-data; name="intent"\r\n\r\ncrud\r\n--x';
  // Every action path; the upload routes (/compose, /settings/profile) are refused only what is not a form at all.
  const ACTION_PATHS = ["/compose", "/compose.data", "/settings/profile", `/cruds/${crudId}`, "/signin", "/settings/password", "/"];
  const NON_UPLOAD_PATHS = ACTION_PATHS.filter((path) => !path.startsWith("/compose") && path !== "/settings/profile");

  it.each([
    ["JSON", "application/json", JSON.stringify({ intent: "crud", message: "json", ttl: "1-day" }), ACTION_PATHS],
    ["text", "text/plain", "intent=crud&message=text&ttl=1-day", ACTION_PATHS],
    ["broken multipart", "multipart/form-data; boundary=xyz", BROKEN_MULTIPART, NON_UPLOAD_PATHS],
    ["multipart without a boundary", "multipart/form-data", "intent=crud", NON_UPLOAD_PATHS],
  ])("a form action sent %s is refused with 415 and a message, never a 500", async (_kind, type, body, paths) => {
    const before = await databaseFingerprint();
    for (const path of paths) {
      const response = await fetch(`${app.url}${path}`, { method: "POST", headers: { cookie, "content-type": type }, body, redirect: "manual" });
      expect(response.status, path).toBe(415);
      expect(await response.text()).toContain("Cruddur only accepts forms sent by its own pages");
    }
    expect(await databaseFingerprint()).toEqual(before);
  });

  it.each([
    ["broken multipart", "multipart/form-data; boundary=xyz", BROKEN_MULTIPART],
    ["multipart without a boundary", "multipart/form-data", "intent=crud"],
  ])("%s to /compose is refused by its reader (a 4xx, never a 500), and nothing is stored", async (_kind, type, body) => {
    const before = await databaseFingerprint();
    for (const path of ["/compose", "/compose.data"]) {
      const response = await fetch(`${app.url}${path}`, { method: "POST", headers: { cookie, "content-type": type }, body, redirect: "manual" });
      expect(response.status, path).toBeGreaterThanOrEqual(400);
      expect(response.status, path).toBeLessThan(500);
    }
    expect(await databaseFingerprint()).toEqual(before);
  });

  it("an ordinary form still works", async () => {
    const response = await form({}, new URLSearchParams({ intent: "crud", message: "within the limits", ttl: "1-day", backTo: "/" }));
    expect(response.status).toBe(302);
    expect(await prisma.crud.count({ where: { message: "within the limits" } })).toBe(1);
  });
});

describe("multipart bodies (ADR 033)", () => {
  const composeMax = uploadBodyMax(FILES_PER_FORM.compose);
  const boundary = "----cruddur-limits";
  const multipartHead = (path: string, length: number) =>
    `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${length}\r\n\r\n`;

  it("are accepted on /compose within its cap: a crud with an image larger than any other form may be", async () => {
    // Noise does not compress: a JPEG well over the 64 KB every other route keeps.
    const noise = await sharp({
      create: { width: 600, height: 600, channels: 3, background: { r: 128, g: 128, b: 128 }, noise: { type: "gaussian", mean: 128, sigma: 60 } },
    })
      .jpeg({ quality: 95 })
      .toBuffer();
    expect(noise.length).toBeGreaterThan(64 * 1024);
    const body = multipart({ intent: "crud", message: "multipart within the cap", ttl: "1-day", backTo: "/", imageAlt: "Grey noise" }, [
      { name: "noise.jpg", bytes: noise },
    ]);
    const response = await form({}, body);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/");
    const crud = await prisma.crud.findFirstOrThrow({ where: { message: "multipart within the cap" }, select: { id: true } });
    expect(await prisma.picture.count({ where: { crudId: crud.id } })).toBe(1);
  });

  it("are accepted on /compose without files too (the composer's form without JavaScript)", async () => {
    const response = await form({}, multipart({ intent: "crud", message: "multipart without files", ttl: "1-day", backTo: "/@ana_limits" }));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/@ana_limits");
    expect(await prisma.crud.count({ where: { message: "multipart without files" } })).toBe(1);
  });

  it("over the cap are refused with 413 by their Content-Length, before any part is read", async () => {
    const before = await databaseFingerprint();
    for (const path of ["/compose", "/compose.data"]) {
      // Only 1 MB of the stated length is offered: an answer proves nothing waited for, or parsed, the rest.
      expect(await rawPost(multipartHead(path, composeMax + 1), 1024 * 1024), path).toBe("HTTP/1.1 413 Payload Too Large");
    }
    // Each upload route has its own cap: the profile's (two files) is smaller than the composer's.
    const profileMax = uploadBodyMax(FILES_PER_FORM.profile);
    expect(profileMax).toBeLessThan(composeMax);
    expect(await rawPost(multipartHead("/settings/profile", profileMax + 1), 1024 * 1024)).toBe("HTTP/1.1 413 Payload Too Large");
    expect(await databaseFingerprint()).toEqual(before);
  });

  it("to any other path are refused with 415, a well-formed one too", async () => {
    const before = await databaseFingerprint();
    for (const path of ["/", "/settings/password", `/cruds/${crudId}`, "/signin", "/_root.data"]) {
      const body = multipart({ intent: "crud", message: "multipart elsewhere", ttl: "1-day", currentPassword: "x", newPassword: "y" });
      const response = await form({}, body, path);
      expect(response.status, path).toBe(415);
      expect(await response.text()).toContain("Cruddur only accepts forms sent by its own pages");
    }
    expect(await databaseFingerprint()).toEqual(before);
  });

  it("over 64 KB to any other path are refused with 413 (the upload caps are theirs alone)", async () => {
    for (const path of ["/", "/settings/password", "/signin"]) {
      expect(await rawPost(multipartHead(path, 64 * 1024 + 1), 0), path).toBe("HTTP/1.1 413 Payload Too Large");
    }
    const before = await databaseFingerprint();
    const big = new URLSearchParams({ currentPassword: "x".repeat(64 * 1024), newPassword: "y" });
    const response = await form({}, big, "/settings/password");
    expect(response.status).toBe(413);
    expect(await response.text()).toContain("That form was too large");
    expect(await databaseFingerprint()).toEqual(before);
  });
});

describe("request headers", () => {
  it("a malformed X-Amzn-Trace-Id is not used as the request id; a well-formed one is", async () => {
    const forged = await fetch(`${app.url}/signin`, { headers: { "x-amzn-trace-id": 'Root="><script>alert(1)</script>' } });
    expect(forged.headers.get("x-request-id")).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(await forged.text()).not.toContain("alert(1)");
    const xray = await fetch(`${app.url}/signin`, { headers: { "x-amzn-trace-id": "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1" } });
    expect(xray.headers.get("x-request-id")).toBe("1-5759e988-bd862e3fe1be46a994272793");
  });

  it("no request header changes the cached page another visitor is served", async () => {
    const hostile = {
      host: "evil.example",
      "x-forwarded-host": "evil.example",
      "x-forwarded-proto": "evilproto",
      "x-amzn-trace-id": "Root=1-0000beef-evil000000000000000000000",
      "x-request-id": "evil-request-id",
      "accept-language": "evil",
      "user-agent": "evil-agent",
      referer: "https://evil.example/",
    };
    // The page cache keeps a page for under a second: retry the pair until the plain request is a hit.
    for (let attempt = 0; attempt < 20; attempt++) {
      await fetch(`${app.url}/?hostile-headers`, { headers: hostile });
      const plain = await fetch(`${app.url}/?hostile-headers`);
      if (plain.headers.get("x-cache") !== "HIT") continue;
      const html = await plain.text();
      expect(html).toContain("Home");
      expect(html).not.toMatch(/evil/);
      return;
    }
    throw new Error("the plain request was never served from the page cache");
  });
});
