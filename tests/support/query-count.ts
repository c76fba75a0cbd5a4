// Counts the raw SQL statements (the app's reads and writes are $queryRaw / $executeRaw) a piece of
// code sends, so tests can assert that a page's SQL is bounded.
import { prisma } from "~/db.server";

type Raw = typeof prisma.$queryRaw;

export async function countingQueries<T>(run: () => Promise<T>): Promise<[T, number]> {
  const client = prisma as unknown as Record<"$queryRaw" | "$executeRaw", Raw>;
  const originals = { $queryRaw: client.$queryRaw, $executeRaw: client.$executeRaw };
  let count = 0;
  for (const name of ["$queryRaw", "$executeRaw"] as const) {
    const original = originals[name];
    client[name] = ((...args: Parameters<Raw>) => {
      count++;
      return original.apply(prisma, args);
    }) as Raw;
  }
  try {
    return [await run(), count];
  } finally {
    client.$queryRaw = originals.$queryRaw;
    client.$executeRaw = originals.$executeRaw;
  }
}
