// The one way a picture leaves the app (ADR 033), for /media and for moderators: never sniffed as anything else,
// never a document that could run script, with the cache lifetime the caller decides.
import { createReadableStreamFromReadable } from "@remix-run/node";
import type { StoredObject } from "~/media/storage.server";

// The host's helmet already sends `X-Content-Type-Options: nosniff` and `Cross-Origin-Resource-Policy:
// same-origin` on every response (pinned by tests/integration/pictures.test.ts); a picture adds a policy of its
// own, enforced together with the page's: nothing loads, nothing runs, even if it were opened as a document.
const SAFE_HEADERS = { "Content-Security-Policy": "default-src 'none'; sandbox" };

export function pictureResponse(stored: StoredObject, cacheControl: string): Response {
  return new Response(createReadableStreamFromReadable(stored.body), {
    headers: { ...SAFE_HEADERS, "Content-Type": "image/webp", "Content-Length": String(stored.contentLength), "Cache-Control": cacheControl },
  });
}

export function pictureNotFound(): Response {
  return new Response("Not found", { status: 404, headers: { ...SAFE_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
