/**
 * Liveness without the database: the process, the Express host and Remix answer. The container's
 * health check asks `/api/health-check` (database included); `npm run bench` uses this as the floor of
 * what any request through the host costs.
 */
export function loader() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
