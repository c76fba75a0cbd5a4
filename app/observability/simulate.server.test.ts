// traceHomeFeed and withSpan against a real (in-memory) tracer provider.
import { context, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";

const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });

beforeAll(() => provider.register());
afterEach(() => {
  exporter.reset();
  vi.unstubAllEnvs();
  vi.resetModules();
});
afterAll(async () => {
  await provider.shutdown();
  trace.disable();
  context.disable();
});

async function load(flags: { latency?: boolean; error?: boolean } = {}) {
  vi.stubEnv("SIMULATE_HOME_LATENCY", flags.latency ? "1" : "0");
  vi.stubEnv("SIMULATE_HOME_ERROR", flags.error ? "1" : "0");
  vi.resetModules();
  return import("./simulate.server");
}

describe("traceHomeFeed", () => {
  it("wraps the load in a home-feed span with the result length and the user handle", async () => {
    const { traceHomeFeed } = await load();
    const page = await traceHomeFeed(async () => ({ items: [1, 2, 3], next: null }), { userHandle: "andrew" });
    expect(page.items).toHaveLength(3);
    const [span] = exporter.getFinishedSpans();
    expect(span!.name).toBe("home-feed");
    expect(span!.attributes).toMatchObject({ "app.result_length": 3, "app.user_handle": "andrew" });
  });

  it("adds 1–3 s of latency in a mock-latency child span", async () => {
    vi.useFakeTimers({ toFake: ["setTimeout"] });
    try {
      const { traceHomeFeed } = await load({ latency: true });
      const pending = traceHomeFeed(async () => [1]);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(await pending).toEqual([1]);
    } finally {
      vi.useRealTimers();
    }
    const spans = exporter.getFinishedSpans();
    const mock = spans.find((s) => s.name === "mock-latency")!;
    const feed = spans.find((s) => s.name === "home-feed")!;
    expect(mock.parentSpanContext?.spanId).toBe(feed.spanContext().spanId);
    expect(mock.attributes["mock.latency"]).toBeGreaterThanOrEqual(1);
    expect(mock.attributes["mock.latency"]).toBeLessThanOrEqual(3);
    expect(feed.attributes["app.result_length"]).toBe(1);
  });

  it("throws a simulated error and records it on the span", async () => {
    const { traceHomeFeed, SimulatedHomeError } = await load({ error: true });
    const loader = vi.fn(async () => []);
    await expect(traceHomeFeed(loader)).rejects.toBeInstanceOf(SimulatedHomeError);
    expect(loader).not.toHaveBeenCalled();
    const [span] = exporter.getFinishedSpans();
    expect(span!.status.code).toBe(2); // ERROR
    expect(span!.events.some((e) => e.name === "exception")).toBe(true);
  });
});

describe("withSpan", () => {
  it("drops undefined attributes and does not mark a thrown Response as an error", async () => {
    const { withSpan } = await import("./tracing.server");
    await expect(
      withSpan("post-crud", { "app.ttl": "1h", "app.user_handle": undefined }, async () => {
        throw new Response(null, { status: 302 });
      }),
    ).rejects.toBeInstanceOf(Response);
    const [span] = exporter.getFinishedSpans();
    expect(span!.attributes).toEqual({ "app.ttl": "1h" });
    expect(span!.status.code).toBe(0);
  });
});
