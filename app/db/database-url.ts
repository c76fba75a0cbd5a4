/**
 * DATABASE_URL, or one built from the parts ECS injects from the RDS secret (DB_HOST, DB_PORT,
 * DB_NAME, DB_USER, DB_PASSWORD, DB_SSLMODE). Shared by the app and prisma.config.ts (migrations).
 */
export function databaseUrlFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (!env.DB_HOST || !env.DB_USER) return undefined;
  const user = encodeURIComponent(env.DB_USER);
  const password = env.DB_PASSWORD ? `:${encodeURIComponent(env.DB_PASSWORD)}` : "";
  const ssl = env.DB_SSLMODE ? `?sslmode=${encodeURIComponent(env.DB_SSLMODE)}` : "";
  return `postgresql://${user}${password}@${env.DB_HOST}:${env.DB_PORT ?? 5432}/${env.DB_NAME ?? "postgres"}${ssl}`;
}
