// Sign-in glue: Cognito says who the person is; our database says which user row that is.
import { isSuspended } from "~/models/report.server";
import { insertUserRowWithPrisma, userIdForCognitoSub } from "~/models/user.server";
import { log, logError } from "~/observability/logger.server";
import { userRowFromAttributes } from "../../lambda/user-row";
import { accountDeletionOf } from "~/models/account-deletion.server";
import { anySuspendedAccount } from "~/models/pending-sign-in.server";
import { syncTwoStep } from "~/models/authenticator.server";
import { ACCOUNT_DELETED_MESSAGE, refuseDeletedAccount } from "./account-settings.server";
import { CognitoFailure, isTotpChallenge, startSignIn, type SignInResult, type TotpChallenge } from "./cognito.server";
import { tokenVerifier } from "./tokens.server";

export const SUSPENDED_MESSAGE = "This account has been suspended by the moderators, so you cannot sign in.";

/** A suspended user is refused at sign-in, whatever the password (docs/product.md §10). Returns the id otherwise. */
export async function refuseSuspended(userId: string): Promise<string> {
  if (await isSuspended(userId)) throw new CognitoFailure("UserSuspended", 403, SUSPENDED_MESSAGE);
  return userId;
}

/** The password step's outcome: signed in (our user id), or a second step to take (ADR 039). */
export type PasswordOutcome = { userId: string } | { challenge: TotpChallenge };

/**
 * Checks the password with Cognito. An account with an authenticator app stops at the challenge, once
 * it is known not to be suspended or deleted (refused before the code step, ADR 039); any other
 * account is signed in by `finishSignIn`.
 */
export async function authenticate(email: string, password: string): Promise<PasswordOutcome> {
  const result = await startSignIn(email, password);
  if (!isTotpChallenge(result)) {
    const userId = await finishSignIn(result);
    // Cognito asked for no code: the account's two-step mirror says so too (ADR 041).
    await syncTwoStep(userId, false);
    return { userId };
  }
  // In this pool (email as the username attribute) the Cognito username is the user's `sub`.
  if (await accountDeletionOf(result.cognitoUsername)) throw new CognitoFailure("AccountDeleted", 410, ACCOUNT_DELETED_MESSAGE);
  if (await anySuspendedAccount({ cognitoUserId: result.cognitoUsername, email })) throw new CognitoFailure("UserSuspended", 403, SUSPENDED_MESSAGE);
  return { challenge: result };
}

/**
 * Verifies the ID token Cognito returned, and finds the user's row,
 * creating it when the Post Confirmation Lambda could not (the same SQL the Lambda runs), so no
 * confirmed user is ever stuck. A deleted account is refused (and its deletion finished), never
 * recreated (ADR 022); a suspended one is refused. Returns our user id.
 */
export async function finishSignIn(result: SignInResult): Promise<string> {
  let claims;
  try {
    claims = await (await tokenVerifier()).verifyIdToken(result.idToken);
  } catch (error) {
    logError("ID token rejected", error);
    throw new CognitoFailure("InvalidToken", 503, "We could not verify your sign-in. Please try again in a minute.");
  }
  await refuseDeletedAccount(claims.sub, result);
  const existing = await userIdForCognitoSub(claims.sub);
  if (existing) return refuseSuspended(existing);

  const row = userRowFromAttributes({ ...(await result.attributes()), sub: claims.sub });
  if ("error" in row) throw new CognitoFailure("IncompleteProfile", 400, "Your account is missing a name or username. Please contact support.");
  await insertUserRowWithPrisma(row);
  log("warn", "created missing user row at sign-in", { cognitoUserId: claims.sub });
  const created = await userIdForCognitoSub(claims.sub);
  if (!created) throw new Error("the user row was inserted but cannot be found");
  return created;
}
