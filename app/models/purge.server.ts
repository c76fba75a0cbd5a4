import { prisma } from "~/db.server";
import { deleteDeadSessions } from "~/auth/session.server";
import { finishAccountDeletions } from "~/models/account-deletion.server";
import { liveCrud } from "~/models/crud.server";
import { deleteOldFollowNotifications } from "~/models/notification.server";
import { purgeOldReportSnapshots } from "~/models/report.server";
import { log } from "~/observability/logger.server";
import { deleteEndedRateLimits } from "~/security/rate-limits.server";

/** Arbitrary, fixed key of the Postgres advisory lock that lets only one server purge at a time. */
const PURGE_LOCK_KEY = 0x0c7dd0;

/**
 * Physically deletes expired cruds in batches (SPEC §2). What hangs off a crud (its replies, and
 * later likes, reposts, notifications) goes with it through ON DELETE CASCADE. Each batch runs in
 * a transaction holding a transaction-level advisory lock, so several servers never purge at
 * once. Returns the number of cruds deleted, or null when another server holds the lock.
 */
export async function purgeExpiredCruds({ now = new Date(), batchSize = 1_000 } = {}): Promise<number | null> {
  let total = 0;
  for (;;) {
    const deleted = await prisma.$transaction(async (tx) => {
      const [lock] = await tx.$queryRaw<{ locked: boolean }[]>`SELECT pg_try_advisory_xact_lock(${PURGE_LOCK_KEY}) AS locked`;
      if (!lock?.locked) return null;
      return tx.$executeRaw`
        DELETE FROM cruds WHERE id IN (
          SELECT c.id FROM cruds c WHERE NOT (${liveCrud(now)}) ORDER BY c.expires_at LIMIT ${batchSize} FOR UPDATE SKIP LOCKED
        )`;
    });
    if (deleted === null) return total === 0 ? null : total;
    total += deleted;
    if (deleted < batchSize) return total;
  }
}

/**
 * One round of the background purge (app/jobs.server.ts runs it on a schedule): expired cruds, dead
 * sessions, ended rate-limit windows, old read follow notifications (crud-less, so no crud's deletion
 * takes them; they also go with either user), report snapshots past 30 days (SPEC §2), account deletions
 * a request could not finish and their old tombstones (ADR 022). Logs what it deleted, or the failure; never throws.
 */
export async function runScheduledPurge(): Promise<void> {
  try {
    const deleted = await purgeExpiredCruds();
    const sessions = await deleteDeadSessions();
    const rateLimits = await deleteEndedRateLimits();
    const followNotifications = await deleteOldFollowNotifications();
    const reportSnapshots = await purgeOldReportSnapshots();
    const accounts = await finishAccountDeletions();
    if (accounts.finished) log("warn", "finished account deletions a request could not", { accounts: accounts.finished });
    if (deleted || sessions || rateLimits || followNotifications || reportSnapshots || accounts.forgotten) {
      log("info", "purged", { cruds: deleted ?? 0, sessions, rateLimits, followNotifications, reportSnapshots, accountTombstones: accounts.forgotten });
    }
  } catch (error) {
    log("error", "purge failed", { error: String(error) });
  }
}
