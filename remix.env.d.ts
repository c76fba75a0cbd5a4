/// <reference types="@remix-run/dev" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /** Per-request CSP nonce set by the Express host (server/index.ts). */
    cspNonce: string;
    /** Set when the host refused the request (server/request-guard.ts): app/routes/refused.tsx shows it. */
    refusal?: { status: number; message: string };
    /** The client's address, Express's `req.ip` (one trusted ALB hop); counted by the rate limits. */
    clientIp: string;
    /** Resolves once the connection can take more (server/response-drained.ts): streamed bodies wait on it. */
    responseDrained?: () => Promise<void>;
  }
}
