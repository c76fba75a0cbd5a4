import { createServer, type Socket } from "node:net";
import { CognitoUserPool } from "amazon-cognito-identity-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applyDeadline, toCognitoFailure } from "~/auth/cognito.server";

// A server that accepts and never answers, as a hung Cognito would.
const sockets = new Set<Socket>();
const hung = createServer((socket) => {
  sockets.add(socket);
  socket.resume();
  socket.on("close", () => sockets.delete(socket));
});
let endpoint = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => hung.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(hung.address() as { port: number }).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => hung.close(resolve));
});

describe("applyDeadline", () => {
  it("aborts a call Cognito never answers, and that is a 503", async () => {
    const pool = new CognitoUserPool({ UserPoolId: "eu-west-1_test", ClientId: "client", endpoint });
    applyDeadline(pool, 100);
    const error = await new Promise((resolve) => pool.signUp("a@example.com", "Correct-Horse-9", [], [], (err) => resolve(err)));
    expect((error as Error).name).toBe("TimeoutError");
    const failure = toCognitoFailure(error);
    expect(failure.status).toBe(503);
    expect(failure.code).toBe("TimeoutError");
    expect(failure.message).toMatch(/cannot reach the sign-in service/);
  });

  it("fails loudly if the library no longer has the client it relies on", () => {
    expect(() => applyDeadline({} as CognitoUserPool, 100)).toThrow(/no deadline/);
  });
});

describe("toCognitoFailure", () => {
  it("carries the field each failure is shown next to", () => {
    expect(toCognitoFailure({ code: "UsernameExistsException" })).toMatchObject({ field: "email", status: 400 });
    expect(toCognitoFailure({ code: "InvalidPasswordException", message: "Password did not conform with policy: too short" })).toMatchObject({
      field: "password",
      status: 400,
      message: "That password is too weak. too short",
    });
    expect(toCognitoFailure({ code: "CodeMismatchException" })).toMatchObject({ field: "code", status: 400 });
    expect(toCognitoFailure({ code: "ExpiredCodeException" })).toMatchObject({ field: "code", status: 400 });
    expect(toCognitoFailure({ code: "NotAuthorizedException" })).toMatchObject({ field: "form", status: 401, message: "Incorrect email or password." });
    expect(toCognitoFailure({ code: "TooManyRequestsException" })).toMatchObject({ field: "form", status: 429 });
  });

  it("answers an unknown email in a code flow as a wrong code, a 400 on the code field", () => {
    const known = toCognitoFailure({ code: "CodeMismatchException" }, "code");
    const unknown = toCognitoFailure({ code: "UserNotFoundException" }, "code");
    expect({ field: unknown.field, status: unknown.status, message: unknown.message }).toEqual({
      field: known.field,
      status: known.status,
      message: known.message,
    });
    expect(unknown.code).toBe("UserNotFoundException");
    expect(toCognitoFailure({ code: "NotAuthorizedException" }, "code").status).toBe(400);
    expect(toCognitoFailure({ code: "UserNotFoundException" }).status).toBe(401);
  });
});
