// Browser errors to Rollbar without Rollbar's CDN script (our CSP allows only our own scripts and
// nonce'd inline ones): a small inline snippet posts `error` and `unhandledrejection` events to
// Rollbar's item API with fetch. It sends no cookie (cross-origin fetch, credentials omitted) and
// no query string (where a reset code or token could sit). Render it in root.tsx's <head>:
//   {data?.rollbar ? <RollbarScript nonce={nonce} config={data.rollbar} /> : null}
import type { RollbarClientConfig } from "./rollbar.server";
// Empty in the client bundle (a .server module): the script ran before hydration and React never
// rewrites a hydrated script's text (suppressHydrationWarning), so the browser needs no copy of it.
import { ROLLBAR_SNIPPET } from "./rollbar-snippet.server";

/** Inline config + reporter, allowed by the CSP through its nonce. */
export function RollbarScript({ nonce, config }: { nonce: string; config: RollbarClientConfig }) {
  // JSON in a script: escape `<` so no value can close the tag.
  const json = JSON.stringify(config).replace(/</g, "\\u003c");
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: ROLLBAR_SNIPPET ? `${ROLLBAR_SNIPPET}(${json});` : "" }} />;
}
