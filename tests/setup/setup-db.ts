// Before each test file: its own database, cloned from the migrated template, dropped afterwards.
import { afterAll } from "vitest";
import type { PrismaClient } from "~/generated/prisma/client";
import { existingSingleton, forgetSingleton } from "~/db/singleton.server";
import { dropDatabase, recreateDatabase } from "../support/database";

const name = `cruddur_test_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
process.env.DATABASE_URL = await recreateDatabase(name, { fromTemplate: true });
process.env.PURGE_INTERVAL_SECONDS = "0";
// Auth config is required at boot; tests that talk to Cognito start their own cognito-local.
process.env.COGNITO_USER_POOL_ID ??= "local_test";
process.env.COGNITO_CLIENT_ID ??= "test-client";
// The file's pool and Prisma client (app/db.server.ts) are made on first use, on this database.
forgetSingleton("prisma");
forgetSingleton("pg.pool");

afterAll(async () => {
  await existingSingleton<PrismaClient>("prisma")?.$disconnect(); // ends the pool too
  forgetSingleton("prisma");
  forgetSingleton("pg.pool");
  await dropDatabase(name);
});
