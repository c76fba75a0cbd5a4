// The user pool and app client the app uses, created in cognito-local on first use.
import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SetUserPoolMfaConfigCommand,
  type PasswordPolicyType,
} from "@aws-sdk/client-cognito-identity-provider";
import { PASSWORD_MIN } from "~/auth/validation";

export const LOCAL_POOL_NAME = "cruddur-local";
export const LOCAL_CLIENT_NAME = "cruddur-web";

/**
 * The app's rule (length, not composition: NIST 800-63B), the same as the AWS pool in
 * cdk/lib/auth.ts and the form's check in app/auth/validation.ts.
 */
export const LOCAL_PASSWORD_POLICY: PasswordPolicyType = {
  MinimumLength: PASSWORD_MIN,
  RequireLowercase: false,
  RequireUppercase: false,
  RequireNumbers: false,
  RequireSymbols: false,
  TemporaryPasswordValidityDays: 7,
};

export async function ensurePoolAndClient(cognito: CognitoIdentityProviderClient, passwordPolicy: PasswordPolicyType) {
  const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((pool) => pool.Name === LOCAL_POOL_NAME)?.Id;
  let created = false;
  if (!userPoolId) {
    const result = await cognito.send(
      new CreateUserPoolCommand({
        PoolName: LOCAL_POOL_NAME,
        UsernameAttributes: ["email"],
        AutoVerifiedAttributes: ["email"],
        Policies: { PasswordPolicy: passwordPolicy },
        Schema: [
          { Name: "email", AttributeDataType: "String", Required: true, Mutable: true },
          { Name: "name", AttributeDataType: "String", Required: true, Mutable: true },
          { Name: "preferred_username", AttributeDataType: "String", Required: true, Mutable: true },
        ],
      }),
    );
    userPoolId = result.UserPool?.Id;
    if (!userPoolId) throw new Error("cognito-local created a user pool without an id");
    created = true;
  }
  const clients = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }));
  let clientId = clients.UserPoolClients?.find((client) => client.ClientName === LOCAL_CLIENT_NAME)?.ClientId;
  if (!clientId) {
    const result = await cognito.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: LOCAL_CLIENT_NAME,
        GenerateSecret: false,
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH"],
      }),
    );
    clientId = result.UserPoolClient?.ClientId;
    if (!clientId) throw new Error("cognito-local created an app client without an id");
  }
  // MFA as the AWS pool has it (cdk/lib/auth.ts): optional, authenticator app (TOTP) only (cognito-local's
  // default is off). Set on every start, so a pool created before it (a developer's kept data) gets it too.
  await cognito.send(
    new SetUserPoolMfaConfigCommand({ UserPoolId: userPoolId, MfaConfiguration: "OPTIONAL", SoftwareTokenMfaConfiguration: { Enabled: true } }),
  );
  const described = await cognito.send(new DescribeUserPoolCommand({ UserPoolId: userPoolId }));
  return { userPoolId, clientId, created, passwordPolicy: described.UserPool?.Policies?.PasswordPolicy };
}
