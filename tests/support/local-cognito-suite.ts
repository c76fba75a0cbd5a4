// A Vitest file's own local Cognito (server/local-cognito), reached with the real AWS SDK client: started before
// the file's tests and stopped after them, with the few steps such a file needs (a confirmed user made through the
// admin API, as an operator would; a password sign-in; an authenticator app as the second step).
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll } from "vitest";
import { freePort } from "../../server/local-cognito/http";
import { startLocalCognito, type LocalCognito } from "../../server/local-cognito/index";
import { enableTotp } from "./totp";

export const LOCAL_COGNITO_PASSWORD = "Correct-horse-battery-1";

export function withLocalCognito(name: string) {
  let cognito: LocalCognito | undefined;
  let client: CognitoIdentityProviderClient | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), `cruddur-${name}-`));
    cognito = await startLocalCognito({ port: await freePort(), lambdaPort: await freePort(), dataDir, databaseUrl: process.env.DATABASE_URL!, log: () => {} });
    // Dummy credentials: the emulator wants a signed request, as AWS does, and cannot check the signature.
    client = new CognitoIdentityProviderClient({
      endpoint: cognito.endpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
  });

  afterAll(async () => {
    client?.destroy();
    await cognito?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  const started = () => {
    if (!cognito || !client) throw new Error("the local Cognito starts in beforeAll: use it inside a test or a hook");
    return { cognito, client };
  };

  return {
    get cognito() {
      return started().cognito;
    },
    get client() {
      return started().client;
    },
    /** A confirmed user with a verified e-mail and LOCAL_COGNITO_PASSWORD (no e-mail round trip). */
    async createUser(email: string) {
      const { cognito, client } = started();
      await client.send(
        new AdminCreateUserCommand({
          UserPoolId: cognito.userPoolId,
          Username: email,
          MessageAction: "SUPPRESS",
          TemporaryPassword: "Temporary-password-1",
          UserAttributes: [
            { Name: "email", Value: email },
            { Name: "email_verified", Value: "true" },
          ],
        }),
      );
      await client.send(
        new AdminSetUserPasswordCommand({ UserPoolId: cognito.userPoolId, Username: email, Password: LOCAL_COGNITO_PASSWORD, Permanent: true }),
      );
    },
    /** The first step of a sign-in with the password: tokens, or the second step's challenge. */
    signIn(email: string) {
      const { cognito, client } = started();
      return client.send(
        new InitiateAuthCommand({
          ClientId: cognito.clientId,
          AuthFlow: "USER_PASSWORD_AUTH",
          AuthParameters: { USERNAME: email, PASSWORD: LOCAL_COGNITO_PASSWORD },
        }),
      );
    },
    /** An authenticator app (codes computed from its secret) set up as the user's preferred second step. */
    withAuthenticatorApp(email: string) {
      const { cognito } = started();
      return enableTotp({ endpoint: cognito.endpoint, clientId: cognito.clientId }, email, LOCAL_COGNITO_PASSWORD);
    },
  };
}
