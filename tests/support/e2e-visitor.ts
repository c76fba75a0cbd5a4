// Each e2e test that signs up or signs in comes from an address of its own, as distinct visitors
// behind the ALB would (the server trusts one X-Forwarded-For hop): the per-IP rate limits (ADR 012)
// stay on, and no test uses up another's allowance.
import { randomBytes } from "node:crypto";
import type { BrowserContext } from "@playwright/test";

/** A random address in 198.18.0.0/15 (reserved for tests), new for every call. */
export function visitorIp(): string {
  const [a = 0, b = 0, c = 0] = randomBytes(3);
  return `198.${18 + (a & 1)}.${b}.${(c % 254) + 1}`;
}

/** Every request of `context` (its pages and `page.request`) comes from a new visitor's address. */
export async function asNewVisitor(context: BrowserContext): Promise<void> {
  await context.setExtraHTTPHeaders({ "X-Forwarded-For": visitorIp() });
}
