// One authenticator code answering Cognito's challenge (ADR 039), at sign-in's second step and when a
// settings page asks for the password again (ADR 041). The app never sees the TOTP secret, so replays are
// refused by claiming each code for the account before Cognito checks it; a code Cognito refuses is released.
import { claimTotpCode, releaseTotpCode } from "~/models/pending-sign-in.server";
import { answerTotpChallenge, CognitoFailure, type SignInResult, type TotpChallenge } from "./cognito.server";

export const WRONG_TOTP_CODE = "That code is not right. Check your authenticator app and try again.";
export const REPLAYED_TOTP_CODE = "That code has already been used. Wait for your authenticator app to show the next one.";

/** The codes of the failures below: a wrong code and a replayed one (both count as wrong guesses). */
export const CODE_MISMATCH = "CodeMismatchException";
export const CODE_REPLAYED = "CodeReplayed";

/**
 * RespondToAuthChallenge with `code`, once per code: a replay throws CODE_REPLAYED, a wrong code
 * CODE_MISMATCH (both 400s on the code field); Cognito's other failures pass through.
 */
export async function answerOnce(challenge: Omit<TotpChallenge, "totp">, code: string, now = new Date()): Promise<SignInResult> {
  const step = await claimTotpCode(challenge.cognitoUsername, code, now);
  if (step === null) throw new CognitoFailure(CODE_REPLAYED, 400, REPLAYED_TOTP_CODE, "code");
  try {
    return await answerTotpChallenge(challenge, code);
  } catch (error) {
    await releaseTotpCode(challenge.cognitoUsername, code, step);
    if (error instanceof CognitoFailure && error.code === CODE_MISMATCH) throw new CognitoFailure(CODE_MISMATCH, 400, WRONG_TOTP_CODE, "code");
    throw error;
  }
}

/** Whether a failure of `answerOnce` was a wrong guess (counted against the account). */
export const isWrongTotpCode = (error: unknown): error is CognitoFailure =>
  error instanceof CognitoFailure && (error.code === CODE_MISMATCH || error.code === CODE_REPLAYED);
