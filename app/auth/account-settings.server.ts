// The signed-in account's own Cognito changes (ADR 022): a new password, and deletion (and, in
// app/auth/authenticator.server.ts, the authenticator app). Each starts by signing in again with the
// password typed, and the app's code when the account has one (fresh tokens, used for this request only,
// so the app needs no admin rights), and checks the tokens are this account's.
import { endOtherSessions } from "~/models/session.server";
import { getAccountIdentity } from "~/models/user.server";
import { accountDeletionOf, beginAccountDeletion, deleteAccountRows, markCognitoDeleted } from "~/models/account-deletion.server";
import { log, logError } from "~/observability/logger.server";
import { syncTwoStep } from "~/models/authenticator.server";
import { clearFailures, refundGuess, takeGuess } from "~/security/rate-limits.server";
import { CognitoFailure, isTotpChallenge, startSignIn, type SignInResult, type TotpChallenge } from "./cognito.server";
import { answerOnce, isWrongTotpCode } from "./totp-code.server";
import { tokenVerifier } from "./tokens.server";

export const WRONG_PASSWORD_MESSAGE = "That is not your current password.";
/** The code of that failure, for forms whose password field has another name. */
export const WRONG_PASSWORD = "WrongPassword";

export const CODE_REQUIRED_MESSAGE = "Enter the 6-digit code from your authenticator app.";

/**
 * Signs the account in again with `password`, and `code` when Cognito asks for the authenticator app's
 * (ADR 041). A wrong password or code is a 400 on its field (the person is signed in: it is a mistyped
 * form, not a failed sign-in); wrong codes count against the account as at sign-in, replays are refused.
 * Tokens of another Cognito user than this account's (two rows with one email) are refused.
 */
export async function signInAgain(
  userId: string,
  password: string,
  code?: string,
): Promise<{ session: SignInResult; cognitoUserId: string; handle: string; twoStep: boolean }> {
  const account = await getAccountIdentity(userId);
  let session: SignInResult;
  let twoStep: boolean;
  try {
    const result = await startSignIn(account.email, password);
    twoStep = isTotpChallenge(result);
    session = isTotpChallenge(result) ? await answerWithCode(result, code) : result;
    await syncTwoStep(userId, twoStep);
  } catch (error) {
    if (error instanceof CognitoFailure && error.status === 401) throw new CognitoFailure(WRONG_PASSWORD, 400, WRONG_PASSWORD_MESSAGE, "password");
    throw error;
  }
  let sub: string;
  try {
    sub = (await (await tokenVerifier()).verifyIdToken(session.idToken)).sub;
  } catch (error) {
    logError("ID token rejected", error);
    throw new CognitoFailure("InvalidToken", 503, "We could not verify your password. Please try again in a minute.");
  }
  if (sub !== account.cognitoUserId) {
    log("error", "re-authentication returned another Cognito user", { userId });
    throw new CognitoFailure("WrongAccount", 403, "This sign-in belongs to another account. Please contact support.");
  }
  return { session, cognitoUserId: sub, handle: account.handle, twoStep };
}

/** The challenge of a re-authentication, answered in the same request (the code counted as at sign-in's second step). */
async function answerWithCode(challenge: TotpChallenge, code: string | undefined): Promise<SignInResult> {
  if (!code) throw new CognitoFailure("CodeRequired", 400, CODE_REQUIRED_MESSAGE, "code");
  const account = challenge.cognitoUsername;
  const refused = await takeGuess("wrongSignInCodesPerAccount", account);
  if (refused) throw new CognitoFailure("TooManyCodes", refused.status, refused.message);
  try {
    const session = await answerOnce(challenge, code);
    await clearFailures("wrongSignInCodesPerAccount", account);
    return session;
  } catch (error) {
    if (!isWrongTotpCode(error)) await refundGuess("wrongSignInCodesPerAccount", account);
    throw error;
  }
}

/**
 * Changes the password with Cognito (ChangePassword with a fresh access token), then ends every
 * other session of the account (this browser stays signed in). Returns how many sessions ended.
 */
export async function changePassword({
  userId,
  sessionId,
  currentPassword,
  newPassword,
  code,
}: {
  userId: string;
  sessionId: string;
  currentPassword: string;
  newPassword: string;
  code?: string;
}): Promise<number> {
  const { session } = await signInAgain(userId, currentPassword, code);
  await session.changePassword(currentPassword, newPassword);
  const ended = await endOtherSessions(userId, sessionId);
  log("info", "password changed", { userId, sessionsEnded: ended });
  return ended;
}

/**
 * - `deleted`: everything is gone;
 * - `cognito-pending`: the rows are gone, Cognito's user could not be deleted (the next sign-in with
 *   the password deletes it, and never recreates the account);
 * - `rows-pending`: Cognito's user is gone, the rows could not be deleted (the purge deletes them).
 */
export type DeletionOutcome = "deleted" | "cognito-pending" | "rows-pending";

/**
 * Deletes the account (ADR 022 gives the order and what each failure leaves): sign in again, write
 * the tombstone and end the sessions (a failure here changes nothing), delete the Cognito user with
 * its own access token, delete every row. Past the tombstone nothing throws: what failed is logged
 * and finished later.
 */
export async function deleteAccount({
  userId,
  password,
  code,
  now = new Date(),
}: {
  userId: string;
  password: string;
  code?: string;
  now?: Date;
}): Promise<DeletionOutcome> {
  const { session, cognitoUserId } = await signInAgain(userId, password, code);
  await beginAccountDeletion({ userId, cognitoUserId, now });
  let cognitoDeletedAt: Date | null = null;
  try {
    await session.deleteUser();
    cognitoDeletedAt = new Date();
  } catch (error) {
    logError("account deletion: Cognito user not deleted (the next sign-in deletes it)", error, { userId });
  }
  try {
    await deleteAccountRows({ userId, cognitoUserId, cognitoDeletedAt, now });
  } catch (error) {
    logError("account deletion: rows not deleted (the purge deletes them)", error, { userId });
    return "rows-pending";
  }
  log("info", "account deleted", { userId, cognitoDeleted: !!cognitoDeletedAt });
  return cognitoDeletedAt ? "deleted" : "cognito-pending";
}

export const ACCOUNT_DELETED_MESSAGE = "This account has been deleted.";

/**
 * At sign-in, for a Cognito user whose account was deleted: finishes what the deletion could not
 * (Cognito's user, with this sign-in's tokens; the rows), and refuses. Nothing is ever recreated.
 */
export async function refuseDeletedAccount(cognitoUserId: string, session: SignInResult): Promise<void> {
  const deletion = await accountDeletionOf(cognitoUserId);
  if (!deletion) return;
  if (!deletion.cognitoDeletedAt) {
    try {
      await session.deleteUser();
      await markCognitoDeleted(cognitoUserId);
      log("warn", "account deletion: Cognito user deleted at a later sign-in", { userId: deletion.userId });
    } catch (error) {
      logError("account deletion: Cognito user still not deleted", error, { userId: deletion.userId });
    }
  }
  if (!deletion.rowsDeletedAt) await deleteAccountRows({ userId: deletion.userId, cognitoUserId });
  throw new CognitoFailure("AccountDeleted", 410, ACCOUNT_DELETED_MESSAGE);
}
