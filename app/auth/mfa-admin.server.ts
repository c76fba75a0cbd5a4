// The authenticator-app calls to Cognito, through the AWS SDK (one client, one deadline per call):
// - the app's one admin call (docs/decisions/040-mfa-admin-and-local-cognito.md): turning a person's
//   authenticator app off for them, after they signed in with a recovery code. Admin calls are signed with
//   AWS credentials (the ECS task role, which may call exactly this action on exactly this pool:
//   cdk/lib/auth.ts);
// - the set-up and turning off in Settings → Security (ADR 041), which the person makes with their own
//   access token (amazon-cognito-identity-js keeps that token only in the request that signed in).
import {
  AdminSetUserMFAPreferenceCommand,
  AssociateSoftwareTokenCommand,
  CognitoIdentityProviderClient,
  SetUserMFAPreferenceCommand,
  VerifySoftwareTokenCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { singleton } from "~/db/singleton.server";
import { cognitoEnv } from "~/env.server";
import { CognitoFailure, toCognitoFailure } from "./cognito.server";

export interface MfaAdminConfig {
  userPoolId: string;
  /** An emulator (COGNITO_ENDPOINT); AWS's regional endpoint when undefined. */
  endpoint?: string;
  /** Each call's deadline, as for the other Cognito calls (COGNITO_TIMEOUT_MS). */
  timeoutMs: number;
}

/** A user pool's region is its id's prefix: eu-west-1_AbC123 → eu-west-1 (cognito-local's ids: local_…). */
export function regionOfUserPool(userPoolId: string): string {
  const region = /^([a-z0-9-]+)_[0-9a-zA-Z]+$/.exec(userPoolId)?.[1];
  if (!region) throw new Error(`COGNITO_USER_POOL_ID "${userPoolId}" is not a user pool id (<region>_<id>)`);
  return region;
}

export function createMfaAdmin(config: MfaAdminConfig) {
  const client = new CognitoIdentityProviderClient({
    region: regionOfUserPool(config.userPoolId),
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    // In AWS the default provider chain (the task role). An emulator checks that a call is signed, not
    // by whom: without credentials in the environment (npm run dev, e2e), any key signs it.
    ...(config.endpoint && !process.env.AWS_ACCESS_KEY_ID ? { credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {}),
    // One attempt: the caller is a person waiting on a page, and the deadline covers the whole call.
    maxAttempts: 1,
  });
  const send = async <T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
    try {
      return await run(AbortSignal.timeout(config.timeoutMs));
    } catch (error) {
      throw toCognitoFailure(error);
    }
  };
  return {
    /** AssociateSoftwareToken: a new TOTP secret for the user (base32), not in use until verified. */
    async associateSoftwareToken(accessToken: string): Promise<string> {
      const { SecretCode } = await send((abortSignal) => client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }), { abortSignal }));
      if (!SecretCode) throw toCognitoFailure({ code: "InvalidResponse" });
      return SecretCode;
    },
    /**
     * VerifySoftwareToken: the first code from the person's app proves they hold the secret. A wrong code is a
     * CognitoFailure "CodeMismatchException" (AWS answers EnableSoftwareTokenMFAException; cognito-local, CodeMismatch).
     */
    async verifySoftwareToken(accessToken: string, code: string): Promise<void> {
      try {
        await send((abortSignal) =>
          client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: code, FriendlyDeviceName: "Cruddur" }), { abortSignal }),
        );
      } catch (error) {
        if (error instanceof CognitoFailure && error.code === "EnableSoftwareTokenMFAException") throw toCognitoFailure({ code: "CodeMismatchException" });
        throw error;
      }
    },
    /** SetUserMFAPreference: sign-in asks for the app's code from now on (`enabled`), or no longer. */
    async setTotpPreference(accessToken: string, enabled: boolean): Promise<void> {
      await send((abortSignal) =>
        client.send(new SetUserMFAPreferenceCommand({ AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: enabled, PreferredMfa: enabled } }), {
          abortSignal,
        }),
      );
    },
    /**
     * Turns the authenticator app (TOTP) off for `cognitoUsername` (the user's Cognito username or sub):
     * the next sign-in asks for the password only. Throws a CognitoFailure (a missed deadline: 503).
     */
    async disableTotp(cognitoUsername: string): Promise<void> {
      await send((abortSignal) =>
        client.send(
          new AdminSetUserMFAPreferenceCommand({
            UserPoolId: config.userPoolId,
            Username: cognitoUsername,
            SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
          }),
          { abortSignal },
        ),
      );
    },
    destroy: () => client.destroy(),
  };
}

function mfaAdmin() {
  return singleton("cognito.mfa-admin", () => {
    const { COGNITO_USER_POOL_ID, COGNITO_ENDPOINT, COGNITO_TIMEOUT_MS } = cognitoEnv();
    return createMfaAdmin({ userPoolId: COGNITO_USER_POOL_ID, endpoint: COGNITO_ENDPOINT, timeoutMs: COGNITO_TIMEOUT_MS });
  });
}

/** Turns the person's authenticator app off (the process's client, from the environment). */
export function disableTotp(cognitoUsername: string): Promise<void> {
  return mfaAdmin().disableTotp(cognitoUsername);
}

/** The process's client for the person's own authenticator calls (Settings → Security). */
export const authenticatorCalls = () => mfaAdmin();
