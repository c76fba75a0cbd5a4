import { CognitoJwtVerifier, JwtVerifier } from "aws-jwt-verify";
import type { JwtPayload } from "aws-jwt-verify/jwt-model";
import type { Jwks } from "aws-jwt-verify/jwk";
import { cognitoEnv } from "~/env.server";

/** What we take from a verified Cognito ID token. */
export type IdTokenClaims = { sub: string; email: string | undefined };

export type TokenVerifier = { verifyIdToken(token: string): Promise<IdTokenClaims> };

function claimsFrom(payload: JwtPayload): IdTokenClaims {
  if (typeof payload.sub !== "string" || !payload.sub) throw new Error("ID token has no sub");
  return { sub: payload.sub, email: typeof payload.email === "string" ? payload.email : undefined };
}

/**
 * Verifies ID tokens from any issuer whose key set we hold: signature (RS256), issuer, audience
 * (our client id), expiry, and `token_use: "id"`. Used for the emulator and in tests; real pools
 * use aws-jwt-verify's CognitoJwtVerifier, which derives the issuer from the pool id.
 */
export function createIssuerVerifier({ issuer, clientId, jwks }: { issuer: string; clientId: string; jwks: Jwks }): TokenVerifier {
  const verifier = JwtVerifier.create({
    issuer,
    audience: clientId,
    jwksUri: `${issuer}/.well-known/jwks.json`,
    customJwtCheck: ({ payload }) => {
      if (payload.token_use !== "id") throw new Error(`expected an ID token, got token_use ${String(payload.token_use)}`);
    },
  });
  verifier.cacheJwks(jwks);
  return { verifyIdToken: async (token) => claimsFrom(verifier.verifySync(token)) };
}

function createCognitoVerifier(userPoolId: string, clientId: string): TokenVerifier {
  const verifier = CognitoJwtVerifier.create({ userPoolId, clientId, tokenUse: "id" });
  return { verifyIdToken: async (token) => claimsFrom(await verifier.verify(token)) };
}

/**
 * cognito-local signs with its own key and serves it over plain HTTP, which aws-jwt-verify's
 * https-only fetcher refuses: fetch the key set ourselves and hand it over.
 */
async function createEmulatorVerifier(endpoint: string, userPoolId: string, clientId: string): Promise<TokenVerifier> {
  const issuer = `${endpoint.replace(/\/$/, "")}/${userPoolId}`;
  const response = await fetch(`${issuer}/.well-known/jwks.json`);
  if (!response.ok) throw new Error(`cannot load the emulator's JWKS (${response.status})`);
  return createIssuerVerifier({ issuer, clientId, jwks: (await response.json()) as Jwks });
}

let verifier: Promise<TokenVerifier> | undefined;

export function tokenVerifier(): Promise<TokenVerifier> {
  const { COGNITO_ENDPOINT, COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID } = cognitoEnv();
  verifier ??= COGNITO_ENDPOINT
    ? createEmulatorVerifier(COGNITO_ENDPOINT, COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID)
    : Promise.resolve(createCognitoVerifier(COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID));
  // A failed load (emulator still starting) is retried on the next sign-in.
  verifier.catch(() => (verifier = undefined));
  return verifier;
}
