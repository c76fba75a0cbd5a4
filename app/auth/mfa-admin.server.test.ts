// disableTotp against the local Cognito (server/local-cognito, which answers AdminSetUserMFAPreference as AWS
// documents it), and its deadline against a Cognito that never answers.
import { createServer, type Socket } from "node:net";
import { AdminGetUserCommand } from "@aws-sdk/client-cognito-identity-provider";
import { beforeAll, describe, expect, it } from "vitest";
import { CognitoFailure } from "~/auth/cognito.server";
import { createMfaAdmin, disableTotp, regionOfUserPool } from "~/auth/mfa-admin.server";
import { withLocalCognito } from "../../tests/support/local-cognito-suite";

const local = withLocalCognito("mfa-admin");

beforeAll(() => {
  // The app's environment, read on first use (app/env.server.ts); dummy credentials, as the emulator needs a signature only.
  process.env.COGNITO_USER_POOL_ID = local.cognito.userPoolId;
  process.env.COGNITO_CLIENT_ID = local.cognito.clientId;
  process.env.COGNITO_ENDPOINT = local.cognito.endpoint;
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
});

/** A confirmed user with a verified authenticator app as the preferred second step; returns the user's sub. */
async function userWithAuthenticatorApp(email: string): Promise<string> {
  await local.createUser(email);
  await local.withAuthenticatorApp(email);
  expect((await local.signIn(email)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  const user = await local.client.send(new AdminGetUserCommand({ UserPoolId: local.cognito.userPoolId, Username: email }));
  return user.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
}

describe("disableTotp", () => {
  it("turns the authenticator app off for the user named by their sub (users.cognito_user_id): the next sign-in asks for the password only", async () => {
    const email = "recovered@example.com";
    const sub = await userWithAuthenticatorApp(email);
    await disableTotp(sub);
    const signedIn = await local.signIn(email);
    expect(signedIn.ChallengeName).toBeUndefined();
    expect(signedIn.AuthenticationResult?.AccessToken).toBeTruthy();
    // Again: turning off what is off is not an error.
    await expect(disableTotp(sub)).resolves.toBeUndefined();
  });

  it("an unknown user is a CognitoFailure, not a success", async () => {
    const error = await disableTotp("00000000-0000-4000-8000-000000000000").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CognitoFailure);
    expect((error as CognitoFailure).code).toBe("UserNotFoundException");
  });

  it("gives up at its deadline when Cognito never answers: a 503 for the page", async () => {
    const sockets = new Set<Socket>();
    const hung = createServer((socket) => {
      sockets.add(socket);
      socket.resume();
    });
    await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
    const admin = createMfaAdmin({
      userPoolId: "eu-west-1_test",
      endpoint: `http://127.0.0.1:${(hung.address() as { port: number }).port}`,
      timeoutMs: 200,
    });
    try {
      const started = Date.now();
      const error = await admin.disableTotp("someone").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CognitoFailure);
      expect((error as CognitoFailure).status).toBe(503);
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      admin.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => hung.close(resolve));
    }
  });
});

describe("regionOfUserPool", () => {
  it("reads the region from the pool id, and refuses what is not one", () => {
    expect(regionOfUserPool("eu-west-1_AbC123xyz")).toBe("eu-west-1");
    expect(regionOfUserPool("local_5e4a1b2c")).toBe("local");
    expect(() => regionOfUserPool("not-a-pool")).toThrow(/not a user pool id/);
  });
});
