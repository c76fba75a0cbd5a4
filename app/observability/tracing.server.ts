// Custom spans around named steps (docs/product.md §6). Without the OpenTelemetry preload
// (server/instrumentation.ts) the API's tracer is a no-op and these cost next to nothing.
import { SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

export const tracer = trace.getTracer("cruddur");

export type SpanAttributes = Record<string, string | number | boolean | undefined>;

function clean(attributes: SpanAttributes): Attributes {
  const result: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) result[key] = value;
  return result;
}

/**
 * Runs `fn` inside a span named `name` (a child of the request's span): records an exception and
 * sets the ERROR status when `fn` throws, then rethrows. E.g.
 * `withSpan("post-crud", { "app.ttl": ttl, "app.user_handle": user.handle }, () => createCrud(…))`.
 */
export function withSpan<T>(name: string, attributes: SpanAttributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes: clean(attributes) }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      if (error instanceof Error) span.recordException(error);
      // A thrown Response (redirect, 404) is control flow, not a failure.
      if (!(error instanceof Response)) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The current trace id (32 hex digits), or undefined when tracing is off. */
export function currentTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && trace.isSpanContextValid(context) ? context.traceId : undefined;
}
