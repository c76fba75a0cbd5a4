// SIMULATE_HOME_LATENCY=1 and SIMULATE_HOME_ERROR=1 (docs/product.md §6): like the original app, inject
// latency or an error into the home feed so people can watch traces and error reports react.
import { env } from "~/env.server";
import { withSpan } from "./tracing.server";

export class SimulatedHomeError extends Error {
  constructor() {
    super("Simulated home feed failure (SIMULATE_HOME_ERROR=1)");
    this.name = "SimulatedHomeError";
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function resultLength(result: unknown): number | undefined {
  if (Array.isArray(result)) return result.length;
  if (result && typeof result === "object") {
    for (const key of ["items", "cruds"] as const) {
      const list = (result as Record<string, unknown>)[key];
      if (Array.isArray(list)) return list.length;
    }
  }
  return undefined;
}

/**
 * Loads the home feed inside a "home-feed" span with `app.result_length` (the array's length, or
 * that of its `items`/`cruds`) and `app.user_handle`; adds 1–3 s of latency in a "mock-latency"
 * child span, or throws, when the simulation flags are set. The error goes the normal way:
 * Remix's handleError reports it (Rollbar, log) and the visitor sees the 500 page with a reference.
 */
export function traceHomeFeed<T>(load: () => Promise<T>, attrs: { userHandle?: string } = {}): Promise<T> {
  const { SIMULATE_HOME_LATENCY, SIMULATE_HOME_ERROR } = env();
  return withSpan("home-feed", { "app.user_handle": attrs.userHandle }, async (span) => {
    if (SIMULATE_HOME_LATENCY) {
      const seconds = 1 + Math.random() * 2;
      await withSpan("mock-latency", { "mock.latency": Number(seconds.toFixed(3)) }, () => sleep(seconds * 1000));
    }
    if (SIMULATE_HOME_ERROR) throw new SimulatedHomeError();
    const result = await load();
    const length = resultLength(result);
    if (length !== undefined) span.setAttribute("app.result_length", length);
    return result;
  });
}
