import { z } from "zod";

/** Builds DATABASE_URL from the parts ECS injects (RDS secret fields) when it is not given whole. */
function databaseUrlFromParts(env: NodeJS.ProcessEnv): string | undefined {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  if (!env.DB_HOST || !env.DB_USER) return undefined;
  const user = encodeURIComponent(env.DB_USER);
  const password = env.DB_PASSWORD ? `:${encodeURIComponent(env.DB_PASSWORD)}` : "";
  const ssl = env.DB_SSLMODE ? `?sslmode=${env.DB_SSLMODE}` : "";
  return `postgresql://${user}${password}@${env.DB_HOST}:${env.DB_PORT ?? 5432}/${env.DB_NAME ?? "postgres"}${ssl}`;
}

const flag = z
  .enum(["0", "1", "true", "false", ""])
  .optional()
  .transform((value) => value === "1" || value === "true");

const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL (or DB_HOST/DB_USER/DB_PASSWORD) must be set" }),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(100).default(10),
  /** Seconds between purges of expired cruds; 0 turns the in-server purge off. */
  PURGE_INTERVAL_SECONDS: z.coerce.number().int().min(0).default(60),
  SIMULATE_HOME_LATENCY: flag,
  SIMULATE_HOME_ERROR: flag,
});

export type Env = z.infer<typeof EnvSchema>;

let cached: Env | undefined;

/** The validated environment; throws one readable message listing every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchema.safeParse({ ...process.env, DATABASE_URL: databaseUrlFromParts(process.env) });
  if (!parsed.success) {
    const problems = Object.entries(parsed.error.flatten().fieldErrors)
      .map(([name, errors]) => `  ${name}: ${errors?.join(", ")}`)
      .join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}
