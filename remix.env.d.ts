/// <reference types="@remix-run/dev" />

import "@remix-run/node";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
  interface AppLoadContext {
    /** Per-request CSP nonce set by the Express host (server/index.ts). */
    cspNonce: string;
    /** The client's address, Express's `req.ip` (one trusted ALB hop); counted by the rate limits. */
    clientIp: string;
  }
}
