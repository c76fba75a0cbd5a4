// Counts the SQL statements a piece of code sends (every statement on the app's pool: hand-written
// SQL through queryRows and the Prisma client alike), so tests can assert that a page's SQL is bounded.
import { countQueries } from "~/observability/request-context.server";

export async function countingQueries<T>(run: () => Promise<T>): Promise<[T, number]> {
  const { result, queries } = await countQueries(run);
  return [result, queries];
}
