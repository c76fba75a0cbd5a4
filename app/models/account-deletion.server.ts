// Account deletion (ADR 022): the tombstone and the deletion of every row of an account.
// Data access only; the order of the steps (and Cognito) is app/auth/account-settings.server.ts's.
import { queryRows } from "~/db.server";

/** A deletion's tombstone (its times are null while that part is still to do). */
export type AccountDeletion = { userId: string; requestedAt: Date; cognitoDeletedAt: Date | null; rowsDeletedAt: Date | null };

/** Tombstones are kept this long once both parts are done (nothing can bring that sub back by then). */
export const TOMBSTONE_RETENTION_MS = 30 * 24 * 3_600_000;
/** The purge finishes a deletion whose request could not (database down) once it is this old. */
export const PENDING_GRACE_MS = 60_000;

/**
 * Step 1, the point of no return: the tombstone (so nothing recreates the account, whatever fails
 * next) and every session of the account, in one statement. Idempotent: a retry keeps the first request's time.
 */
export async function beginAccountDeletion({ userId, cognitoUserId, now = new Date() }: { userId: string; cognitoUserId: string; now?: Date }): Promise<void> {
  await queryRows`
    WITH tombstone AS (
      INSERT INTO account_deletions (cognito_user_id, user_id, requested_at) VALUES (${cognitoUserId}, ${userId}::uuid, ${now})
      ON CONFLICT (cognito_user_id) DO NOTHING
    ), signed_out AS (
      DELETE FROM sessions WHERE user_id = ${userId}::uuid
    )
    SELECT 1`;
}

/**
 * Deletes every row of the account in one statement, so it happens whole or not at all: the users
 * row, and through ON DELETE CASCADE its cruds (with their replies, likes, reposts, tags and
 * notifications), its likes, reposts, notifications (received and caused), conversations with their
 * messages, follows, blocks, mutes and sessions. The exact counts of other people's cruds it liked,
 * reposted or replied to are lowered first. Reports it made or that name it stay (SET NULL), with
 * their snapshot, under the 30-day rule of ADR 019. The handle is free afterwards. Marks the tombstone
 * done (and Cognito's part too, when `cognitoDeletedAt` says it is). Idempotent: nothing left, nothing done.
 */
export async function deleteAccountRows({
  userId,
  cognitoUserId,
  cognitoDeletedAt = null,
  now = new Date(),
}: {
  userId: string;
  cognitoUserId: string;
  cognitoDeletedAt?: Date | null;
  now?: Date;
}): Promise<{ deleted: boolean }> {
  const [row] = await queryRows<{ deleted: boolean }>`
    WITH doomed AS (
      SELECT id FROM users WHERE id = ${userId}::uuid AND cognito_user_id = ${cognitoUserId} FOR UPDATE
    ), deltas AS (
      SELECT crud_id, sum(likes)::int AS likes, sum(reposts)::int AS reposts, sum(replies)::int AS replies FROM (
        SELECT crud_id, 1 AS likes, 0 AS reposts, 0 AS replies FROM likes WHERE user_id IN (SELECT id FROM doomed)
        UNION ALL SELECT crud_id, 0, 1, 0 FROM reposts WHERE user_id IN (SELECT id FROM doomed)
        UNION ALL SELECT reply_to_id, 0, 0, 1 FROM cruds WHERE user_id IN (SELECT id FROM doomed) AND reply_to_id IS NOT NULL
      ) counted GROUP BY crud_id
    ), recounted AS (
      -- One UPDATE per crud (a statement cannot update a row twice); the account's own cruds go whole.
      UPDATE cruds c SET likes_count = c.likes_count - deltas.likes, reposts_count = c.reposts_count - deltas.reposts,
        replies_count = c.replies_count - deltas.replies
      FROM deltas WHERE c.id = deltas.crud_id AND c.user_id NOT IN (SELECT id FROM doomed)
    ), deleted AS (
      DELETE FROM users WHERE id IN (SELECT id FROM doomed) RETURNING id
    ), marked AS (
      UPDATE account_deletions SET rows_deleted_at = coalesce(rows_deleted_at, ${now}),
        cognito_deleted_at = coalesce(cognito_deleted_at, ${cognitoDeletedAt}::timestamptz)
      WHERE cognito_user_id = ${cognitoUserId}
    )
    SELECT EXISTS (SELECT 1 FROM deleted) AS deleted`;
  return { deleted: row?.deleted ?? false };
}

/** Cognito's part is done (DeleteUser succeeded). */
export async function markCognitoDeleted(cognitoUserId: string, now = new Date()): Promise<void> {
  await queryRows`UPDATE account_deletions SET cognito_deleted_at = coalesce(cognito_deleted_at, ${now}) WHERE cognito_user_id = ${cognitoUserId}`;
}

/** The tombstone of a Cognito user, if their account was (or is being) deleted. */
export async function accountDeletionOf(cognitoUserId: string): Promise<AccountDeletion | null> {
  const [row] = await queryRows<AccountDeletion>`
    SELECT user_id AS "userId", requested_at AS "requestedAt", cognito_deleted_at AS "cognitoDeletedAt", rows_deleted_at AS "rowsDeletedAt"
    FROM account_deletions WHERE cognito_user_id = ${cognitoUserId}`;
  return row ?? null;
}

/**
 * Run with the purge: deletes the rows of deletions whose request could not (the database failed
 * after Cognito's part), and forgets tombstones whose two parts are done and 30 days old. Tombstones
 * whose Cognito user may still exist are kept: a sign-in with that password finishes the deletion.
 */
export async function finishAccountDeletions(now = new Date()): Promise<{ finished: number; forgotten: number }> {
  const pending = await queryRows<{ cognitoUserId: string; userId: string }>`
    SELECT cognito_user_id AS "cognitoUserId", user_id AS "userId" FROM account_deletions
    WHERE rows_deleted_at IS NULL AND requested_at <= ${new Date(now.getTime() - PENDING_GRACE_MS)}
    ORDER BY requested_at LIMIT 100`;
  let finished = 0;
  for (const deletion of pending) {
    await deleteAccountRows({ ...deletion, now });
    finished += 1;
  }
  const forgotten = await queryRows<{ id: string }>`
    DELETE FROM account_deletions WHERE rows_deleted_at IS NOT NULL AND cognito_deleted_at <= ${new Date(now.getTime() - TOMBSTONE_RETENTION_MS)}
    RETURNING cognito_user_id AS id`;
  return { finished, forgotten: forgotten.length };
}
