// The QA token (ADR 042): a secret an operator names outside production (QA_RATE_LIMIT_TOKEN) so that a QA
// suite's run, which signs up and signs in far more than a person, is not refused by the rate limits. The
// host reads it from each request (server/request-log.ts) into the request's context; the limits ask it there.
import { createHash, timingSafeEqual } from "node:crypto";
import { env } from "~/env.server";

/** The header a QA run sends the token in. */
export const QA_TOKEN_HEADER = "X-QA-Token";

const digest = (value: string) => createHash("sha256").update(value).digest();

/** Whether `sent` is the configured token (compared in constant time); never when none is configured. */
export function isQaToken(sent: string | undefined): boolean {
  const token = env().QA_RATE_LIMIT_TOKEN;
  if (!token || !sent) return false;
  return timingSafeEqual(digest(sent), digest(token));
}
