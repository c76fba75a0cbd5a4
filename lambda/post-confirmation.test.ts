// The Post Confirmation handler against the real per-file PostgreSQL database (tests/setup/setup-db.ts).
import { createServer, type Server, type Socket } from "node:net";
import type { PostConfirmationTriggerEvent } from "aws-lambda";
import pg from "pg";
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { __resetPoolForTests, handler } from "./post-confirmation";

// Only the DB_SECRET_ARN test reaches this; it stands in for Secrets Manager.
const secretsManager = vi.hoisted(() => ({ secretString: "", calls: 0, fail: false }));
vi.mock("@aws-sdk/client-secrets-manager", () => ({
  GetSecretValueCommand: class {
    constructor(readonly input: unknown) {}
  },
  SecretsManagerClient: class {
    async send() {
      secretsManager.calls++;
      if (secretsManager.fail)
        throw Object.assign(new Error("User is not authorized to perform: secretsmanager:GetSecretValue"), { name: "AccessDeniedException" });
      return { SecretString: secretsManager.secretString };
    }
    destroy() {}
  },
}));

const DATABASE_URL = process.env.DATABASE_URL!;
const db = new pg.Pool({ connectionString: DATABASE_URL, max: 2 });
// The per-file database is dropped WITH (FORCE) after the file: a connection still closing must not crash the run.
db.on("connect", (client) => client.on("error", () => {}));

interface UserRecord {
  cognito_user_id: string;
  handle: string;
  email: string;
  display_name: string;
}

async function usersBySub(sub: string): Promise<UserRecord[]> {
  const { rows } = await db.query<UserRecord>("SELECT cognito_user_id, handle, email, display_name FROM users WHERE cognito_user_id = $1", [sub]);
  return rows;
}

let counter = 0;
function unique(prefix: string) {
  counter += 1;
  return `${prefix}${process.pid % 1000}${counter}`;
}

function confirmEvent(
  attributes: Record<string, string | undefined>,
  triggerSource: PostConfirmationTriggerEvent["triggerSource"] = "PostConfirmation_ConfirmSignUp",
): PostConfirmationTriggerEvent {
  const userAttributes: Record<string, string> = { "cognito:user_status": "CONFIRMED", email_verified: "true" };
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) userAttributes[key] = value;
  return {
    version: "1",
    region: "us-east-1",
    userPoolId: "us-east-1_TEST",
    triggerSource,
    userName: attributes.sub ?? "unknown",
    callerContext: { awsSdkVersion: "aws-sdk-unknown-unknown", clientId: "test-client" },
    request: { userAttributes, clientMetadata: {} },
    response: {},
  };
}

function person(overrides: Record<string, string | undefined> = {}) {
  const handle = unique("user_");
  return { sub: crypto.randomUUID(), email: `${handle}@example.com`, name: "Alice Example", preferred_username: handle, ...overrides };
}

let logs: { level: string; line: string }[] = [];
beforeEach(() => {
  logs = [];
  for (const level of ["log", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logs.push({ level, line: String(args[0]) }));
  }
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.env.DATABASE_URL = DATABASE_URL;
  delete process.env.DB_SECRET_ARN;
  delete process.env.DB_SSLMODE;
  await __resetPoolForTests();
});
afterAll(async () => {
  await db.end();
});

function parsedLogs() {
  return logs.map(({ line }) => JSON.parse(line) as Record<string, unknown>);
}

describe("PostConfirmation_ConfirmSignUp", () => {
  it("inserts the user's row and returns the event", async () => {
    const who = person({ name: "  Alice   Example " });
    const event = confirmEvent(who);
    const result = await handler(event);

    expect(result).toBe(event);
    expect(await usersBySub(who.sub)).toEqual([{ cognito_user_id: who.sub, handle: who.preferred_username, email: who.email, display_name: "Alice Example" }]);
    const [entry] = parsedLogs();
    expect(entry).toMatchObject({ level: "info", outcome: "inserted", sub: who.sub, handle: who.preferred_username });
    expect(typeof entry?.durationMs).toBe("number");
    expect(logs.map((l) => l.line).join("\n")).not.toContain(who.email);
  });

  it("is idempotent: a replay of the same event inserts nothing", async () => {
    const who = person();
    await handler(confirmEvent(who));
    const replay = confirmEvent({ ...who, name: "Someone Else" });
    expect(await handler(replay)).toBe(replay);

    const rows = await usersBySub(who.sub);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.display_name).toBe("Alice Example");
    expect(parsedLogs()[1]).toMatchObject({ level: "info", outcome: "exists" });
  });

  it("never recreates the row of a deleted account (a late or replayed trigger after the deletion, ADR 022)", async () => {
    const who = person();
    await handler(confirmEvent(who));
    const [row] = (await db.query<{ id: string }>("SELECT id FROM users WHERE cognito_user_id = $1", [who.sub])).rows;
    await db.query("INSERT INTO account_deletions (cognito_user_id, user_id, rows_deleted_at) VALUES ($1, $2, now())", [who.sub, row!.id]);
    await db.query("DELETE FROM users WHERE id = $1", [row!.id]);
    const replay = confirmEvent(who);
    expect(await handler(replay)).toBe(replay);
    expect(await usersBySub(who.sub)).toEqual([]);
  });

  it("survives two deliveries of the same event at once (a Cognito retry racing the first)", async () => {
    const who = person();
    const results = await Promise.all([handler(confirmEvent(who)), handler(confirmEvent(who))]);
    expect(results).toHaveLength(2);
    expect(await usersBySub(who.sub)).toHaveLength(1);
    expect(
      parsedLogs()
        .map((e) => e.outcome)
        .sort(),
    ).toEqual(["exists", "inserted"]);
  });

  it("lower-cases an upper-case preferred_username", async () => {
    const handle = unique("MixedCase_");
    const who = person({ preferred_username: handle });
    await handler(confirmEvent(who));
    expect((await usersBySub(who.sub))[0]?.handle).toBe(handle.toLowerCase());
  });

  it("inserts with a derived handle when another user already has the handle", async () => {
    const first = person({ preferred_username: unique("popular_name_") });
    await handler(confirmEvent(first));
    const second = person({ preferred_username: first.preferred_username.toUpperCase() });
    const event = confirmEvent(second);
    expect(await handler(event)).toBe(event);

    const [row] = await usersBySub(second.sub);
    expect(row?.handle).not.toBe(first.preferred_username);
    expect(row?.handle).toMatch(/^[a-z0-9_]{3,20}$/);
    expect(row?.handle.startsWith(`${first.preferred_username.slice(0, 15)}_`)).toBe(true);
    expect((await usersBySub(first.sub))[0]?.handle).toBe(first.preferred_username);
    expect(parsedLogs().at(-1)).toMatchObject({ level: "warn", outcome: "inserted-with-new-handle", handle: row?.handle });
  });

  it("repairs what it can: no name → the handle; a long name is cut; no handle → from the e-mail", async () => {
    const noName = person({ name: undefined, preferred_username: unique("Nameless_") });
    await handler(confirmEvent(noName));
    expect((await usersBySub(noName.sub))[0]).toMatchObject({ display_name: noName.preferred_username, handle: noName.preferred_username.toLowerCase() });

    const longName = person({ name: "x".repeat(80) });
    await handler(confirmEvent(longName));
    expect((await usersBySub(longName.sub))[0]?.display_name).toBe("x".repeat(50));

    const local = unique("from_mail_");
    const noHandle = person({ preferred_username: undefined, email: `${local}@example.com` });
    await handler(confirmEvent(noHandle));
    expect((await usersBySub(noHandle.sub))[0]?.handle).toBe(local);

    const oddHandle = person({ preferred_username: `Ünïcode.${unique("h")}` });
    await handler(confirmEvent(oddHandle));
    expect((await usersBySub(oddHandle.sub))[0]?.handle).toMatch(/^unicode_h\d+$/);
  });

  it("logs an error and returns the event when attributes are missing or unusable", async () => {
    const cases = [
      { attrs: person({ sub: undefined }), reason: "missing sub" },
      { attrs: person({ email: undefined }), reason: "missing email" },
      { attrs: person({ email: "not-an-email" }), reason: "malformed email" },
      { attrs: person({ preferred_username: "!!", email: "x@example.com" }), reason: "no usable handle (preferred_username)" },
    ];
    for (const { attrs, reason } of cases) {
      logs = [];
      const event = confirmEvent(attrs);
      await expect(handler(event)).resolves.toBe(event);
      expect(parsedLogs()).toEqual([expect.objectContaining({ level: "error", outcome: "skipped", reason })]);
    }
    const { rows } = await db.query("SELECT count(*)::int AS n FROM users WHERE email IN ('x@example.com', 'not-an-email')");
    expect(rows[0].n).toBe(0);
  });
});

describe("other trigger sources", () => {
  it("ignores PostConfirmation_ConfirmForgotPassword", async () => {
    const who = person();
    const event = confirmEvent(who, "PostConfirmation_ConfirmForgotPassword");
    expect(await handler(event)).toBe(event);
    expect(await usersBySub(who.sub)).toEqual([]);
    expect(parsedLogs()).toEqual([expect.objectContaining({ level: "info", msg: "trigger source ignored" })]);
  });
});

describe("when the database is down", () => {
  async function freePort(): Promise<number> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as { port: number };
    await new Promise((resolve) => server.close(resolve));
    return port;
  }

  it("returns the event without throwing and logs a structured error", async () => {
    process.env.DATABASE_URL = `postgresql://postgres:hunter2@127.0.0.1:${await freePort()}/nowhere`;
    await __resetPoolForTests();
    const who = person();
    const event = confirmEvent(who);
    const started = Date.now();
    await expect(handler(event)).resolves.toBe(event);
    expect(Date.now() - started).toBeLessThan(2_000);

    const [entry] = parsedLogs();
    expect(entry).toMatchObject({ level: "error", outcome: "failed", errorKind: "database-unavailable", errorCode: "ECONNREFUSED", sub: who.sub });
    const everything = logs.map((l) => l.line).join("\n");
    expect(everything).not.toContain("hunter2");
    expect(everything).not.toContain(who.email);

    // Back up: the next invocation connects again.
    process.env.DATABASE_URL = DATABASE_URL;
    await __resetPoolForTests();
    await handler(event);
    expect(await usersBySub(who.sub)).toHaveLength(1);
  });

  it("gives up within Cognito's 5 s when the database accepts connections but never answers", async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${(silent.address() as { port: number }).port}/silent`;
      await __resetPoolForTests();
      const event = confirmEvent(person());
      const started = Date.now();
      await expect(handler(event)).resolves.toBe(event);
      const elapsed = Date.now() - started;
      expect(elapsed).toBeGreaterThanOrEqual(1_000);
      expect(elapsed).toBeLessThan(4_500);
      expect(parsedLogs()[0]).toMatchObject({ level: "error", errorKind: "database-unavailable" });
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("respects a shorter remaining time from the Lambda context", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    try {
      process.env.DATABASE_URL = `postgresql://postgres@127.0.0.1:${(silent.address() as { port: number }).port}/silent`;
      await __resetPoolForTests();
      const started = Date.now();
      await handler(confirmEvent(person()), { awsRequestId: "req-1", getRemainingTimeInMillis: () => 1_200 });
      expect(Date.now() - started).toBeLessThan(1_200);
      expect(parsedLogs()[0]).toMatchObject({ level: "error", requestId: "req-1", errorCode: "ETIMEDOUT" });
    } finally {
      for (const socket of sockets) socket.destroy();
      silent.close();
    }
  });
});

describe("configuration from DB_SECRET_ARN", () => {
  function useSecret(overrides: Record<string, unknown> = {}) {
    const url = new URL(DATABASE_URL);
    secretsManager.secretString = JSON.stringify({
      engine: "postgres",
      host: url.hostname,
      port: Number(url.port),
      username: decodeURIComponent(url.username),
      password: "unused-with-trust",
      dbname: url.pathname.slice(1),
      ...overrides,
    });
    secretsManager.calls = 0;
    secretsManager.fail = false;
    delete process.env.DATABASE_URL;
    process.env.DB_SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:db";
  }

  it("reads the RDS secret once and reuses the pool across invocations", async () => {
    useSecret();
    process.env.DB_SSLMODE = "disable";
    await __resetPoolForTests();

    const a = person();
    const b = person();
    await handler(confirmEvent(a));
    await handler(confirmEvent(b));
    expect(await usersBySub(a.sub)).toHaveLength(1);
    expect(await usersBySub(b.sub)).toHaveLength(1);
    expect(secretsManager.calls).toBe(1);
    expect(logs.map((l) => l.line).join("\n")).not.toContain("unused-with-trust");
  });

  it("insists on TLS by default (this test server has none): logs and returns the event", async () => {
    useSecret();
    await __resetPoolForTests();
    const who = person();
    const event = confirmEvent(who);
    await expect(handler(event)).resolves.toBe(event);
    expect(parsedLogs()[0]).toMatchObject({ level: "error", errorKind: "database-unavailable", error: "The server does not support SSL connections" });
    expect(await usersBySub(who.sub)).toEqual([]);
  });

  it("logs an unreadable secret as secret-unavailable and asks again next time", async () => {
    useSecret();
    process.env.DB_SSLMODE = "disable";
    secretsManager.fail = true;
    await __resetPoolForTests();
    await handler(confirmEvent(person()));
    expect(parsedLogs()[0]).toMatchObject({ level: "error", errorKind: "secret-unavailable" });
    expect(String(parsedLogs()[0]?.error)).toContain("AccessDeniedException");

    secretsManager.fail = false;
    const who = person();
    await handler(confirmEvent(who));
    expect(await usersBySub(who.sub)).toHaveLength(1);
    expect(secretsManager.calls).toBe(2);
  });

  it("logs a configuration error (and retries the set-up next time) when nothing is configured", async () => {
    delete process.env.DATABASE_URL;
    await __resetPoolForTests();
    const event = confirmEvent(person());
    await expect(handler(event)).resolves.toBe(event);
    expect(parsedLogs()[0]).toMatchObject({ level: "error", errorKind: "configuration" });

    process.env.DATABASE_URL = DATABASE_URL;
    const who = person();
    await handler(confirmEvent(who));
    expect(await usersBySub(who.sub)).toHaveLength(1);
  });
});
