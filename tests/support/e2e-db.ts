// Direct access to the e2e database, for arranging data a test needs (never for asserting UI).
import pg from "pg";
import { databaseUrl, E2E_DATABASE } from "./database";

export async function e2eQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: databaseUrl(E2E_DATABASE) });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
