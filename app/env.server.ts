import { z } from "zod";
import { databaseUrlFromEnv } from "~/db/database-url";

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
  /** Lets a production build run over plain HTTP on localhost (the e2e suite); never set in AWS. */
  INSECURE_COOKIES: flag,
  // Required by the server (checked at boot by cognitoEnv()), not by scripts such as the seed.
  COGNITO_USER_POOL_ID: z.string().min(1).optional(),
  COGNITO_CLIENT_ID: z.string().min(1).optional(),
  /** An emulator (cognito-local) instead of AWS; tokens are then checked against its JWKS. */
  COGNITO_ENDPOINT: z.string().url().optional(),
  /** Deadline of each HTTP call to Cognito: a hung Cognito is a 503 page after this, not a hung request. */
  COGNITO_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5_000),
  SIMULATE_HOME_LATENCY: flag,
  SIMULATE_HOME_ERROR: flag,
  /** Rollbar server token (post_server_item); unset: no server error reports. */
  ROLLBAR_ACCESS_TOKEN: z.string().min(1).optional(),
  /** Rollbar browser token (post_client_item); unset: no browser error reports. */
  ROLLBAR_CLIENT_TOKEN: z.string().min(1).optional(),
  /** Rollbar environment; defaults to NODE_ENV. */
  ROLLBAR_ENVIRONMENT: z.string().min(1).optional(),
  /** Rollbar API base (default https://api.rollbar.com/api/1/); tests point it at a local receiver. */
  ROLLBAR_ENDPOINT: z.string().url().optional(),
  /**
   * The site's public origin (https://cruddur.example), for absolute links in share cards and the Atom feed. Unset:
   * the request's own origin (local runs, tests).
   */
  SITE_ORIGIN: z
    .string()
    .url()
    .optional()
    .transform((url) => (url ? new URL(url).origin : undefined)),
  /** The code version reported with errors (a git sha or image tag). */
  APP_VERSION: z.string().min(1).optional(),
  /** Where pictures are kept when no bucket is set (ADR 033); relative to the working directory. Default `.data/media`. */
  MEDIA_DIR: z.string().min(1).optional(),
  /** The S3 bucket of pictures; set: pictures live in S3 (region from AWS_REGION), unset: in MEDIA_DIR. */
  MEDIA_BUCKET: z.string().min(1).optional(),
  /** An S3-compatible endpoint instead of AWS (s3rver, MinIO), addressed path-style. */
  MEDIA_S3_ENDPOINT: z.string().url().optional(),
  /** The origin pictures are fetched from (CloudFront, https://media.cruddur.example); unset: the app serves /media/. */
  MEDIA_ORIGIN: z
    .string()
    .url()
    .optional()
    .transform((url) => (url ? new URL(url).origin : undefined)),
  /** The CloudFront public key's id (its trusted key group) that crud pictures' signed URLs name. */
  MEDIA_SIGNING_KEY_ID: z.string().min(1).optional(),
  /** The PEM private key crud pictures' URLs are signed with (from Secrets Manager, injected by ECS). */
  MEDIA_SIGNING_KEY: z.string().min(1).optional(),
  /** Images decoded at once by this process (one by default: uploads never starve page rendering). */
  MEDIA_CONCURRENCY: z.coerce.number().int().min(1).max(8).default(1),
  /**
   * Which deployment this is ("production", "staging", "e2e"…), for the settings a production must refuse. Unset:
   * production when NODE_ENV is, so a deployment that forgets it gets the strict side.
   */
  STAGE: z.string().min(1).optional(),
  /**
   * Requests carrying this secret in the X-QA-Token header are not counted by the rate limits (a QA suite's
   * run, ADR 042). Never in production; long enough that it cannot be guessed.
   */
  QA_RATE_LIMIT_TOKEN: z.string().min(32, { message: "must be at least 32 characters" }).optional(),
});

/** Whether these settings are production's: STAGE says so, or NODE_ENV does when STAGE is unset. */
export function isProductionStage(values: { STAGE?: string; NODE_ENV?: string }): boolean {
  return (values.STAGE ?? (values.NODE_ENV === "production" ? "production" : values.NODE_ENV)) === "production";
}

/** The signing key and its id only work together: one without the other is a half-done deployment. */
const EnvSchemaChecked = EnvSchema.refine((values) => (values.MEDIA_SIGNING_KEY_ID === undefined) === (values.MEDIA_SIGNING_KEY === undefined), {
  message: "MEDIA_SIGNING_KEY_ID and MEDIA_SIGNING_KEY must be set together (or neither)",
  path: ["MEDIA_SIGNING_KEY"],
}).refine((values) => !(values.QA_RATE_LIMIT_TOKEN && isProductionStage(values)), {
  // DECISION (ADR 042): production's limits have no way around them; the server does not start with one.
  message: "must not be set in production (set STAGE to the stage's name, e.g. staging, where a QA suite may run)",
  path: ["QA_RATE_LIMIT_TOKEN"],
});

export type Env = z.infer<typeof EnvSchemaChecked>;

let cached: Env | undefined;

/** The validated environment; throws one readable message listing every bad variable. */
export function env(): Env {
  if (cached) return cached;
  const parsed = EnvSchemaChecked.safeParse({ ...process.env, DATABASE_URL: databaseUrlFromEnv(process.env) });
  if (!parsed.success) {
    const problems = Object.entries(parsed.error.flatten().fieldErrors)
      .map(([name, errors]) => `  ${name}: ${errors?.join(", ")}`)
      .join("\n");
    throw new Error(`Invalid environment:\n${problems}`);
  }
  cached = parsed.data;
  return cached;
}

/** The Cognito settings; throws a readable error when they are missing (the server checks at boot). */
export function cognitoEnv() {
  const { COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, COGNITO_ENDPOINT, COGNITO_TIMEOUT_MS } = env();
  if (!COGNITO_USER_POOL_ID || !COGNITO_CLIENT_ID) {
    throw new Error("Invalid environment:\n  COGNITO_USER_POOL_ID and COGNITO_CLIENT_ID must be set (npm run dev starts a local Cognito)");
  }
  return { COGNITO_USER_POOL_ID, COGNITO_CLIENT_ID, COGNITO_ENDPOINT, COGNITO_TIMEOUT_MS };
}
