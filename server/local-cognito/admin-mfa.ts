// AdminSetUserMFAPreference, which cognito-local 5.3 lacks (it answers CognitoLocal#Unsupported), answered
// by the front on the emulator's data, as the API reference documents it:
//   request  { UserPoolId, Username, SoftwareTokenMfaSettings?: { Enabled?, PreferredMfa? },
//              SMSMfaSettings?: { Enabled?, PreferredMfa? }, EmailMfaSettings?: { Enabled?, PreferredMfa? } }
//   response {} (HTTP 200)
//   errors   InvalidParameterException, ResourceNotFoundException (the pool), UserNotFoundException,
//            and, before any of them, AWS's refusal of a request that is not SigV4-signed.
//
// cognito-local keeps a user's MFA in the user's record: `UserMFASettingList` (the methods on; InitiateAuth
// challenges when it is not empty), `PreferredMfaSetting`, `SoftwareTokenMfaConfiguration` (the secret and
// whether it was verified) and the legacy `MFAOptions`. It holds each pool's data in memory and rewrites the
// file from memory, so the front cannot edit the file: it has cognito-local change those fields itself,
// through its own SetUserMFAPreference, which finds the user by the `sub` and `client_id` of an access token
// it decodes without checking the signature. The front gives it such a token for the user the admin call
// names; nothing outside the front can reach cognito-local's port to do the same.
import http from "node:http";
import { HOST } from "./http";

export interface AdminMfaContext {
  upstreamPort: number;
  userPoolId: string;
  clientId: string;
}

export type CognitoAnswer = { ok: true; body: Record<string, unknown> } | { ok: false; status: number; type: string; message: string };

const refuse = (type: string, message: string, status = 400): CognitoAnswer => ({ ok: false, status, type, message });

/**
 * AWS refuses an admin call that is not signed (SigV4) before it looks at the call. The front cannot check
 * the signature (it knows no secret key), only that the request carries one, for this service.
 */
export function unsignedRefusal(headers: http.IncomingHttpHeaders): CognitoAnswer | undefined {
  const authorization = headers.authorization;
  const signed =
    typeof authorization === "string" &&
    /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[a-z0-9-]+\/cognito-idp\/aws4_request, ?SignedHeaders=[a-z0-9;-]+, ?Signature=[0-9a-f]{64}$/.test(
      authorization,
    ) &&
    typeof headers["x-amz-date"] === "string";
  return signed ? undefined : refuse("MissingAuthenticationTokenException", "Missing Authentication Token", 403);
}

/** One call to cognito-local itself (not through the front, which runs one call at a time and is in one now). */
function callUpstream(port: number, target: string, request: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = Buffer.from(JSON.stringify(request));
  return new Promise((resolve, reject) => {
    const upstream = http.request(
      {
        host: HOST,
        port,
        method: "POST",
        path: "/",
        headers: {
          "content-type": "application/x-amz-json-1.1",
          "content-length": String(body.length),
          "x-amz-target": `AWSCognitoIdentityProviderService.${target}`,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          try {
            resolve({ status: response.statusCode ?? 502, body: JSON.parse(text || "{}") as Record<string, unknown> });
          } catch {
            reject(new Error(`cognito-local answered ${target} with something other than JSON`));
          }
        });
        response.on("error", reject);
      },
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

const upstreamError = (answer: { status: number; body: Record<string, unknown> }): CognitoAnswer =>
  refuse(
    String(answer.body.__type ?? answer.body.code ?? "InternalErrorException").replace(/^.*#/, ""),
    String(answer.body.message ?? "cognito-local refused the call"),
    answer.status >= 400 ? answer.status : 500,
  );

type Settings = { Enabled?: boolean; PreferredMfa?: boolean };

/** A settings object as the API takes it, or a reason it is not one. */
function settings(value: unknown, name: string): Settings | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "object" || Array.isArray(value)) return `${name} must be an object`;
  const { Enabled, PreferredMfa, ...rest } = value as Record<string, unknown>;
  if (Object.keys(rest).length) return `${name} has unknown fields: ${Object.keys(rest).join(", ")}`;
  if (Enabled !== undefined && typeof Enabled !== "boolean") return `${name}.Enabled must be a boolean`;
  if (PreferredMfa !== undefined && typeof PreferredMfa !== "boolean") return `${name}.PreferredMfa must be a boolean`;
  return { Enabled, PreferredMfa };
}

/** The unsigned access token cognito-local's SetUserMFAPreference reads the user and app client from. */
function accessTokenFor(username: string, clientId: string): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const now = Math.floor(Date.now() / 1000);
  return `${part({ alg: "none", typ: "JWT" })}.${part({ sub: username, client_id: clientId, token_use: "access", iat: now, exp: now + 60 })}.`;
}

export async function adminSetUserMfaPreference(ctx: AdminMfaContext, request: Record<string, unknown>): Promise<CognitoAnswer> {
  const { UserPoolId, Username } = request;
  if (typeof UserPoolId !== "string" || !/^[\w-]+_[0-9a-zA-Z]+$/.test(UserPoolId)) {
    return refuse("InvalidParameterException", "1 validation error detected: Value at 'userPoolId' failed to satisfy constraint");
  }
  if (typeof Username !== "string" || Username.length < 1 || Username.length > 128) {
    return refuse("InvalidParameterException", "1 validation error detected: Value at 'username' failed to satisfy constraint");
  }
  const software = settings(request.SoftwareTokenMfaSettings, "SoftwareTokenMfaSettings");
  const sms = settings(request.SMSMfaSettings, "SMSMfaSettings");
  const email = settings(request.EmailMfaSettings, "EmailMfaSettings");
  for (const problem of [software, sms, email]) if (typeof problem === "string") return refuse("InvalidParameterException", problem);
  if (UserPoolId !== ctx.userPoolId) return refuse("ResourceNotFoundException", `User pool ${UserPoolId} does not exist.`);

  const found = await callUpstream(ctx.upstreamPort, "AdminGetUser", { UserPoolId, Username });
  if (found.status !== 200) {
    const error = upstreamError(found);
    return !error.ok && error.type === "UserNotFoundException" ? refuse("UserNotFoundException", "User does not exist.") : error;
  }
  // The pool offers the authenticator app only (cdk/lib/auth.ts): turning SMS or email codes on is refused
  // as Cognito refuses a factor the pool does not offer; turning them off changes nothing.
  if ((sms as Settings | undefined)?.Enabled || (sms as Settings | undefined)?.PreferredMfa) {
    return refuse("InvalidParameterException", "SMS multi-factor authentication is not enabled for this user pool.");
  }
  if ((email as Settings | undefined)?.Enabled || (email as Settings | undefined)?.PreferredMfa) {
    return refuse("InvalidParameterException", "Email multi-factor authentication is not enabled for this user pool.");
  }
  const totp = software as Settings | undefined;
  if (!totp) return { ok: true, body: {} };
  if (totp.PreferredMfa && totp.Enabled === false) {
    return refuse("InvalidParameterException", "A multi-factor authentication method that is turned off cannot be the preferred one.");
  }
  // A setting left out keeps what the user has, as in Cognito; a method turned off is no longer preferred.
  const enabled = totp.Enabled ?? (found.body.UserMFASettingList as string[] | undefined)?.includes("SOFTWARE_TOKEN_MFA") ?? false;
  const preferred = enabled && (totp.PreferredMfa ?? found.body.PreferredMfaSetting === "SOFTWARE_TOKEN_MFA");
  const changed = await callUpstream(ctx.upstreamPort, "SetUserMFAPreference", {
    AccessToken: accessTokenFor(String(found.body.Username), ctx.clientId),
    SoftwareTokenMfaSettings: { Enabled: enabled, PreferredMfa: preferred },
  });
  if (changed.status !== 200) return upstreamError(changed);
  return { ok: true, body: {} };
}
