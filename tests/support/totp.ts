// Authenticator-app (TOTP) MFA for a test user, straight through Cognito's API (cognito-local's), as a
// person with an authenticator app would set it up: AssociateSoftwareToken, VerifySoftwareToken and
// SetUserMFAPreference with the user's own access token. Codes are computed with otpauth.
import * as OTPAuth from "otpauth";

export type CognitoApi = { endpoint: string; clientId: string };

async function call<T>(api: CognitoApi, target: string, body: unknown): Promise<T> {
  const response = await fetch(api.endpoint, {
    method: "POST",
    headers: { "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": `AWSCognitoIdentityProviderService.${target}` },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as T & { __type?: string; message?: string };
  if (!response.ok) throw new Error(`${target}: ${json.__type ?? response.status} ${json.message ?? ""}`);
  return json;
}

/** The authenticator "app" of a secret: the code of now, or of a given time. */
export function authenticator(secret: string) {
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: "SHA1" });
  return { code: (at = Date.now()) => totp.generate({ timestamp: at }), secret };
}

/** A code that is not the current one (nor the one before or after). */
export function wrongCode(app: ReturnType<typeof authenticator>): string {
  const valid = new Set([-30_000, 0, 30_000].map((offset) => app.code(Date.now() + offset)));
  for (let n = 123456; ; n = (n + 111_111) % 1_000_000) {
    const candidate = String(n).padStart(6, "0");
    if (!valid.has(candidate)) return candidate;
  }
}

/** Turns TOTP on for the user (email + password): returns its authenticator. */
export async function enableTotp(api: CognitoApi, email: string, password: string) {
  const auth = await call<{ AuthenticationResult: { AccessToken: string } }>(api, "InitiateAuth", {
    AuthFlow: "USER_PASSWORD_AUTH",
    ClientId: api.clientId,
    AuthParameters: { USERNAME: email, PASSWORD: password },
  });
  const AccessToken = auth.AuthenticationResult.AccessToken;
  const { SecretCode } = await call<{ SecretCode: string }>(api, "AssociateSoftwareToken", { AccessToken });
  const app = authenticator(SecretCode);
  await call(api, "VerifySoftwareToken", { AccessToken, UserCode: app.code(), FriendlyDeviceName: "test phone" });
  await call(api, "SetUserMFAPreference", { AccessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
  return app;
}

/**
 * The codes a person enters, never the same one twice (a replay is refused): the current step's, else the
 * next one's. Cognito accepts a code one step either side, so either is still good when it arrives, however
 * slow the machine; only a third code within one step has to wait for the next step to bring a new one.
 */
export function codesOnce(app: ReturnType<typeof authenticator>) {
  const used = new Set<string>();
  return async (): Promise<string> => {
    for (;;) {
      const now = Date.now();
      const code = [app.code(now), app.code(now + 30_000)].find((candidate) => !used.has(candidate));
      if (code) {
        used.add(code);
        return code;
      }
      await new Promise((resolve) => setTimeout(resolve, 30_000 - (now % 30_000) + 50));
    }
  };
}
