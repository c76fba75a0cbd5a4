// disableTotp against the local Cognito (server/local-cognito, which answers AdminSetUserMFAPreference as AWS
// documents it), and its deadline against a Cognito that never answers.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CognitoFailure } from "~/auth/cognito.server";
import { createMfaAdmin, disableTotp, regionOfUserPool } from "~/auth/mfa-admin.server";
import { freePort } from "../../server/local-cognito/http";
import { enableTotp } from "../../tests/support/totp";
import { startLocalCognito, type LocalCognito } from "../../server/local-cognito/index";

let cognito: LocalCognito;
let dataDir: string;
let client: CognitoIdentityProviderClient;
const PASSWORD = "Correct-horse-battery-1";

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "cruddur-mfa-admin-"));
  cognito = await startLocalCognito({ port: await freePort(), lambdaPort: await freePort(), dataDir, databaseUrl: process.env.DATABASE_URL!, log: () => {} });
  client = new CognitoIdentityProviderClient({ endpoint: cognito.endpoint, region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } });
  // The app's environment, read on first use (app/env.server.ts); dummy credentials, as the emulator needs a signature only.
  process.env.COGNITO_USER_POOL_ID = cognito.userPoolId;
  process.env.COGNITO_CLIENT_ID = cognito.clientId;
  process.env.COGNITO_ENDPOINT = cognito.endpoint;
  process.env.AWS_ACCESS_KEY_ID = "test";
  process.env.AWS_SECRET_ACCESS_KEY = "test";
});

afterAll(async () => {
  client?.destroy();
  await cognito?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const signIn = (email: string) =>
  client.send(new InitiateAuthCommand({ ClientId: cognito.clientId, AuthFlow: "USER_PASSWORD_AUTH", AuthParameters: { USERNAME: email, PASSWORD } }));

/** A confirmed user with a verified authenticator app as the preferred second step; returns the user's sub. */
async function userWithAuthenticatorApp(email: string): Promise<string> {
  await client.send(
    new AdminCreateUserCommand({
      UserPoolId: cognito.userPoolId,
      Username: email,
      MessageAction: "SUPPRESS",
      TemporaryPassword: "Temporary-password-1",
      UserAttributes: [{ Name: "email", Value: email }],
    }),
  );
  await client.send(new AdminSetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: email, Password: PASSWORD, Permanent: true }));
  await enableTotp({ endpoint: cognito.endpoint, clientId: cognito.clientId }, email, PASSWORD);
  expect((await signIn(email)).ChallengeName).toBe("SOFTWARE_TOKEN_MFA");
  const user = await client.send(new AdminGetUserCommand({ UserPoolId: cognito.userPoolId, Username: email }));
  return user.UserAttributes!.find((a) => a.Name === "sub")!.Value!;
}

describe("disableTotp", () => {
  it("turns the authenticator app off for the user named by their sub (users.cognito_user_id): the next sign-in asks for the password only", async () => {
    const email = "recovered@example.com";
    const sub = await userWithAuthenticatorApp(email);
    await disableTotp(sub);
    const signedIn = await signIn(email);
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
