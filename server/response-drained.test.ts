import { EventEmitter } from "node:events";
import type { ServerResponse } from "node:http";
import { describe, expect, it } from "vitest";
import { whenDrained } from "./response-drained";

/** A response whose buffer is full, with `on` redirected elsewhere for "drain" (as `compression` does). */
function fullResponse() {
  const res = new EventEmitter() as EventEmitter & { writableNeedDrain: boolean; destroyed: boolean; writableEnded: boolean };
  Object.assign(res, { writableNeedDrain: true, destroyed: false, writableEnded: false });
  const elsewhere = new EventEmitter();
  res.on = ((type: string, listener: () => void) =>
    type === "drain" ? elsewhere.on(type, listener) : EventEmitter.prototype.on.call(res, type, listener)) as typeof res.on;
  return res;
}

const turns = async () => {
  for (let n = 0; n < 3; n++) await new Promise((resolve) => setImmediate(resolve));
};

describe("whenDrained", () => {
  it("resolves at once while the buffer has room", async () => {
    const res = Object.assign(fullResponse(), { writableNeedDrain: false });
    await expect(whenDrained(res as unknown as ServerResponse)).resolves.toBeUndefined();
  });

  it("waits for the response's own drain (not a proxied one), then lets go of its listeners", async () => {
    const res = fullResponse();
    let drained = false;
    void whenDrained(res as unknown as ServerResponse).then(() => (drained = true));
    await turns();
    expect(drained).toBe(false);
    res.emit("drain");
    await turns();
    expect(drained).toBe(true);
    expect(res.listenerCount("drain") + res.listenerCount("close")).toBe(0);
  });

  it("lets go when the client goes away", async () => {
    const res = fullResponse();
    const waiting = whenDrained(res as unknown as ServerResponse);
    res.emit("close");
    await expect(waiting).resolves.toBeUndefined();
  });
});
