// Settings → Security (ADR 041): setting up an authenticator app, turning it off, new recovery codes.
// Each starts from the password (and, once the app is on, a current code: ASVS 7.5.1), which gives a
// fresh Cognito access token for the person's own calls. The set-up spans two requests (the QR code, then
// the first code), so its token and secret wait server-side for 10 minutes, never in the page.
import { endOtherSessions } from "~/models/session.server";
import { deleteSetup, findSetup, replaceRecoveryCodes, saveSetup, turnTwoStepOff, turnTwoStepOn } from "~/models/authenticator.server";
import { log } from "~/observability/logger.server";
import { signInAgain } from "./account-settings.server";
import { CognitoFailure } from "./cognito.server";
import { authenticatorCalls } from "./mfa-admin.server";
import { newRecoveryCodes } from "./recovery-codes.server";
import { WRONG_TOTP_CODE } from "./totp-code.server";

export const SETUP_ENDED_MESSAGE = "That set-up has ended (it waits 10 minutes). Start again with your password.";
export const ALREADY_ON_MESSAGE = "Two-step sign-in is already on.";
export const ALREADY_OFF_MESSAGE = "Two-step sign-in is off, so there are no recovery codes to renew.";

/** Starts a set-up in this session: the password checked, a new secret from Cognito, kept for the next step. */
export async function startSetup({ userId, sessionId, password }: { userId: string; sessionId: string; password: string }): Promise<void> {
  // No code here: with the app already on, Cognito asks for one and this refuses (the page offers "off" instead).
  const { session } = await signInAgain(userId, password).catch((error: unknown) => {
    if (error instanceof CognitoFailure && error.field === "code") throw new CognitoFailure("AlreadyOn", 409, ALREADY_ON_MESSAGE);
    throw error;
  });
  const secret = await authenticatorCalls().associateSoftwareToken(session.accessToken);
  await saveSetup({ sessionId, userId, secret, accessToken: session.accessToken });
}

/** What the set-up page shows: the secret for manual entry, and the same as a QR code (SVG, made here: no script). */
export async function setupInProgress({ userId, sessionId }: { userId: string; sessionId: string }) {
  const setup = await findSetup(sessionId, userId);
  if (!setup) return null;
  const label = `Cruddur:${setup.email}`;
  const uri = `otpauth://totp/${encodeURIComponent(label)}?secret=${setup.secret}&issuer=Cruddur&algorithm=SHA1&digits=6&period=30`;
  // Loaded here, on the one page that draws a QR code, not with every server process (~8 MB).
  const { default: QRCode } = await import("qrcode");
  const qrSvg = await QRCode.toString(uri, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return { secret: setup.secret, uri, qrSvg };
}

/**
 * The first code from the app: Cognito verifies it and turns the app on for sign-in; 10 recovery codes
 * (returned to be shown once) replace any old ones; every other session ends. A wrong code changes nothing.
 */
export async function confirmSetup({ userId, sessionId, code }: { userId: string; sessionId: string; code: string }): Promise<string[]> {
  const setup = await findSetup(sessionId, userId);
  if (!setup) throw new CognitoFailure("SetupEnded", 400, SETUP_ENDED_MESSAGE);
  const calls = authenticatorCalls();
  try {
    await calls.verifySoftwareToken(setup.accessToken, code);
  } catch (error) {
    if (error instanceof CognitoFailure && error.code === "CodeMismatchException") throw new CognitoFailure(error.code, 400, WRONG_TOTP_CODE, "code");
    if (error instanceof CognitoFailure && error.code === "NotAuthorizedException") {
      await deleteSetup(sessionId);
      throw new CognitoFailure("SetupEnded", 400, SETUP_ENDED_MESSAGE);
    }
    throw error;
  }
  // The set-up is spent here, once: the same first code sent twice at once turns the app on and makes codes once.
  if (!(await deleteSetup(sessionId))) throw new CognitoFailure("SetupEnded", 400, SETUP_ENDED_MESSAGE);
  await calls.setTotpPreference(setup.accessToken, true);
  const codes = await newRecoveryCodes();
  await turnTwoStepOn(userId, codes);
  const ended = await endOtherSessions(userId, sessionId);
  log("info", "two-step sign-in turned on", { userId, sessionsEnded: ended });
  return codes.codes;
}

/** Forgets this session's set-up ("Cancel"). */
export async function cancelSetup(sessionId: string): Promise<void> {
  await deleteSetup(sessionId);
}

/** Turns the app off with the password and a current code; the recovery codes go and every other session ends. */
export async function turnOff({ userId, sessionId, password, code }: { userId: string; sessionId: string; password: string; code: string }): Promise<number> {
  const { session } = await signInAgain(userId, password, code);
  await authenticatorCalls().setTotpPreference(session.accessToken, false);
  await turnTwoStepOff(userId);
  const ended = await endOtherSessions(userId, sessionId);
  log("info", "two-step sign-in turned off", { userId, sessionsEnded: ended });
  return ended;
}

/** A new set of recovery codes with the password and a current code: returned to be shown once; the old ones stop working. */
export async function renewRecoveryCodes({ userId, password, code }: { userId: string; password: string; code: string }): Promise<string[]> {
  const { twoStep } = await signInAgain(userId, password, code);
  if (!twoStep) throw new CognitoFailure("AlreadyOff", 409, ALREADY_OFF_MESSAGE);
  const codes = await newRecoveryCodes();
  await replaceRecoveryCodes(userId, codes);
  log("info", "recovery codes renewed", { userId });
  return codes.codes;
}
