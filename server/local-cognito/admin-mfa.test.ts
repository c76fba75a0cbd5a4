// AdminSetUserMFAPreference on the local Cognito (admin-mfa.ts), pinned with the real AWS SDK client: the
// request and response shapes of the API reference, and its effect on sign-in (the SOFTWARE_TOKEN_MFA challenge).
import { AdminGetUserCommand, AdminSetUserMFAPreferenceCommand, RespondToAuthChallengeCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { withLocalCognito } from "../../tests/support/local-cognito-suite";

const local = withLocalCognito("cognito-mfa");
const { createUser, signIn, withAuthenticatorApp } = local;

async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error("expected the call to fail");
}

describe("AdminSetUserMFAPreference on the local Cognito", () => {
  it("turns a person's authenticator app off: sign-in then goes straight through, and the response is the documented empty object", async () => {
    const email = "totp-off@example.com";
    await createUser(email);
    const app = await withAuthenticatorApp(email);

    const challenged = await signIn(email);
    expect(challenged.ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
    expect(challenged.AuthenticationResult).toBeUndefined();
    const answered = await local.client.send(
      new RespondToAuthChallengeCommand({
        ClientId: local.cognito.clientId,
        ChallengeName: "SOFTWARE_TOKEN_MFA",
        Session: challenged.Session,
        ChallengeResponses: { USERNAME: email, SOFTWARE_TOKEN_MFA_CODE: app.code() },
      }),
    );
    expect(answered.AuthenticationResult?.AccessToken).toBeTruthy();
    const before = await local.client.send(new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));
    expect(before.UserMFASettingList).toEqual(["SOFTWARE_TOKEN_MFA"]);
    expect(before.PreferredMfaSetting).toBe("SOFTWARE_TOKEN_MFA");

    const result = await local.client.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: local.cognito.userPoolId,
        Username: email,
        SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false },
      }),
    );
    expect(result.$metadata.httpStatusCode).toBe(200);
    expect(Object.keys(result)).toEqual(["$metadata"]);

    // The same fields cognito-local's SetUserMFAPreference changes.
    const after = await local.client.send(new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));
    expect(after.UserMFASettingList ?? []).toEqual([]);
    expect(after.PreferredMfaSetting).toBeUndefined();
    const straight = await signIn(email);
    expect(straight.ChallengeName).toBeUndefined();
    expect(straight.AuthenticationResult?.AccessToken).toBeTruthy();

    // The app is still associated and verified: turning it on again needs no new setup, as in Cognito.
    await local.client.send(
      new AdminSetUserMFAPreferenceCommand({ UserPoolId: local.cognito.userPoolId, Username: email, SoftwareTokenMfaSettings: { Enabled: true } }),
    );
    expect((await signIn(email)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  });

  it("answers on the wire with HTTP 200 and the body {}; a settings object left out changes nothing", async () => {
    const email = "totp-wire@example.com";
    await createUser(email);
    await withAuthenticatorApp(email);
    const response = await fetch(local.cognito.endpoint, {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        "x-amz-target": "AWSCognitoIdentityProviderService.AdminSetUserMFAPreference",
        "x-amz-date": "20260101T000000Z",
        authorization: `AWS4-HMAC-SHA256 Credential=local/20260101/local/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=${"0".repeat(64)}`,
      },
      body: JSON.stringify({ UserPoolId: local.cognito.userPoolId, Username: email }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/x-amz-json-1.1");
    expect(await response.text()).toBe("{}");
    expect((await signIn(email)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  });

  it("refuses a call that is not signed, as AWS does, and changes nothing", async () => {
    const email = "totp-unsigned@example.com";
    await createUser(email);
    await withAuthenticatorApp(email);
    const response = await fetch(local.cognito.endpoint, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "AWSCognitoIdentityProviderService.AdminSetUserMFAPreference" },
      body: JSON.stringify({ UserPoolId: local.cognito.userPoolId, Username: email, SoftwareTokenMfaSettings: { Enabled: false } }),
    });
    expect(response.status).toBe(403);
    expect(await response.json()).toEqual({ __type: "MissingAuthenticationTokenException", message: "Missing Authentication Token" });
    expect((await signIn(email)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  });

  it("answers the documented errors: an unknown user, an unknown pool, a missing or malformed parameter, a factor the pool does not offer", async () => {
    const email = "totp-errors@example.com";
    await createUser(email);
    await withAuthenticatorApp(email);
    const off = { SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: false } };

    expect(
      await failure(local.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: local.cognito.userPoolId, Username: "nobody@example.com", ...off }))),
    ).toEqual({
      name: "UserNotFoundException",
      message: "User does not exist.",
      status: 400,
    });
    const unknownPool = await failure(local.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: "local_unknown1", Username: email, ...off })));
    expect(unknownPool.name).toBe("ResourceNotFoundException");
    expect((await failure(local.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: local.cognito.userPoolId, Username: "", ...off })))).name).toBe(
      "InvalidParameterException",
    );
    expect((await failure(local.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: "not a pool id", Username: email, ...off })))).name).toBe(
      "InvalidParameterException",
    );
    const preferredButOff = { SoftwareTokenMfaSettings: { Enabled: false, PreferredMfa: true } };
    expect(
      (await failure(local.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: local.cognito.userPoolId, Username: email, ...preferredButOff }))))
        .name,
    ).toBe("InvalidParameterException");
    for (const factor of [{ SMSMfaSettings: { Enabled: true } }, { EmailMfaSettings: { Enabled: true } }]) {
      expect(
        (await failure(local.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: local.cognito.userPoolId, Username: email, ...factor })))).name,
      ).toBe("InvalidParameterException");
    }
    // None of the refused calls changed the user.
    expect((await signIn(email)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  });

  it("refuses to turn on an authenticator app that was never verified", async () => {
    const email = "totp-unverified@example.com";
    await createUser(email);
    const error = await failure(
      local.client.send(
        new AdminSetUserMFAPreferenceCommand({ UserPoolId: local.cognito.userPoolId, Username: email, SoftwareTokenMfaSettings: { Enabled: true } }),
      ),
    );
    expect(error.name).toBe("InvalidParameterException");
    expect((await signIn(email)).ChallengeName).toBeUndefined();
  });
});
