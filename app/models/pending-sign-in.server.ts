// A sign-in between its password and its authenticator code (ADR 039), and the codes recently
// accepted. Data access only: the cookie and Cognito are app/auth/two-step.server.ts's.
import { createHash } from "node:crypto";
import { prisma, queryRows } from "~/db.server";

/** How long the code step waits after the password: Cognito's own session for it lasts 3 minutes. */
export const PENDING_SIGN_IN_MS = 3 * 60 * 1000;
/** Wrong codes that end one pending sign-in. */
export const CODES_PER_SIGN_IN = 5;
/** TOTP's time step, and how many steps a code stays valid (Cognito accepts the one before and after). */
export const TOTP_STEP_SECONDS = 30;
const REPLAY_STEPS = 3;

export type PendingSignIn = { id: string; cognitoUsername: string; email: string; cognitoSession: string; redirectTo: string; attempts: number };

/** Stores a pending sign-in under `id` (the digest of its cookie's secret); ended ones are deleted on the way. */
export async function createPendingSignIn(row: Omit<PendingSignIn, "attempts">, now = new Date()): Promise<void> {
  await prisma.pendingSignIn.deleteMany({ where: { expiresAt: { lte: now } } });
  await prisma.pendingSignIn.create({ data: { ...row, createdAt: now, expiresAt: new Date(now.getTime() + PENDING_SIGN_IN_MS) }, select: { id: true } });
}

/** The live pending sign-in with that id, or null (none, or past its deadline). */
export function findPendingSignIn(id: string, now = new Date()): Promise<PendingSignIn | null> {
  return prisma.pendingSignIn.findFirst({
    where: { id, expiresAt: { gt: now } },
    select: { id: true, cognitoUsername: true, email: true, cognitoSession: true, redirectTo: true, attempts: true },
  });
}

/**
 * Counts one code against the pending sign-in *before* it is checked (one atomic statement, so codes
 * sent at once cannot all pass): the pending sign-in with its new count, or null when it is gone, past
 * its deadline or has had its `CODES_PER_SIGN_IN` codes.
 */
export async function takeCodeAttempt(id: string, now = new Date()): Promise<PendingSignIn | null> {
  const [row] = await queryRows<PendingSignIn>`
    UPDATE pending_sign_ins SET attempts = attempts + 1
    WHERE id = ${id} AND expires_at > ${now} AND attempts < ${CODES_PER_SIGN_IN}
    RETURNING id, cognito_username AS "cognitoUsername", email, cognito_session AS "cognitoSession", redirect_to AS "redirectTo", attempts`;
  return row ?? null;
}

/** Gives back an attempt that was not a wrong code (Cognito unreachable, a limit refused it). */
export async function refundCodeAttempt(id: string): Promise<void> {
  await queryRows`UPDATE pending_sign_ins SET attempts = attempts - 1 WHERE id = ${id} AND attempts > 0`;
}

/** Whether the pending sign-in exists but has used its codes (the page says so rather than "expired"). */
export async function codesSpent(id: string, now = new Date()): Promise<boolean> {
  return (await prisma.pendingSignIn.count({ where: { id, expiresAt: { gt: now }, attempts: { gte: CODES_PER_SIGN_IN } } })) > 0;
}

export async function deletePendingSignIn(id: string): Promise<void> {
  await prisma.pendingSignIn.deleteMany({ where: { id } });
}

const codeHash = (cognitoUsername: string, code: string) => createHash("sha256").update(`${cognitoUsername}\n${code}`, "utf8").digest("hex");
export const totpStep = (now: Date) => Math.floor(now.getTime() / 1000 / TOTP_STEP_SECONDS);

/**
 * Claims `code` for the account before Cognito checks it: the step claimed, or null when the same code was claimed within
 * the last `REPLAY_STEPS` steps (a replay, or the same code sent twice at once). One atomic upsert; the
 * account's claims older than that are deleted on the way. A code Cognito then refuses is released.
 */
export async function claimTotpCode(cognitoUsername: string, code: string, now = new Date()): Promise<number | null> {
  const step = totpStep(now);
  await queryRows`DELETE FROM totp_used_codes WHERE cognito_username = ${cognitoUsername} AND step < ${step - REPLAY_STEPS}`;
  const rows = await queryRows<{ step: bigint }>`
    INSERT INTO totp_used_codes (cognito_username, code_hash, step) VALUES (${cognitoUsername}, ${codeHash(cognitoUsername, code)}, ${step})
    ON CONFLICT (cognito_username, code_hash) DO UPDATE SET step = EXCLUDED.step WHERE totp_used_codes.step < EXCLUDED.step - ${REPLAY_STEPS}
    RETURNING step`;
  return rows.length > 0 ? step : null;
}

/** Releases a claim Cognito refused (a wrong code is not a used one). */
export async function releaseTotpCode(cognitoUsername: string, code: string, step: number): Promise<void> {
  await queryRows`DELETE FROM totp_used_codes WHERE cognito_username = ${cognitoUsername} AND code_hash = ${codeHash(cognitoUsername, code)} AND step = ${step}`;
}

/** Whether the account's row (by its Cognito `sub`) or any row with this email is suspended: refused before the code step. */
export async function anySuspendedAccount({ cognitoUserId, email }: { cognitoUserId: string; email: string }): Promise<boolean> {
  const [row] = await queryRows<{ suspended: boolean }>`
    SELECT EXISTS (SELECT 1 FROM users WHERE (cognito_user_id = ${cognitoUserId} OR lower(email) = lower(${email})) AND suspended_at IS NOT NULL) AS suspended`;
  return row?.suspended ?? false;
}

/**
 * The account a pending sign-in is for, without Cognito's tokens (a recovery code answers it, ADR 041): the
 * row of its Cognito username (the `sub` in AWS's pool), else the one row with the email typed (cognito-local
 * names users by their email); none when that is ambiguous.
 */
export async function accountOfPendingSignIn({ cognitoUsername, email }: { cognitoUsername: string; email: string }) {
  const rows = await queryRows<{ id: string; cognitoUserId: string; bySub: boolean }>`
    SELECT id, cognito_user_id AS "cognitoUserId", cognito_user_id = ${cognitoUsername} AS "bySub"
    FROM users WHERE cognito_user_id = ${cognitoUsername} OR lower(email) = lower(${email}) LIMIT 3`;
  const row = rows.find((candidate) => candidate.bySub) ?? (rows.length === 1 ? rows[0] : undefined);
  return row ? { id: row.id, cognitoUserId: row.cognitoUserId } : null;
}
