// `npm run user:role -- @handle moderator` (or `user` to revoke): grants or revokes the moderator role
// (docs/product.md §10: "a role granted from the command line"). `npm run build` bundles it to build/user-role.js,
// so it runs in the production image (no tsx there) as a one-off ECS task (docs/deploy.md). It reads
// DATABASE_URL, or DB_HOST… as the server does. Exit codes: 0 done, 1 unknown handle, 2 bad arguments.
import pg from "pg";
import { poolConnection } from "../app/db/database-tls";
import { databaseUrlFromEnv } from "../app/db/database-url";

const ROLES = ["user", "moderator"] as const;
const [handleArg, roleArg] = process.argv.slice(2);
const role = ROLES.find((r) => r === roleArg);
const url = databaseUrlFromEnv(process.env);

if (!handleArg || !role || !url) {
  console.error(url ? "Usage: npm run user:role -- @handle moderator|user" : "Set DATABASE_URL (or DB_HOST, DB_NAME, DB_USER, DB_PASSWORD).");
  process.exit(2);
}
const handle = handleArg.replace(/^@/, "").toLowerCase();
const client = new pg.Client(poolConnection(url));
await client.connect();
try {
  const { rows } = await client.query<{ handle: string; role: string; previous: string }>(
    `UPDATE users u SET role = $2::user_role FROM users old WHERE old.id = u.id AND u.handle = $1
     RETURNING u.handle, u.role::text AS role, old.role::text AS previous`,
    [handle, role],
  );
  const [updated] = rows;
  if (!updated) {
    console.error(`There is no user @${handle}; nothing changed.`);
    process.exitCode = 1;
  } else {
    console.log(
      updated.previous === updated.role
        ? `@${updated.handle} already was a ${updated.role}.`
        : `@${updated.handle} is now a ${updated.role} (was a ${updated.previous}).`,
    );
  }
} finally {
  await client.end();
}
