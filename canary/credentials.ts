// The canary's settings, shared with cdk/lib/canary.ts (so this file imports nothing). The canary user's
// credentials are one JSON secret, `{"email": "…", "password": "…"}`, which the stack creates with a placeholder
// and an operator sets (docs/deploy.md, "The canary"); the pipeline's smoke check has the same two values.

/** The canary's environment (set by cdk/lib/canary.ts): where Cruddur answers, and the credentials' secret. */
export const CANARY_ENVIRONMENT = { baseUrl: "CRUDDUR_URL", secretId: "CANARY_SECRET_ARN" } as const;

/** The smoke check's environment (.github/workflows/ci.yml): the stage's URL, the canary user's credentials. */
export const SMOKE_ENVIRONMENT = { baseUrl: "E2E_BASE_URL", email: "CRUDDUR_SMOKE_EMAIL", password: "CRUDDUR_SMOKE_PASSWORD" } as const;
/** Where the smoke check leaves its screenshot of a failure (kept by the workflow). */
export const SMOKE_OUTPUT_DIR = ".cache/smoke";

export const CREDENTIALS_PLACEHOLDER = "REPLACE_ME";

export type Credentials = { email: string; password: string };

/** The secret's value, or an error that says what to do (never the value itself). */
export function parseCredentials(secretString: string | undefined): Credentials {
  let value: unknown;
  try {
    value = JSON.parse(secretString ?? "");
  } catch {
    throw new Error('the canary secret is not JSON: set it to {"email": "…", "password": "…"} (docs/deploy.md, "The canary")');
  }
  const { email, password } = (value ?? {}) as Record<string, unknown>;
  if (typeof email !== "string" || typeof password !== "string" || !email || !password) {
    throw new Error('the canary secret needs "email" and "password" (docs/deploy.md, "The canary")');
  }
  if (email === CREDENTIALS_PLACEHOLDER || password === CREDENTIALS_PLACEHOLDER) {
    throw new Error('the canary secret still holds its placeholder: create the canary user and set the secret (docs/deploy.md, "The canary")');
  }
  return { email, password };
}
