// The explain scripts' database: a fresh, migrated scratch database and a client on it, and the
// 1,000 users (`user_1` … `user_1000`) most of them seed first. For measurements, not tests.
import pg from "pg";
import { dropDatabase, migrate, recreateDatabase } from "../support/database";

export async function scratchDatabase(name: string) {
  const url = await recreateDatabase(name);
  migrate(url);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  return { url, db, drop: () => dropDatabase(name) };
}

export function seedUsers(db: pg.Client, count = 1_000) {
  return db.query(`
    INSERT INTO users (cognito_user_id, handle, email, display_name)
    SELECT 'x-' || n, 'user_' || n, 'u' || n || '@example.com', 'User ' || n FROM generate_series(1, ${count}) n`);
}
