// All Cognito calls, on the server only (docs/product.md §4), through amazon-cognito-identity-js.
import {
  AuthenticationDetails,
  CognitoUser,
  CognitoUserAttribute,
  CognitoUserPool,
  type CognitoUserSession,
  type ICognitoStorage,
} from "amazon-cognito-identity-js";
import { cognitoEnv } from "~/env.server";

/**
 * The library's default storage is one process-wide object: every user's tokens would land in it
 * and `getCurrentUser()` would return whoever signed in last. Each call gets its own, thrown away.
 */
export class RequestStorage implements ICognitoStorage {
  private items = new Map<string, string>();
  setItem(key: string, value: string) {
    this.items.set(key, value);
  }
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
  clear() {
    this.items.clear();
  }
}

/**
 * Gives every HTTP call of this pool its own deadline. The library's `fetchOptions` would be the
 * place, but its Client keeps only `credentials` from them (lib/Client.js), so the signal goes on
 * the options object its client spreads into each fetch. A hung Cognito then costs one deadline
 * and its socket is closed, instead of undici's 5-minute header timeout.
 */
export function applyDeadline(pool: CognitoUserPool, ms: number): void {
  const client = (pool as unknown as { client?: { fetchOptions?: unknown } }).client;
  if (!client || typeof client.fetchOptions !== "object") {
    throw new Error("amazon-cognito-identity-js changed: CognitoUserPool.client.fetchOptions is gone, Cognito calls would have no deadline");
  }
  // A getter: read once per request (Object.assign), so each call starts its own clock.
  Object.defineProperty(client, "fetchOptions", { get: () => ({ signal: AbortSignal.timeout(ms) }) });
}

function userFor(email: string) {
  const { COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, COGNITO_ENDPOINT, COGNITO_TIMEOUT_MS } = cognitoEnv();
  const Storage = new RequestStorage();
  const Pool = new CognitoUserPool({
    UserPoolId: COGNITO_USER_POOL_ID,
    ClientId: COGNITO_CLIENT_ID,
    endpoint: COGNITO_ENDPOINT,
    Storage,
  });
  applyDeadline(Pool, COGNITO_TIMEOUT_MS);
  const user = new CognitoUser({ Username: email, Pool, Storage });
  // SRP is unsupported by cognito-local; the pool's client allows USER_PASSWORD_AUTH in AWS too.
  user.setAuthenticationFlowType("USER_PASSWORD_AUTH");
  return { Pool, user };
}

/** The form field a failure belongs next to; "form" is the message above the form. */
export type CognitoField = "form" | "email" | "password" | "code";

/**
 * A Cognito failure with what a visitor should read, the field it is shown next to and the HTTP
 * status of the page: decided here once, so the auth routes only show it.
 */
export class CognitoFailure extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly field: CognitoField = "form",
  ) {
    super(message);
    this.name = "CognitoFailure";
  }
}

const TRY_LATER = "We cannot reach the sign-in service right now. Please try again in a minute.";
const WRONG_CODE = "That code is not right. Check the email we sent and try again.";

/**
 * Maps the library's errors (`code`/`name` as Cognito sends them) to messages fit for a page.
 * `flow: "code"` is for the calls that check an emailed code (confirm sign-up, reset password):
 * there an unknown email gets the wrong-code answer (the page must not reveal who has an account),
 * and a refusal is a 400 (the input was wrong), not a 401.
 */
export function toCognitoFailure(error: unknown, flow: "code" | "account" = "account"): CognitoFailure {
  const err = (error ?? {}) as { code?: unknown; name?: unknown; message?: unknown };
  // A deadline's abort is a DOMException, whose `code` is a legacy number: names are strings.
  const code = typeof err.code === "string" ? err.code : typeof err.name === "string" ? err.name : "Unknown";
  const detail = typeof err.message === "string" ? err.message : "";
  const failure = cognitoFailure(code, detail);
  if (flow !== "code") return failure;
  if (code === "UserNotFoundException") return new CognitoFailure(code, 400, WRONG_CODE, "code");
  return failure.status === 401 ? new CognitoFailure(code, 400, failure.message, failure.field) : failure;
}

function cognitoFailure(code: string, detail: string): CognitoFailure {
  switch (code) {
    case "UsernameExistsException":
      return new CognitoFailure(code, 400, "An account with this email already exists. Sign in instead.", "email");
    case "InvalidPasswordException":
      return new CognitoFailure(code, 400, `That password is too weak. ${detail.replace(/^Password did not conform with policy: /, "")}`.trim(), "password");
    case "CodeMismatchException":
      return new CognitoFailure(code, 400, WRONG_CODE, "code");
    case "ExpiredCodeException":
      return new CognitoFailure(code, 400, "That code has expired. Ask for a new one.", "code");
    case "NotAuthorizedException":
    case "UserNotFoundException":
      return new CognitoFailure(code, 401, "Incorrect email or password.");
    case "UserNotConfirmedException":
      return new CognitoFailure(code, 403, "Your account is not confirmed yet. Enter the code we emailed you.");
    case "InvalidParameterException":
      return new CognitoFailure(code, 400, "Please check the details you entered and try again.");
    case "LimitExceededException":
    case "TooManyRequestsException":
    case "TooManyFailedAttemptsException":
    case "CodeDeliveryFailureException":
      return new CognitoFailure(code, 429, "Too many attempts. Please wait a few minutes and try again.");
    default:
      // Network failures (fetch failed, ECONNREFUSED), a missed deadline (TimeoutError), Cognito's
      // internal errors and anything unknown.
      return new CognitoFailure(code, 503, TRY_LATER);
  }
}

/** Whether the failure is a wrong code for the account (which counts towards voiding the code). */
export const isWrongCode = (failure: CognitoFailure) => failure.code === "CodeMismatchException" || failure.code === "UserNotFoundException";

function settle<T>(run: (resolve: (value: T) => void, reject: (error: unknown) => void) => void, flow: "code" | "account" = "account"): Promise<T> {
  return new Promise<T>(run).catch((error: unknown) => {
    throw toCognitoFailure(error, flow);
  });
}

export function signUp({ email, password, name, handle }: { email: string; password: string; name: string; handle: string }) {
  const { Pool } = userFor(email);
  const attributes = [
    new CognitoUserAttribute({ Name: "email", Value: email }),
    new CognitoUserAttribute({ Name: "name", Value: name }),
    new CognitoUserAttribute({ Name: "preferred_username", Value: handle }),
  ];
  return settle<{ userSub: string }>((resolve, reject) =>
    Pool.signUp(email, password, attributes, [], (error, result) => (error || !result ? reject(error) : resolve({ userSub: result.userSub }))),
  );
}

export function confirmSignUp(email: string, code: string) {
  const { user } = userFor(email);
  return settle<void>((resolve, reject) => user.confirmRegistration(code, false, (error) => (error ? reject(error) : resolve())), "code");
}

export function resendConfirmationCode(email: string) {
  const { user } = userFor(email);
  return settle<void>((resolve, reject) => user.resendConfirmationCode((error) => (error ? reject(error) : resolve())));
}

/**
 * A signed-in Cognito user for the rest of one request: the ID token to verify, and the calls made
 * with this sign-in's own access token (the user acting on themselves: the app needs no admin rights).
 */
export type SignInResult = {
  idToken: string;
  /** The user's own access token: the authenticator-app calls take it (app/auth/mfa-admin.server.ts). */
  accessToken: string;
  attributes: () => Promise<Record<string, string>>;
  /** ChangePassword (the previous password again, as Cognito asks). */
  changePassword: (previous: string, proposed: string) => Promise<void>;
  /** DeleteUser: the Cognito user is gone, and with it every way to sign in as them. */
  deleteUser: () => Promise<void>;
};

/** The password was right and Cognito asks for an authenticator code (SOFTWARE_TOKEN_MFA): what answering it needs. */
export type TotpChallenge = { totp: true; cognitoUsername: string; session: string };

/** A signed-in user's result, for the rest of this request (its tokens live in this request's storage only). */
function signedIn(user: CognitoUser, session: CognitoUserSession): SignInResult {
  return {
    idToken: session.getIdToken().getJwtToken(),
    accessToken: session.getAccessToken().getJwtToken(),
    attributes: () =>
      settle((done, fail) =>
        user.getUserAttributes((error, list) => (error || !list ? fail(error) : done(Object.fromEntries(list.map((a) => [a.getName(), a.getValue()]))))),
      ),
    changePassword: (previous, proposed) => settle<void>((done, fail) => user.changePassword(previous, proposed, (error) => (error ? fail(error) : done()))),
    deleteUser: () => settle<void>((done, fail) => user.deleteUser((error) => (error ? fail(error) : done()))),
  };
}

/**
 * USER_PASSWORD_AUTH: the signed-in result, or, for an account with an authenticator app, the challenge
 * (ADR 039) whose `session` the caller keeps server-side for `answerTotpChallenge`.
 */
export function startSignIn(email: string, password: string): Promise<SignInResult | TotpChallenge> {
  const { user } = userFor(email);
  return settle<SignInResult | TotpChallenge>((resolve, reject) =>
    user.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
      onSuccess: (session: CognitoUserSession) => resolve(signedIn(user, session)),
      onFailure: reject,
      newPasswordRequired: () => reject({ code: "NotAuthorizedException" }),
      // The library has stored the challenge's Session on the user and its USER_ID_FOR_SRP as the username.
      totpRequired: () => {
        const session = (user as unknown as { Session?: unknown }).Session;
        if (typeof session !== "string" || !session) return reject({ code: "InvalidSession" });
        resolve({ totp: true, cognitoUsername: user.getUsername(), session });
      },
      // SMS is not offered (the pool is TOTP only): an SMS or a choice of factors is a sign-in the app cannot finish.
      mfaRequired: () => reject({ code: "UnsupportedChallenge" }),
      selectMFAType: () => reject({ code: "UnsupportedChallenge" }),
      mfaSetup: () => reject({ code: "UnsupportedChallenge" }),
    }),
  );
}

/** Whether a sign-in stopped at the authenticator-code step. */
export const isTotpChallenge = (result: SignInResult | TotpChallenge): result is TotpChallenge => "totp" in result;

/** RespondToAuthChallenge (SOFTWARE_TOKEN_MFA) with the session kept from `startSignIn`. */
export function answerTotpChallenge(challenge: { cognitoUsername: string; session: string }, code: string): Promise<SignInResult> {
  const { user } = userFor(challenge.cognitoUsername);
  (user as unknown as { Session: string }).Session = challenge.session;
  return settle<SignInResult>((resolve, reject) =>
    user.sendMFACode(code, { onSuccess: (session) => resolve(signedIn(user, session)), onFailure: reject }, "SOFTWARE_TOKEN_MFA"),
  );
}

export function forgotPassword(email: string) {
  const { user } = userFor(email);
  return settle<void>((resolve, reject) => user.forgotPassword({ onSuccess: () => resolve(), onFailure: reject, inputVerificationCode: () => resolve() }));
}

export function confirmForgotPassword(email: string, code: string, newPassword: string) {
  const { user } = userFor(email);
  return settle<void>((resolve, reject) => user.confirmPassword(code, newPassword, { onSuccess: () => resolve(), onFailure: reject }), "code");
}
