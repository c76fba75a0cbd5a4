// The sign-in's second step (ADR 039): after the right password, an account with an authenticator app
// is asked for its 6-digit code. Cognito's session for the challenge stays in `pending_sign_ins`; the
// browser holds only a random secret in a short-lived HttpOnly cookie (its SHA-256 is the row's id),
// so the page carries neither the session nor the email and password.
import { createHash, randomBytes } from "node:crypto";
import { redirect, type AppLoadContext } from "@remix-run/node";
import { appCookie } from "~/security/cookies.server";
import { timeZoneFromCookie } from "~/domain/time-zone";
import { adoptTimeZone } from "~/models/user.server";
import {
  claimTotpCode,
  CODES_PER_SIGN_IN,
  codesSpent,
  createPendingSignIn,
  deletePendingSignIn,
  findPendingSignIn,
  PENDING_SIGN_IN_MS,
  refundCodeAttempt,
  releaseTotpCode,
  takeCodeAttempt,
} from "~/models/pending-sign-in.server";
import { log } from "~/observability/logger.server";
import { clearFailures, clientIp, countRequest, refundGuess, takeGuess, type Refusal } from "~/security/rate-limits.server";
import { finishSignIn } from "./account.server";
import { createSession, destroySession } from "./session.server";
import { answerTotpChallenge, CognitoFailure, type SignInResult, type TotpChallenge } from "./cognito.server";

const pendingCookie = () => appCookie("cruddur_pending_sign_in", PENDING_SIGN_IN_MS / 1000);

const idOf = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

/** The stored id the request's pending cookie names (checked to be a secret we could have made), or undefined. */
async function pendingIdOf(request: Request): Promise<string | undefined> {
  const value: unknown = await pendingCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" && /^[A-Za-z0-9_-]{43}$/.test(value) ? idOf(value) : undefined;
}

/** Keeps the challenge server-side and returns the Set-Cookie of its random secret. */
export async function beginTwoStep(challenge: TotpChallenge, email: string, redirectTo: string, now = new Date()): Promise<string> {
  const secret = randomBytes(32).toString("base64url");
  await createPendingSignIn({ id: idOf(secret), cognitoUsername: challenge.cognitoUsername, email, cognitoSession: challenge.session, redirectTo }, now);
  return pendingCookie().serialize(secret);
}

/** The Set-Cookie that forgets the pending sign-in in this browser. */
export const clearPendingCookie = () => pendingCookie().serialize("", { maxAge: 0, expires: new Date(0) });

/** Whether this browser has a live pending sign-in (the code page shows only then). */
export async function hasPendingSignIn(request: Request): Promise<boolean> {
  const id = await pendingIdOf(request);
  return id ? (await findPendingSignIn(id)) !== null : false;
}

/** Deletes this browser's pending sign-in, if any ("Start again"). */
export async function abandonTwoStep(request: Request): Promise<void> {
  const id = await pendingIdOf(request);
  if (id) await deletePendingSignIn(id);
}

export const WRONG_TOTP_CODE = "That code is not right. Check your authenticator app and try again.";
export const REPLAYED_TOTP_CODE = "That code has already been used. Wait for your authenticator app to show the next one.";
export const CODES_SPENT = `That sign-in has ended after ${CODES_PER_SIGN_IN} wrong codes. Sign in again with your password.`;

/**
 * What answering the code came to: signed in (our user id, and where to go); no pending sign-in (none,
 * another browser's, or past its deadline: sign in again); or a refusal shown on the code page.
 */
export type CodeOutcome =
  { kind: "signed-in"; userId: string; redirectTo: string } | { kind: "ended" } | { kind: "refused"; status: number; message: string; retryAfter?: number };

const refusedBy = (refusal: Refusal): CodeOutcome => ({ kind: "refused", status: refusal.status, message: refusal.message, retryAfter: refusal.retryAfter });

/**
 * Answers the pending sign-in's challenge with `code`. Every code is counted before it is checked:
 * per IP, per pending sign-in (the 5th wrong one ends it) and, for wrong ones, per account (the
 * counter the next sign-ins share). The same code twice within its validity is refused (a replay).
 */
export async function answerCode(request: Request, context: AppLoadContext, code: string, now = new Date()): Promise<CodeOutcome> {
  const id = await pendingIdOf(request);
  if (!id || !(await findPendingSignIn(id, now))) return { kind: "ended" };
  const perIp = await countRequest(["signInCodesPerIp", clientIp(context)]);
  if (perIp) return refusedBy(perIp);
  const pending = await takeCodeAttempt(id, now);
  if (!pending) return (await codesSpent(id, now)) ? { kind: "refused", status: 429, message: CODES_SPENT } : { kind: "ended" };
  const account = pending.cognitoUsername;
  const perAccount = await takeGuess("wrongSignInCodesPerAccount", account);
  if (perAccount) {
    await refundCodeAttempt(id);
    return refusedBy(perAccount);
  }
  const wrong = (message: string): CodeOutcome =>
    pending.attempts >= CODES_PER_SIGN_IN ? { kind: "refused", status: 429, message: `${message} ${CODES_SPENT}` } : { kind: "refused", status: 400, message };

  const step = await claimTotpCode(account, code, now);
  if (step === null) {
    log("warn", "sign-in code replayed", { attempts: pending.attempts });
    return wrong(REPLAYED_TOTP_CODE);
  }
  let result: SignInResult;
  try {
    result = await answerTotpChallenge({ cognitoUsername: account, session: pending.cognitoSession }, code);
  } catch (error) {
    await releaseTotpCode(account, code, step);
    if (error instanceof CognitoFailure && error.code === "CodeMismatchException") return wrong(WRONG_TOTP_CODE);
    await refundGuess("wrongSignInCodesPerAccount", account);
    if (error instanceof CognitoFailure && error.code === "NotAuthorizedException") {
      // Cognito's session for the challenge has ended (its own deadline, or it was used).
      await deletePendingSignIn(id);
      return { kind: "ended" };
    }
    await refundCodeAttempt(id);
    if (error instanceof CognitoFailure) return { kind: "refused", status: error.status, message: error.message };
    throw error;
  }
  // The code was right: this pending sign-in is spent, whatever follows.
  await deletePendingSignIn(id);
  await clearFailures("wrongSignInCodesPerAccount", account);
  try {
    return { kind: "signed-in", userId: await finishSignIn(result), redirectTo: pending.redirectTo };
  } catch (error) {
    if (error instanceof CognitoFailure) return { kind: "refused", status: error.status, message: error.message };
    throw error;
  }
}

/**
 * The end of every sign-in, with or without a second step: the browser's time zone follows the account
 * (ADR 037), a new session replaces whatever this browser had, and the visitor goes where they were going.
 */
export async function signedInRedirect(
  request: Request,
  context: AppLoadContext,
  userId: string,
  redirectTo: string,
  alsoSet: string[] = [],
): Promise<Response> {
  // The zone asked at sign-up (or guessed by this browser) follows the account to its other devices.
  const zone = timeZoneFromCookie(request.headers.get("Cookie"));
  if (zone) await adoptTimeZone(userId, zone);
  // A new session id on every sign-in; whatever session this browser had is deleted.
  await destroySession(request);
  const headers = new Headers();
  for (const cookie of alsoSet) headers.append("Set-Cookie", cookie);
  headers.append("Set-Cookie", await createSession(userId, new Date(), { request, ip: context.clientIp }));
  return redirect(redirectTo, { headers });
}
