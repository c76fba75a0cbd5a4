// Settings → Security's data (ADR 041): the account's two-step state (a mirror of Cognito's), its recovery
// codes (hashes only: app/auth/recovery-codes.server.ts makes and checks them) and an authenticator being
// set up. Data access only: Cognito is app/auth/authenticator.server.ts's.
import { prisma, queryRows, withTransaction } from "~/db.server";

/** How long a set-up waits for its first code: the QR code and the access token behind it are kept this long. */
export const SETUP_MS = 10 * 60 * 1000;

export type TwoStepState = { on: boolean; recoveredAt: Date | null; codesLeft: number };

/** Whether sign-in asks this account for a code, when a recovery code last turned that off, and the unused codes. */
export async function twoStepState(userId: string): Promise<TwoStepState> {
  const [row] = await queryRows<{ on: boolean; recoveredAt: Date | null; codesLeft: number }>`
    SELECT u.two_step_on_at IS NOT NULL AS "on", u.two_step_recovered_at AS "recoveredAt",
      (SELECT count(*)::int FROM recovery_codes r WHERE r.user_id = u.id AND r.used_at IS NULL) AS "codesLeft"
    FROM users u WHERE u.id = ${userId}::uuid`;
  return row ?? { on: false, recoveredAt: null, codesLeft: 0 };
}

/**
 * Keeps the mirror true to what a sign-in just learned from Cognito (the challenge came, or did not):
 * one UPDATE that changes a row only when the mirror was wrong (an app set up outside these pages).
 */
export async function syncTwoStep(userId: string, on: boolean, now = new Date()): Promise<void> {
  await queryRows`
    UPDATE users SET two_step_on_at = CASE WHEN ${on}::boolean THEN ${now}::timestamptz ELSE NULL END
    WHERE id = ${userId}::uuid AND (two_step_on_at IS NOT NULL) <> ${on}::boolean`;
}

/** Two-step is on, with these recovery codes (a new set replaces the old): `hashes` share `salt`. */
export async function turnTwoStepOn(userId: string, codes: { salt: string; hashes: string[] }, now = new Date()): Promise<void> {
  await withTransaction(async (tx) => {
    await tx.execute`UPDATE users SET two_step_on_at = coalesce(two_step_on_at, ${now}::timestamptz), two_step_recovered_at = NULL WHERE id = ${userId}::uuid`;
    await replaceCodes(tx, userId, codes, now);
  });
}

/** A new set of recovery codes; the old ones stop working. */
export async function replaceRecoveryCodes(userId: string, codes: { salt: string; hashes: string[] }, now = new Date()): Promise<void> {
  await withTransaction((tx) => replaceCodes(tx, userId, codes, now));
}

async function replaceCodes(
  tx: Parameters<Parameters<typeof withTransaction>[0]>[0],
  userId: string,
  { salt, hashes }: { salt: string; hashes: string[] },
  now: Date,
): Promise<void> {
  // The account's row locked first: two new sets made at once replace each other, never add up to 20 codes.
  await tx.queryRows`SELECT 1 FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
  await tx.execute`DELETE FROM recovery_codes WHERE user_id = ${userId}::uuid`;
  await tx.execute`INSERT INTO recovery_codes (user_id, salt, code_hash, created_at) SELECT ${userId}::uuid, ${salt}, hash, ${now} FROM unnest(${hashes}::text[]) AS hash`;
}

/** Two-step is off (turned off in settings): no recovery codes are left. */
export async function turnTwoStepOff(userId: string): Promise<void> {
  await withTransaction(async (tx) => {
    await tx.execute`UPDATE users SET two_step_on_at = NULL WHERE id = ${userId}::uuid`;
    await tx.execute`DELETE FROM recovery_codes WHERE user_id = ${userId}::uuid`;
  });
}

// (`id` is a bigint column, which the driver reads as a string.)
export type StoredRecoveryCode = { id: string; salt: string; codeHash: string };

/** The account's unused recovery codes, to check a typed one against. */
export function unusedRecoveryCodes(userId: string): Promise<StoredRecoveryCode[]> {
  return queryRows<StoredRecoveryCode>`
    SELECT id, salt, code_hash AS "codeHash" FROM recovery_codes WHERE user_id = ${userId}::uuid AND used_at IS NULL`;
}

/**
 * Spends the recovery code `id` and, with it, two-step sign-in (a recovery code is for a lost
 * authenticator: the app is off now and the other codes go). False when the code was already spent
 * (the same code sent twice at once): one statement, so only one use wins.
 */
export async function spendRecoveryCode(userId: string, id: string, now = new Date()): Promise<boolean> {
  return withTransaction(async (tx) => {
    const spent = await tx.execute`UPDATE recovery_codes SET used_at = ${now} WHERE id = ${id}::bigint AND user_id = ${userId}::uuid AND used_at IS NULL`;
    if (spent === 0) return false;
    await tx.execute`DELETE FROM recovery_codes WHERE user_id = ${userId}::uuid AND used_at IS NULL`;
    await tx.execute`UPDATE users SET two_step_on_at = NULL, two_step_recovered_at = ${now} WHERE id = ${userId}::uuid`;
    return true;
  });
}

export type AuthenticatorSetup = { secret: string; accessToken: string; email: string };

/** Keeps a set-up for this session (one at a time: a new one replaces it); ended ones are deleted on the way. */
export async function saveSetup(row: { sessionId: string; userId: string; secret: string; accessToken: string }, now = new Date()): Promise<void> {
  await prisma.authenticatorSetup.deleteMany({ where: { expiresAt: { lte: now } } });
  const data = { ...row, expiresAt: new Date(now.getTime() + SETUP_MS) };
  await prisma.authenticatorSetup.upsert({ where: { sessionId: row.sessionId }, create: data, update: data, select: { sessionId: true } });
}

/** This session's live set-up of this account (with the email its QR code names), or null. */
export async function findSetup(sessionId: string, userId: string, now = new Date()): Promise<AuthenticatorSetup | null> {
  const [row] = await queryRows<AuthenticatorSetup>`
    SELECT s.secret, s.access_token AS "accessToken", u.email FROM authenticator_setups s JOIN users u ON u.id = s.user_id
    WHERE s.session_id = ${sessionId} AND s.user_id = ${userId}::uuid AND s.expires_at > ${now}`;
  return row ?? null;
}

/** Deletes this session's set-up: whether there was one (of two requests finishing it at once, one finds it). */
export async function deleteSetup(sessionId: string): Promise<boolean> {
  return (await prisma.authenticatorSetup.deleteMany({ where: { sessionId } })).count > 0;
}
