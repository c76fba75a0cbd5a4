import type { HeadersFunction } from "@remix-run/node";

/**
 * A route's `headers` export for pages that can refuse with a 429: its loader's headers (the page
 * cache's opt-in) and the `Retry-After` of a refused action or a thrown 429. With single fetch, a
 * route without a `headers` export drops every header of its action but Set-Cookie, for document
 * and data requests alike. An action's `Cache-Control: no-store` (an answer that shows a secret once,
 * ADR 041) is kept too.
 */
export const headersWithRetryAfter: HeadersFunction = ({ loaderHeaders, actionHeaders, errorHeaders }) => {
  const headers = new Headers(loaderHeaders);
  const retryAfter = actionHeaders.get("Retry-After") ?? errorHeaders?.get("Retry-After");
  if (retryAfter) headers.set("Retry-After", retryAfter);
  if (actionHeaders.get("Cache-Control") === "no-store") headers.set("Cache-Control", "no-store");
  return headers;
};
