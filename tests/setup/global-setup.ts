// Once per `vitest run`: a migrated template database every test file clones.
import { dropDatabase, migrate, recreateDatabase, TEMPLATE_DB } from "../support/database";

export default async function setup() {
  process.env.OTEL_METRICS_EXPORTER ??= "none";
  process.env.OTEL_LOGS_EXPORTER ??= "none";
  migrate(await recreateDatabase(TEMPLATE_DB));
  return () => dropDatabase(TEMPLATE_DB);
}
