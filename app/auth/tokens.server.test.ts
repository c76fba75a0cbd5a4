import { createSign, generateKeyPairSync, type KeyObject } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createIssuerVerifier } from "./tokens.server";

const ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_TestPool";
const CLIENT_ID = "test-client-id";

function makeKey(kid: string) {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const jwk = { ...(publicKey.export({ format: "jwk" }) as { kty: string; n: string; e: string }), kid, alg: "RS256", use: "sig" };
  return { privateKey, jwk };
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

function signJwt(privateKey: KeyObject, kid: string, payload: Record<string, unknown>): string {
  const unsigned = `${b64({ alg: "RS256", typ: "JWT", kid })}.${b64(payload)}`;
  const signature = createSign("RSA-SHA256").update(unsigned).sign(privateKey).toString("base64url");
  return `${unsigned}.${signature}`;
}

const key = makeKey("key-1");
const otherKey = makeKey("key-1");
const verifier = createIssuerVerifier({ issuer: ISSUER, clientId: CLIENT_ID, jwks: { keys: [key.jwk] } });

const now = () => Math.floor(Date.now() / 1000);
const claims = (overrides: Record<string, unknown> = {}) => ({
  sub: "1b2c3d4e-0000-4000-8000-000000000001",
  email: "alice@example.com",
  iss: ISSUER,
  aud: CLIENT_ID,
  token_use: "id",
  iat: now() - 10,
  exp: now() + 3600,
  ...overrides,
});

describe("ID token verification", () => {
  it("accepts a good token and returns sub and email", async () => {
    const token = signJwt(key.privateKey, "key-1", claims());
    await expect(verifier.verifyIdToken(token)).resolves.toEqual({ sub: claims().sub, email: "alice@example.com" });
  });

  it.each([
    ["an expired token", claims({ exp: now() - 5 })],
    ["another issuer", claims({ iss: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other" })],
    ["another client", claims({ aud: "someone-elses-client" })],
    ["an access token", claims({ token_use: "access" })],
  ])("rejects %s", async (_name, payload) => {
    await expect(verifier.verifyIdToken(signJwt(key.privateKey, "key-1", payload))).rejects.toThrow();
  });

  it("rejects a token signed by another key with the same kid", async () => {
    await expect(verifier.verifyIdToken(signJwt(otherKey.privateKey, "key-1", claims()))).rejects.toThrow();
  });

  it("rejects a tampered payload", async () => {
    const [header, , signature] = signJwt(key.privateKey, "key-1", claims()).split(".");
    const forged = `${header}.${b64(claims({ sub: "someone-else" }))}.${signature}`;
    await expect(verifier.verifyIdToken(forged)).rejects.toThrow();
  });
});
