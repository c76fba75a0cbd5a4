// Before each test file: its own database, cloned from the migrated template, dropped afterwards.
import { afterAll } from "vitest";
import { dropDatabase, recreateDatabase } from "../support/database";

const name = `cruddur_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
process.env.DATABASE_URL = await recreateDatabase(name, { fromTemplate: true });
process.env.PURGE_INTERVAL_SECONDS = "0";
globalThis.__prisma = undefined;

afterAll(async () => {
  await globalThis.__prisma?.$disconnect();
  globalThis.__prisma = undefined;
  await dropDatabase(name);
});
