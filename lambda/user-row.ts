// The `users` row of a confirmed Cognito user: built from the user's Cognito attributes and inserted
// idempotently. Shared by the Post Confirmation Lambda (through `pg`) and the app's sign-in fallback
// (through Prisma), so both create exactly the same row with exactly the same SQL.
//
// It imports only dependency-free modules: it is bundled into the Lambda and the Remix server alike.
import { cleanDisplayName, DISPLAY_NAME_MAX, HANDLE_MAX, HANDLE_MIN, normalizeHandle } from "~/lambda-shared";

/** The columns we set; everything else (id, bio, created_at) takes its database default. */
export interface UserRow {
  /** Cognito `sub` (stable, never reused); unique. */
  cognitoUserId: string;
  email: string;
  /** From `preferred_username`, lower-cased; HANDLE_PATTERN (also the init migration's trigger); unique. */
  handle: string;
  /** From `name`; 1–DISPLAY_NAME_MAX characters. */
  displayName: string;
}

/**
 * Runs one parameterised statement (`$1`, `$2`, …) and resolves with the number of rows it touched;
 * rejects with the driver's error. Adapters:
 *
 * ```ts
 * // node-postgres (the Lambda): a Pool or Client
 * const query: UserRowQuery = (sql, params) => pool.query(sql, params);
 * // Prisma (the app): $executeRawUnsafe resolves with the affected row count
 * const query: UserRowQuery = async (sql, params) => ({ rowCount: await prisma.$executeRawUnsafe(sql, ...params) });
 * ```
 *
 * Do not pass a query function bound to an open transaction: when a handle is taken, the first
 * INSERT fails with a unique violation and PostgreSQL aborts the surrounding transaction.
 */
export type UserRowQuery = (sql: string, params: unknown[]) => Promise<{ rowCount: number | null }>;

export type InsertOutcome = "inserted" | "exists" | "inserted-with-new-handle";

/** Lower-case, accents dropped, every run of other characters turned into one `_`, at most 20 (HANDLE_MAX). */
function sanitizeHandle(raw: string): string {
  return normalizeHandle(raw.normalize("NFKD").replace(/\p{M}/gu, ""))
    .replace(/[^a-z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, HANDLE_MAX);
}

/** Trimmed, control characters and runs of white space collapsed, at most DISPLAY_NAME_MAX code points. */
function sanitizeDisplayName(raw: string): string {
  // Control characters as spaces, then the forms' own cleaning (bidi controls, invisible-only names).
  // eslint-disable-next-line no-control-regex
  const cleaned = cleanDisplayName(raw.replace(/[\u0000-\u001f\u007f-\u009f]/g, " "));
  return Array.from(cleaned).slice(0, DISPLAY_NAME_MAX).join("").trim();
}

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

/**
 * Builds the row from Cognito attributes (`sub`, `email`, `name`, `preferred_username`; others are
 * ignored). Repairs what can be repaired without guessing who the person is:
 * - the handle is lower-cased; other characters become `_` and it is cut to 20 (`Alice.B` → `alice_b`);
 *   with no usable `preferred_username` it is derived from the e-mail's local part;
 * - the display name is trimmed and cut to 50; with no usable `name` it falls back to the
 *   `preferred_username` as typed (else the handle).
 *
 * Returns `{ error }` (a short reason, without personal data) when `sub` or `email` is missing or
 * when no handle of at least 3 characters can be made.
 */
export function userRowFromAttributes(attrs: Record<string, string | undefined>): UserRow | { error: string } {
  const sub = attrs.sub?.trim();
  if (!sub) return { error: "missing sub" };
  const email = attrs.email?.trim();
  if (!email) return { error: "missing email" };
  if (!EMAIL_PATTERN.test(email)) return { error: "malformed email" };

  const preferred = attrs.preferred_username?.trim() ?? "";
  let handle = sanitizeHandle(preferred);
  if (handle.length < HANDLE_MIN) handle = sanitizeHandle(email.slice(0, email.indexOf("@")));
  if (handle.length < HANDLE_MIN) return { error: "no usable handle (preferred_username)" };

  const displayName = sanitizeDisplayName(attrs.name ?? "") || sanitizeDisplayName(preferred) || handle;
  return { cognitoUserId: sub, email, handle, displayName };
}

// Never for a Cognito user whose account was deleted (its tombstone, ADR 022): neither a late or replayed
// trigger nor the sign-in fallback can bring a deleted account back.
const INSERT_SQL =
  'INSERT INTO "users" ("cognito_user_id", "handle", "email", "display_name") SELECT $1, $2, $3, $4 ' +
  'WHERE NOT EXISTS (SELECT 1 FROM "account_deletions" WHERE "cognito_user_id" = $1) ' +
  'ON CONFLICT ("cognito_user_id") DO NOTHING';

/** How many derived handles to try before giving up (each one collides with odds of about 1 in 10,000). */
const DERIVED_HANDLE_ATTEMPTS = 5;

/** `handle` cut to 15 characters + `_` + 4 random digits: at most 20 characters, still a valid handle. */
export function deriveHandle(handle: string): string {
  const [random = 0] = globalThis.crypto.getRandomValues(new Uint32Array(1));
  return `${handle.slice(0, HANDLE_MAX - 5)}_${String(random % 10_000).padStart(4, "0")}`;
}

/**
 * True for a unique violation as node-postgres reports it (`code` 23505) or Prisma does: P2002, or
 * for raw queries P2010 with `meta.code` 23505 (native engine) or, through a driver adapter such as
 * @prisma/adapter-pg, `meta.driverAdapterError.cause` = `{ originalCode: "23505", kind: "UniqueConstraintViolation" }`.
 * With the INSERT below, the only unique index that can be violated is `users_handle_key`: a clash
 * on `cognito_user_id` is absorbed by ON CONFLICT, and `id` is generated.
 */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const { code, meta, cause } = e as {
      code?: unknown;
      cause?: unknown;
      meta?: { code?: unknown; driverAdapterError?: { cause?: { originalCode?: unknown; kind?: unknown } } };
    };
    if (code === "23505" || code === "P2002" || meta?.code === "23505") return true;
    const adapterCause = meta?.driverAdapterError?.cause;
    if (adapterCause?.originalCode === "23505" || adapterCause?.kind === "UniqueConstraintViolation") return true;
    e = cause;
  }
  return false;
}

/**
 * Inserts the row unless a row with the same `cognito_user_id` exists (a replayed or retried
 * trigger, or the sign-in fallback racing the Lambda) or that account was deleted: `"exists"`, nothing changed. When the handle
 * belongs to another user (two sign-ups raced for it between the app's check and the confirmation),
 * inserts with a derived free handle instead (`"inserted-with-new-handle"`; the caller should log it)
 * so the person is never left without a row; `onDerivedHandle` hears which. Other errors are rethrown.
 */
export async function insertUserRow(query: UserRowQuery, row: UserRow, options: { onDerivedHandle?: (handle: string) => void } = {}): Promise<InsertOutcome> {
  let handle = row.handle;
  for (let attempt = 0; ; attempt++) {
    try {
      const { rowCount } = await query(INSERT_SQL, [row.cognitoUserId, handle, row.email, row.displayName]);
      if (!rowCount) return "exists";
      if (handle === row.handle) return "inserted";
      options.onDerivedHandle?.(handle);
      return "inserted-with-new-handle";
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= DERIVED_HANDLE_ATTEMPTS) throw error;
      handle = deriveHandle(row.handle);
    }
  }
}
