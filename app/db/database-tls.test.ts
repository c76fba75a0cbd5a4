// TLS to PostgreSQL: the sslmode mapping, and over a real TLS handshake with a server whose
// certificate nobody vouches for (a stand-in speaking PostgreSQL's SSLRequest, then TLS).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { TLSSocket } from "node:tls";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { poolConnection, sslFromMode } from "~/db/database-tls";

describe("sslFromMode", () => {
  it("maps libpq's modes onto pg's ssl option", () => {
    expect(sslFromMode(undefined)).toBe(false);
    expect(sslFromMode("disable")).toBe(false);
    expect(sslFromMode("require")).toEqual({ rejectUnauthorized: false });
    expect(sslFromMode("no-verify")).toEqual({ rejectUnauthorized: false });
    const full = sslFromMode("verify-full") as { rejectUnauthorized: boolean; ca: string[]; checkServerIdentity?: unknown };
    expect(full.rejectUnauthorized).toBe(true);
    expect(full.checkServerIdentity).toBeUndefined(); // Node's default: the host name is checked
    // Node's roots and Amazon RDS's (e.g. the 2019 and 2024 RDS root CAs).
    expect(full.ca.length).toBeGreaterThan(100);
    expect(full.ca.some((pem) => pem.includes("BEGIN CERTIFICATE"))).toBe(true);
    const ca = sslFromMode("verify-ca") as { checkServerIdentity: () => undefined };
    expect(ca.checkServerIdentity()).toBeUndefined();
    expect(() => sslFromMode("verify-everything")).toThrow(/Unknown sslmode/);
  });

  it("takes sslmode out of the URL (pg would apply its own reading over ours) and keeps the rest", () => {
    expect(poolConnection("postgresql://u:p%40ss@db.example:5432/cruddur?sslmode=verify-full&application_name=x")).toEqual({
      connectionString: "postgresql://u:p%40ss@db.example:5432/cruddur?application_name=x",
      ssl: expect.objectContaining({ rejectUnauthorized: true }),
    });
    expect(poolConnection("postgresql://postgres@127.0.0.1:5432/cruddur").ssl).toBe(false);
  });
});

describe("against a server with a self-signed certificate", () => {
  let port = 0;
  const handshakes: string[] = [];
  const server = createServer((socket: Socket) => {
    // PostgreSQL's SSLRequest is 8 bytes; answer "S" (go ahead), then speak TLS.
    socket.once("data", () => {
      socket.write("S");
      const tls = new TLSSocket(socket, { isServer: true, key: readFileSync(path.join(dir, "key.pem")), cert: readFileSync(path.join(dir, "cert.pem")) });
      tls.on("secure", () => {
        handshakes.push("done");
        tls.destroy(); // the handshake is what is under test
      });
      tls.on("error", () => tls.destroy());
    });
  });
  const dir = mkdtempSync(path.join(tmpdir(), "cruddur-tls-"));

  beforeAll(async () => {
    const made = spawnSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-days", "1", "-keyout", "key.pem", "-out", "cert.pem"],
      { cwd: dir },
    );
    if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  const connect = async (mode: string) => {
    const client = new pg.Client({ ...poolConnection(`postgresql://postgres@127.0.0.1:${port}/cruddur?sslmode=${mode}`), connectionTimeoutMillis: 3_000 });
    client.on("error", () => {});
    return client.connect().then(
      () => "connected",
      (error: Error & { code?: string }) => `${error.code ?? ""} ${error.message}`,
    );
  };

  it("verify-full refuses it before saying anything", async () => {
    const before = handshakes.length;
    expect(await connect("verify-full")).toMatch(/self[- ]signed certificate/i);
    expect(handshakes.length).toBe(before);
  });

  it("no-verify completes the TLS handshake (encrypted, unverified)", async () => {
    const before = handshakes.length;
    const outcome = await connect("no-verify");
    expect(outcome).not.toMatch(/certificate/i);
    expect(handshakes.length).toBe(before + 1);
  });
});
