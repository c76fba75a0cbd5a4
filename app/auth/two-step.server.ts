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
  CODES_PER_SIGN_IN,
  codesSpent,
  createPendingSignIn,
  deletePendingSignIn,
  findPendingSignIn,
  PENDING_SIGN_IN_MS,
  refundCodeAttempt,
  takeCodeAttempt,
  accountOfPendingSignIn,
  type PendingSignIn,
} from "~/models/pending-sign-in.server";
import { log } from "~/observability/logger.server";
import { spendRecoveryCode, syncTwoStep, unusedRecoveryCodes } from "~/models/authenticator.server";
import { accountDeletionOf } from "~/models/account-deletion.server";
import { clearFailures, clientIp, countRequest, refundGuess, takeGuess, type Refusal } from "~/security/rate-limits.server";
import { finishSignIn, refuseSuspended } from "./account.server";
import { ACCOUNT_DELETED_MESSAGE } from "./account-settings.server";
import { disableTotp } from "./mfa-admin.server";
import { matchRecoveryCode } from "./recovery-codes.server";
import { createSession, destroySession } from "./session.server";
import { CognitoFailure, type SignInResult, type TotpChallenge } from "./cognito.server";
import { answerOnce, CODE_REPLAYED, isWrongTotpCode } from "./totp-code.server";

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

export { REPLAYED_TOTP_CODE, WRONG_TOTP_CODE } from "./totp-code.server";
export const CODES_SPENT = `That sign-in has ended after ${CODES_PER_SIGN_IN} wrong codes. Sign in again with your password.`;

/**
 * What answering the code came to: signed in (our user id, and where to go); no pending sign-in (none,
 * another browser's, or past its deadline: sign in again); or a refusal shown on the code page.
 */
export type CodeOutcome =
  { kind: "signed-in"; userId: string; redirectTo: string } | { kind: "ended" } | { kind: "refused"; status: number; message: string; retryAfter?: number };

const refusedBy = (refusal: Refusal): CodeOutcome => ({ kind: "refused", status: refusal.status, message: refusal.message, retryAfter: refusal.retryAfter });

/** A code being answered: the pending sign-in it counts against, and the refusal of a wrong one (the 5th ends it). */
type Attempt = { id: string; pending: PendingSignIn; wrong: (message: string) => CodeOutcome };

/**
 * What every answer at the second step goes through first, code or recovery code: counted before it
 * is checked, per IP, per pending sign-in (the 5th wrong one ends it) and per account (the counter the
 * next sign-ins share; a sign-in clears it). The attempt, or the outcome that ends it here.
 */
async function countAttempt(request: Request, context: AppLoadContext, now: Date): Promise<Attempt | CodeOutcome> {
  const id = await pendingIdOf(request);
  if (!id || !(await findPendingSignIn(id, now))) return { kind: "ended" };
  const perIp = await countRequest(["signInCodesPerIp", clientIp(context)]);
  if (perIp) return refusedBy(perIp);
  const pending = await takeCodeAttempt(id, now);
  if (!pending) return (await codesSpent(id, now)) ? { kind: "refused", status: 429, message: CODES_SPENT } : { kind: "ended" };
  const perAccount = await takeGuess("wrongSignInCodesPerAccount", pending.cognitoUsername);
  if (perAccount) {
    await refundCodeAttempt(id);
    return refusedBy(perAccount);
  }
  const wrong = (message: string): CodeOutcome =>
    pending.attempts >= CODES_PER_SIGN_IN ? { kind: "refused", status: 429, message: `${message} ${CODES_SPENT}` } : { kind: "refused", status: 400, message };
  return { id, pending, wrong };
}

/** An answer that was not a wrong one (Cognito unreachable): its points go back. */
async function refundAttempt({ id, pending }: Attempt): Promise<void> {
  await refundGuess("wrongSignInCodesPerAccount", pending.cognitoUsername);
  await refundCodeAttempt(id);
}

/** The right answer: the pending sign-in is spent, whatever follows, and the account's wrong guesses are forgotten. */
async function spendPendingSignIn({ id, pending }: Attempt): Promise<void> {
  await deletePendingSignIn(id);
  await clearFailures("wrongSignInCodesPerAccount", pending.cognitoUsername);
}

/**
 * Answers the pending sign-in's challenge with the authenticator app's `code` (counted first, see
 * `countAttempt`). The same code twice within its validity is refused (a replay).
 */
export async function answerCode(request: Request, context: AppLoadContext, code: string, now = new Date()): Promise<CodeOutcome> {
  const attempt = await countAttempt(request, context, now);
  if ("kind" in attempt) return attempt;
  const { id, pending, wrong } = attempt;
  let result: SignInResult;
  try {
    result = await answerOnce({ cognitoUsername: pending.cognitoUsername, session: pending.cognitoSession }, code, now);
  } catch (error) {
    if (isWrongTotpCode(error)) {
      if (error.code === CODE_REPLAYED) log("warn", "sign-in code replayed", { attempts: pending.attempts });
      return wrong(error.message);
    }
    if (error instanceof CognitoFailure && error.code === "NotAuthorizedException") {
      // Cognito's session for the challenge has ended (its own deadline, or it was used).
      await refundGuess("wrongSignInCodesPerAccount", pending.cognitoUsername);
      await deletePendingSignIn(id);
      return { kind: "ended" };
    }
    await refundAttempt(attempt);
    if (error instanceof CognitoFailure) return { kind: "refused", status: error.status, message: error.message };
    throw error;
  }
  await spendPendingSignIn(attempt);
  try {
    const userId = await finishSignIn(result);
    await syncTwoStep(userId, true, now);
    return { kind: "signed-in", userId, redirectTo: pending.redirectTo };
  } catch (error) {
    if (error instanceof CognitoFailure) return { kind: "refused", status: error.status, message: error.message };
    throw error;
  }
}

export const WRONG_RECOVERY_CODE = "That recovery code is not right, or has been used. Check it and try again.";

/**
 * "Use a recovery code instead" (ADR 041): the password was right (Cognito asked for the code only then),
 * and an unused recovery code of the account stands in for the app's code. It is counted like a code; the
 * authenticator app is turned off for the person through the admin API (they have lost it) before the
 * code is spent, and the sign-in lands on Settings → Security, which asks them to set it up again. Cognito
 * issues no tokens here: the session is the app's own, as after any sign-in.
 */
export async function answerRecoveryCode(request: Request, context: AppLoadContext, typed: string, now = new Date()): Promise<CodeOutcome> {
  const attempt = await countAttempt(request, context, now);
  if ("kind" in attempt) return attempt;
  const { pending, wrong } = attempt;
  const account = await accountOfPendingSignIn(pending);
  const code = account ? await matchRecoveryCode(typed, await unusedRecoveryCodes(account.id)) : undefined;
  if (!account || !code) {
    log("warn", "wrong recovery code", { attempts: pending.attempts });
    return wrong(WRONG_RECOVERY_CODE);
  }
  const userId = account.id;
  try {
    // Checked again here: the account may have been suspended or deleted since its password was typed.
    if (await accountDeletionOf(account.cognitoUserId)) throw new CognitoFailure("AccountDeleted", 410, ACCOUNT_DELETED_MESSAGE);
    await refuseSuspended(userId);
    await disableTotp(pending.cognitoUsername);
  } catch (error) {
    await refundAttempt(attempt);
    if (error instanceof CognitoFailure) return { kind: "refused", status: error.status, message: error.message };
    throw error;
  }
  // Two uses of one code at once: both turned the app off (the same change), only one signs in.
  if (!(await spendRecoveryCode(userId, code.id, now))) return wrong(WRONG_RECOVERY_CODE);
  await spendPendingSignIn(attempt);
  log("info", "signed in with a recovery code: two-step sign-in turned off", { userId });
  return { kind: "signed-in", userId, redirectTo: "/settings/security" };
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
