// Sign-in glue: Cognito says who the person is; our database says which user row that is.
import { isSuspended } from "~/models/report.server";
import { insertUserRowWithPrisma, userIdForCognitoSub } from "~/models/user.server";
import { log, logError } from "~/observability/logger.server";
import { userRowFromAttributes } from "../../lambda/user-row";
import { refuseDeletedAccount } from "./account-settings.server";
import { CognitoFailure, signIn } from "./cognito.server";
import { tokenVerifier } from "./tokens.server";

export const SUSPENDED_MESSAGE = "This account has been suspended by the moderators, so you cannot sign in.";

/** A suspended user is refused at sign-in, whatever the password (docs/product.md §10). Returns the id otherwise. */
export async function refuseSuspended(userId: string): Promise<string> {
  if (await isSuspended(userId)) throw new CognitoFailure("UserSuspended", 403, SUSPENDED_MESSAGE);
  return userId;
}

/**
 * Checks the password with Cognito, verifies the ID token it returns, and finds the user's row,
 * creating it when the Post Confirmation Lambda could not (the same SQL the Lambda runs), so no
 * confirmed user is ever stuck. A deleted account is refused (and its deletion finished), never
 * recreated (ADR 022). Returns our user id.
 */
export async function authenticate(email: string, password: string): Promise<string> {
  const result = await signIn(email, password);
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
