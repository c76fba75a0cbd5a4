// The local Cognito of `npm run dev` and the e2e suite, end to end: real cognito-local, the real Post
// Confirmation handler behind the local Lambda endpoint, the per-file PostgreSQL database.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { AuthenticationDetails, CognitoUser, CognitoUserAttribute, CognitoUserPool, type CognitoUserSession } from "amazon-cognito-identity-js";
import { RequestStorage } from "~/auth/cognito.server";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_PASSWORD_POLICY, passwordPolicyViolation, readConfirmationCode, startLocalCognito, type LocalCognito } from "./local-cognito/index";

const db = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
db.on("connect", (client) => client.on("error", () => {}));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface CognitoError {
  code?: string;
  name?: string;
  message?: string;
}

let cognito: LocalCognito;
let dataDir: string;
const logLines: string[] = [];

function pool() {
  const Storage = new RequestStorage();
  return new CognitoUserPool({ UserPoolId: cognito.userPoolId, ClientId: cognito.clientId, endpoint: `${cognito.endpoint}/`, Storage });
}

function user(email: string) {
  const Pool = pool();
  const cognitoUser = new CognitoUser({ Username: email, Pool, Storage: new RequestStorage() });
  cognitoUser.setAuthenticationFlowType("USER_PASSWORD_AUTH");
  return cognitoUser;
}

function signUp(email: string, password: string, name: string, handle: string) {
  const attributes = [new CognitoUserAttribute({ Name: "name", Value: name }), new CognitoUserAttribute({ Name: "preferred_username", Value: handle })];
  return new Promise<{ userSub: string; userConfirmed: boolean }>((resolve, reject) =>
    pool().signUp(email, password, attributes, [], (error, result) => (error || !result ? reject(error) : resolve(result))),
  );
}

function confirm(email: string, code: string) {
  return new Promise<string>((resolve, reject) =>
    user(email).confirmRegistration(code, false, (error, result) => (error ? reject(error) : resolve(String(result)))),
  );
}

function resend(email: string) {
  return new Promise<unknown>((resolve, reject) => user(email).resendConfirmationCode((error, result) => (error ? reject(error) : resolve(result))));
}

function signIn(email: string, password: string) {
  return new Promise<CognitoUserSession>((resolve, reject) =>
    user(email).authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: () => reject(new Error("newPasswordRequired")),
    }),
  );
}

/** Signs in, then ChangePassword with that sign-in's access token (as /settings/password does). */
function changePassword(email: string, password: string, previous: string, proposed: string) {
  const cognitoUser = user(email);
  return new Promise<string>((resolve, reject) =>
    cognitoUser.authenticateUser(new AuthenticationDetails({ Username: email, Password: password }), {
      onSuccess: () => cognitoUser.changePassword(previous, proposed, (error, result) => (error ? reject(error) : resolve(result ?? ""))),
      onFailure: reject,
    }),
  );
}

function forgotPassword(email: string) {
  return new Promise<unknown>((resolve, reject) => user(email).forgotPassword({ onSuccess: resolve, onFailure: reject }));
}

function confirmPassword(email: string, code: string, password: string) {
  return new Promise<string>((resolve, reject) => user(email).confirmPassword(code, password, { onSuccess: resolve, onFailure: reject }));
}

async function failure(promise: Promise<unknown>): Promise<CognitoError> {
  try {
    await promise;
  } catch (error) {
    return error as CognitoError;
  }
  throw new Error("expected the call to fail");
}

async function usersByEmail(email: string) {
  const { rows } = await db.query("SELECT cognito_user_id, handle, email, display_name FROM users WHERE email = $1", [email]);
  return rows as { cognito_user_id: string; handle: string; email: string; display_name: string }[];
}

let lambdaPort: number;

async function start() {
  const port = await freePort();
  lambdaPort = await freePort();
  return startLocalCognito({
    port,
    lambdaPort,
    dataDir,
    databaseUrl: process.env.DATABASE_URL!,
    log: (line) => void logLines.push(line),
  });
}

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "cruddur-cognito-"));
  cognito = await start();
});

afterAll(async () => {
  await cognito?.stop();
  await db.end();
  await rm(dataDir, { recursive: true, force: true });
});

const PASSWORD = "Correct-horse-1";
const NEW_PASSWORD = "Battery-staple-2";

describe("local Cognito with the Post Confirmation Lambda", () => {
  it("signs up, confirms (the Lambda inserts the row), signs in, resets the password", async () => {
    const email = `alice.${Date.now()}@example.com`;
    const { userSub, userConfirmed } = await signUp(email, PASSWORD, "Alice Liddell", "Alice_L");
    expect(userConfirmed).toBe(false);
    expect(await usersByEmail(email)).toEqual([]);

    const code = await readConfirmationCode(dataDir, cognito.userPoolId, email);
    expect(code).toMatch(/^\d{6}$/);
    expect(logLines).toContain(`[cognito] confirmation code for ${email}: ${code}`);

    expect(await confirm(email, code!)).toBe("SUCCESS");
    expect(await readConfirmationCode(dataDir, cognito.userPoolId, email)).toBeUndefined();
    expect(await usersByEmail(email)).toEqual([{ cognito_user_id: userSub, handle: "alice_l", email, display_name: "Alice Liddell" }]);

    const session = await signIn(email, PASSWORD);
    const idToken = session.getIdToken().decodePayload();
    expect(idToken).toMatchObject({ sub: userSub, email, token_use: "id", aud: cognito.clientId, iss: `${cognito.endpoint}/${cognito.userPoolId}` });
    const jwks = (await (await fetch(`${cognito.endpoint}/${cognito.userPoolId}/.well-known/jwks.json`)).json()) as { keys: unknown[] };
    expect(jwks.keys.length).toBeGreaterThan(0);

    await forgotPassword(email);
    const resetCode = await readConfirmationCode(dataDir, cognito.userPoolId, email);
    expect(resetCode).toMatch(/^\d{6}$/);
    expect(logLines).toContain(`[cognito] password-reset code for ${email}: ${resetCode}`);
    expect((await failure(confirmPassword(email, resetCode === "000000" ? "111111" : "000000", NEW_PASSWORD))).code).toBe("CodeMismatchException");
    expect(await confirmPassword(email, resetCode!, NEW_PASSWORD)).toBe("SUCCESS");

    expect((await signIn(email, NEW_PASSWORD)).getIdToken().decodePayload().sub).toBe(userSub);
    expect((await failure(signIn(email, PASSWORD))).code).toBe("NotAuthorizedException");
    // PostConfirmation_ConfirmForgotPassword reached the Lambda, which ignored it: still one row.
    expect(await usersByEmail(email)).toHaveLength(1);
  });

  it("prints every sign-up's and every reset's code at once, a few dozen in a row and side by side", async () => {
    const stamp = Date.now();
    const emails = Array.from({ length: 36 }, (_, i) => `many.${stamp}.${i}@example.com`);
    const linesFor = (email: string, kind: string) => logLines.filter((line) => line.startsWith(`[cognito] ${kind} code for ${email}: `));
    // In batches of six at a time, as a busy dev server would see them.
    for (let batch = 0; batch < emails.length; batch += 6) {
      await Promise.all(emails.slice(batch, batch + 6).map((email, i) => signUp(email, PASSWORD, `Many ${i}`, `many_${stamp % 1e6}_${batch + i}`)));
    }
    for (const email of emails) {
      // Printed before the call returned: no waiting.
      expect(linesFor(email, "confirmation"), email).toEqual([
        `[cognito] confirmation code for ${email}: ${await readConfirmationCode(dataDir, cognito.userPoolId, email)}`,
      ]);
    }
    const confirmed = emails.slice(0, 12);
    for (const email of confirmed) await confirm(email, (await readConfirmationCode(dataDir, cognito.userPoolId, email))!);
    await Promise.all(confirmed.map((email) => forgotPassword(email)));
    for (const email of confirmed) {
      expect(linesFor(email, "password-reset"), email).toEqual([
        `[cognito] password-reset code for ${email}: ${await readConfirmationCode(dataDir, cognito.userPoolId, email)}`,
      ]);
    }
  }, 60_000);

  it("answers with the error codes Cognito uses", async () => {
    const email = `errors.${Date.now()}@example.com`;
    const weak = await failure(signUp(email, "short", "Weak", "weak_pw"));
    expect(weak).toMatchObject({ code: "InvalidPasswordException", message: "Password did not conform with policy: Password not long enough" });
    // The app's policy is length only (12); eleven characters are one too few.
    expect((await failure(signUp(email, "elevenchars", "Weak", "weak_pw"))).message).toBe("Password did not conform with policy: Password not long enough");
    // A pool with composition rules gets Cognito's wording for them.
    expect(passwordPolicyViolation("lowercase-only-long-1", { ...LOCAL_PASSWORD_POLICY, RequireUppercase: true })).toBe(
      "Password must have uppercase characters",
    );

    await signUp(email, PASSWORD, "Eve Errors", "eve_errors");
    expect((await failure(signUp(email, PASSWORD, "Eve Again", "eve_again"))).code).toBe("UsernameExistsException");

    // Unconfirmed: the right password says so, a wrong one does not reveal it.
    expect((await failure(signIn(email, PASSWORD))).code).toBe("UserNotConfirmedException");
    expect((await failure(signIn(email, "Wrong-password-1"))).code).toBe("NotAuthorizedException");

    const code = (await readConfirmationCode(dataDir, cognito.userPoolId, email))!;
    expect((await failure(confirm(email, code === "000000" ? "111111" : "000000"))).code).toBe("CodeMismatchException");

    // ResendConfirmationCode (missing from cognito-local) is answered by the front: the same code again.
    await resend(email);
    expect(await readConfirmationCode(dataDir, cognito.userPoolId, email)).toBe(code);
    expect(logLines).toContain(`[cognito] confirmation code for ${email}: ${code} (resent)`);

    expect(await confirm(email, code)).toBe("SUCCESS");
    expect((await failure(confirm(email, code))).code).toBe("NotAuthorizedException");
    expect((await failure(resend(email))).code).toBe("InvalidParameterException");

    const wrong = await failure(signIn(email, "Wrong-password-1"));
    expect(wrong).toMatchObject({ code: "NotAuthorizedException", name: "NotAuthorizedException", message: "Incorrect username or password." });
    expect((await failure(signIn(`nobody.${Date.now()}@example.com`, PASSWORD))).code).toBe("NotAuthorizedException");
    expect((await failure(forgotPassword(`nobody.${Date.now()}@example.com`))).code).toBe("UserNotFoundException");

    // ChangePassword: the pool's policy for the new one, Cognito's words for a wrong previous one.
    expect(await failure(changePassword(email, PASSWORD, PASSWORD, "short"))).toMatchObject({
      code: "InvalidPasswordException",
      message: "Password did not conform with policy: Password not long enough",
    });
    expect(await failure(changePassword(email, PASSWORD, "Wrong-password-1", "a long new password"))).toMatchObject({
      code: "NotAuthorizedException",
      message: "Incorrect username or password.",
    });
    expect(await changePassword(email, PASSWORD, PASSWORD, "a long new password")).toBe("SUCCESS");
    await expect(signIn(email, "a long new password")).resolves.toBeDefined();
  });

  it("keeps the pool and client across restarts and points cognito-local at the Lambda endpoint", async () => {
    const { userPoolId, clientId } = cognito;
    await cognito.stop();
    cognito = await start();
    expect(cognito).toMatchObject({ userPoolId, clientId });

    const config = JSON.parse(await readFile(path.join(dataDir, ".cognito", "config.json"), "utf8"));
    expect(config).toMatchObject({ TriggerFunctions: { PostConfirmation: "postConfirmation" }, TokenConfig: { IssuerDomain: cognito.endpoint } });

    const email = `carol.${Date.now()}@example.com`;
    const { userSub } = await signUp(email, PASSWORD, "Carol", "carol_restart");
    await confirm(email, (await readConfirmationCode(dataDir, cognito.userPoolId, email))!);
    expect((await usersByEmail(email))[0]?.cognito_user_id).toBe(userSub);
  });
});

describe("the local Lambda endpoint", () => {
  const invoke = (name: string, body: string) =>
    fetch(`http://127.0.0.1:${lambdaPort}/2015-03-31/functions/${name}/invocations`, {
      method: "POST",
      headers: { "content-type": "binary/octet-stream", "x-amz-invocation-type": "RequestResponse" },
      body,
    });

  it("answers Lambda's Invoke API: the handler's result, function errors, unknown functions", async () => {
    const event = {
      version: "0",
      region: "local",
      userPoolId: cognito.userPoolId,
      triggerSource: "PostConfirmation_ConfirmForgotPassword",
      userName: "someone",
      callerContext: { awsSdkVersion: "2", clientId: cognito.clientId },
      request: { userAttributes: { sub: "someone", email: "someone@example.com" } },
      response: {},
    };
    const ok = await invoke("postConfirmation", JSON.stringify(event));
    expect(ok.status).toBe(200);
    expect(ok.headers.get("x-amz-function-error")).toBeNull();
    expect(await ok.json()).toEqual(event);

    const broken = await invoke("postConfirmation", "{not json");
    expect(broken.status).toBe(200);
    expect(broken.headers.get("x-amz-function-error")).toBe("Unhandled");
    expect(await broken.json()).toMatchObject({ errorType: "SyntaxError" });

    expect((await invoke("somethingElse", "{}")).status).toBe(404);
  });
});

describe("passwordPolicyViolation", () => {
  it("checks Cognito's rules in Cognito's order", () => {
    const policy = { MinimumLength: 8, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true };
    expect(passwordPolicyViolation("Aa1!", policy)).toBe("Password not long enough");
    expect(passwordPolicyViolation("AAAAAAA1!", policy)).toBe("Password must have lowercase characters");
    expect(passwordPolicyViolation("aaaaaaa1!", policy)).toBe("Password must have uppercase characters");
    expect(passwordPolicyViolation("aaaaaaaA!", policy)).toBe("Password must have numeric characters");
    expect(passwordPolicyViolation("aaaaaaaA1", policy)).toBe("Password must have symbol characters");
    expect(passwordPolicyViolation("correct horse A1", policy)).toBeUndefined();
    expect(passwordPolicyViolation("anything", { MinimumLength: 8 })).toBeUndefined();
  });
});

describe("reading confirmation codes from cognito-local's data file", () => {
  it("reads the complete document at the front when two overlapping writes left a stale tail behind it", async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), "cognito-file-"));
    try {
      await mkdir(path.join(dataDir, ".cognito", "db"), { recursive: true });
      const user = (code: string) => ({ Attributes: [{ Name: "email", Value: "ana@example.com" }], ConfirmationCode: code });
      const newer = JSON.stringify({ Users: { sub1: user("222222") } }, null, 2);
      const older = JSON.stringify({ Users: { sub1: user("111111"), sub2: user("333333") } }, null, 2);
      // What `newer` written over the longer `older` without truncation looks like.
      await writeFile(path.join(dataDir, ".cognito", "db", "local_pool.json"), newer + older.slice(newer.length));
      expect(await readConfirmationCode(dataDir, "local_pool", "ana@example.com")).toBe("222222");
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
