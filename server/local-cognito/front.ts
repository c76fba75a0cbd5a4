import http from "node:http";
import type { PasswordPolicyType } from "@aws-sdk/client-cognito-identity-provider";
import { adminSetUserMfaPreference, unsignedRefusal } from "./admin-mfa";
import { findUser } from "./data";
import { HOST, readBody, sendCognitoError, sendJson } from "./http";

// The front: what the app talks to. Everything is forwarded to cognito-local unchanged, except where
// cognito-local 5.3 differs from Cognito in a way the app can see:
//  - ResendConfirmationCode does not exist in cognito-local (it answers CognitoLocal#Unsupported):
//    answered here by delivering the user's outstanding code again (same code, new log line).
//  - InitiateAuth (USER_PASSWORD_AUTH) with a wrong password answers InvalidPasswordException and, for
//    an unknown user, NotAuthorizedException "User not authorized"; Cognito (with user-existence errors
//    prevented, as cdk/lib/auth.ts sets) answers NotAuthorizedException "Incorrect username or password." to both.
//  - SignUp and ConfirmForgotPassword accept any password; Cognito enforces the pool's policy
//    (InvalidPasswordException "Password did not conform with policy: …").
//  - ConfirmSignUp for a confirmed user answers ExpiredCodeException; Cognito answers
//    NotAuthorizedException "User cannot be confirmed. Current status is CONFIRMED".
//  - ChangePassword accepts any new password, and answers a wrong previous one with
//    InvalidPasswordException; Cognito enforces the policy and answers NotAuthorizedException
//    "Incorrect username or password.".
//  - AdminSetUserMFAPreference does not exist in cognito-local: answered here on the emulator's data
//    (admin-mfa.ts), refused without a SigV4 signature as AWS refuses it.

/** The calls after which cognito-local holds a code it would have emailed, and what the code is for. */
const CODE_DELIVERIES: Record<string, string> = { SignUp: "confirmation", ForgotPassword: "password-reset" };

function maskEmail(email: string) {
  const [local = "", domain = ""] = email.split("@");
  return `${local.slice(0, 1)}***@${domain.slice(0, 1)}***`;
}

/** Cognito's checks, in Cognito's order and words; undefined when the password is acceptable. */
export function passwordPolicyViolation(password: string, policy: PasswordPolicyType | undefined): string | undefined {
  if (!policy) return undefined;
  if (password.length < (policy.MinimumLength ?? 8)) return "Password not long enough";
  if (policy.RequireLowercase && !/[a-z]/.test(password)) return "Password must have lowercase characters";
  if (policy.RequireUppercase && !/[A-Z]/.test(password)) return "Password must have uppercase characters";
  if (policy.RequireNumbers && !/[0-9]/.test(password)) return "Password must have numeric characters";
  if (policy.RequireSymbols && !/[\^$*.[\]{}()?"!@#%&/\\,><':;|_~`=+\- ]/.test(password)) return "Password must have symbol characters";
  return undefined;
}

export interface FrontContext {
  dataDir: string;
  upstreamPort: number;
  userPoolId: () => string | undefined;
  clientId: () => string | undefined;
  passwordPolicy: () => PasswordPolicyType | undefined;
  log: (line: string) => void;
}

function forward(req: http.IncomingMessage, body: Buffer, upstreamPort: number): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, host: `${HOST}:${upstreamPort}`, "content-length": String(body.length) };
    const upstream = http.request({ host: HOST, port: upstreamPort, method: req.method, path: req.url, headers }, (response) => {
      readBody(response).then((data) => resolve({ status: response.statusCode ?? 502, headers: response.headers, body: data }), reject);
    });
    upstream.on("error", reject);
    upstream.end(body);
  });
}

export function createFrontServer(ctx: FrontContext): http.Server {
  // cognito-local reads and rewrites a whole JSON file per call: calls that overlap lose each other's
  // writes (a code, a user) or leave a torn file. The front lets one call through at a time.
  let previous: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(work: () => Promise<T>): Promise<T> => {
    const run = previous.then(work, work);
    previous = run.catch(() => undefined);
    return run;
  };
  return http.createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      await oneAtATime(() => answer(req, res, body));
    })().catch((error: unknown) => {
      ctx.log(`[cognito] front error: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) sendJson(res, 502, { __type: "InternalErrorException", message: "cognito-local is not answering" });
      else res.destroy();
    });
  });

  async function answer(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): Promise<void> {
    const target =
      String(req.headers["x-amz-target"] ?? "")
        .split(".")
        .pop() ?? "";
    const request = (() => {
      try {
        return JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
      } catch {
        return {};
      }
    })();
    const poolId = ctx.userPoolId();
    const username = typeof request.Username === "string" ? request.Username : undefined;

    if (target === "AdminSetUserMFAPreference") {
      const refusal = unsignedRefusal(req.headers);
      const clientId = ctx.clientId();
      const result =
        refusal ??
        (poolId && clientId
          ? await adminSetUserMfaPreference({ upstreamPort: ctx.upstreamPort, userPoolId: poolId, clientId }, request)
          : ({ ok: false, status: 500, type: "InternalErrorException", message: "The local user pool is not set up yet." } as const));
      return result.ok ? sendJson(res, 200, result.body) : sendCognitoError(res, result.type, result.message, result.status);
    }

    if (target === "ResendConfirmationCode" && poolId) {
      const user = username ? await findUser(ctx.dataDir, poolId, username) : undefined;
      if (!user) return sendCognitoError(res, "UserNotFoundException", "Username/client id combination not found.");
      if (user.UserStatus === "CONFIRMED") return sendCognitoError(res, "InvalidParameterException", "User is already confirmed.");
      const email = user.Attributes?.find((a) => a.Name === "email")?.Value ?? username ?? "";
      if (!user.ConfirmationCode) return sendCognitoError(res, "InvalidParameterException", "No confirmation code is outstanding for this user.");
      ctx.log(`[cognito] confirmation code for ${email}: ${user.ConfirmationCode} (resent)`);
      return sendJson(res, 200, { CodeDeliveryDetails: { AttributeName: "email", DeliveryMedium: "EMAIL", Destination: maskEmail(email) } });
    }

    const proposed =
      target === "ChangePassword" ? request.ProposedPassword : target === "SignUp" || target === "ConfirmForgotPassword" ? request.Password : undefined;
    if (typeof proposed === "string") {
      const violation = passwordPolicyViolation(proposed, ctx.passwordPolicy());
      if (violation) return sendCognitoError(res, "InvalidPasswordException", `Password did not conform with policy: ${violation}`);
    }

    if (target === "ConfirmSignUp" && poolId && username) {
      const user = await findUser(ctx.dataDir, poolId, username);
      if (user?.UserStatus === "CONFIRMED") {
        return sendCognitoError(res, "NotAuthorizedException", "User cannot be confirmed. Current status is CONFIRMED");
      }
    }

    const upstream = await forward(req, body, ctx.upstreamPort);
    // The code cognito-local "emailed", printed from its data (complete: calls run one at a time) before
    // the caller hears back: one line per sign-up and reset, whatever cognito-local itself prints.
    const delivered = CODE_DELIVERIES[target];
    if (delivered && upstream.status === 200 && poolId && username) {
      const user = await findUser(ctx.dataDir, poolId, username);
      const email = user?.Attributes?.find((a) => a.Name === "email")?.Value ?? username;
      if (user?.ConfirmationCode) ctx.log(`[cognito] ${delivered} code for ${email}: ${user.ConfirmationCode}`);
      else ctx.log(`[cognito] no ${delivered} code stored for ${email}`);
    }
    if (target === "ChangePassword" && upstream.status === 400) {
      const error = JSON.parse(upstream.body.toString("utf8") || "{}") as { __type?: string };
      if (error.__type === "InvalidPasswordException") return sendCognitoError(res, "NotAuthorizedException", "Incorrect username or password.");
    }
    if (target === "InitiateAuth" && request.AuthFlow === "USER_PASSWORD_AUTH" && upstream.status === 400) {
      const error = JSON.parse(upstream.body.toString("utf8") || "{}") as { __type?: string };
      if (error.__type === "InvalidPasswordException" || error.__type === "NotAuthorizedException") {
        return sendCognitoError(res, "NotAuthorizedException", "Incorrect username or password.");
      }
    }
    const headers = { ...upstream.headers };
    delete headers["transfer-encoding"];
    headers["content-length"] = String(upstream.body.length);
    res.writeHead(upstream.status, headers);
    res.end(upstream.body);
  }
}
