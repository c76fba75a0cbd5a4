import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { env } from "~/env.server";

declare global {
  // Survives `remix dev` rebuilds, which re-import this module: one pool per process.
  var __prisma: PrismaClient | undefined;
}

function createClient() {
  const { DATABASE_URL, DATABASE_POOL_MAX } = env();
  const adapter = new PrismaPg({
    connectionString: DATABASE_URL,
    max: DATABASE_POOL_MAX,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  return new PrismaClient({ adapter });
}

/** The one Prisma client of the process. */
export const prisma: PrismaClient = (globalThis.__prisma ??= createClient());
