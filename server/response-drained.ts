// Backpressure for streamed responses (the data export, ADR 023). Remix's Express adapter writes each
// chunk of a response body as soon as it is read, without waiting for the connection: a route that
// streams a large body waits on this before producing the next chunk, so a slow client slows the
// reading down instead of filling the server's memory.
import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";

/**
 * Resolves at once while the response's buffer has room, else at its next `drain` (or when it
 * closes). `compression` (server/index.ts) redirects `res.on("drain")` to its zlib stream, whose
 * own `drain` never fires when nothing waits on it, so the listener goes on the response itself.
 */
export function whenDrained(res: ServerResponse): Promise<void> {
  if (!res.writableNeedDrain || res.destroyed || res.writableEnded) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      EventEmitter.prototype.off.call(res, "drain", done);
      EventEmitter.prototype.off.call(res, "close", done);
      resolve();
    };
    EventEmitter.prototype.on.call(res, "drain", done);
    EventEmitter.prototype.on.call(res, "close", done);
  });
}
