import { performance } from "node:perf_hooks";
import { prisma, withTransaction } from "~/db.server";
import { deleteDeadSessions } from "~/auth/session.server";
import { finishAccountDeletions } from "~/models/account-deletion.server";
import { liveCrud } from "~/models/crud.server";
import { deleteOldFollowNotifications } from "~/models/notification.server";
import { purgeOldReportSnapshots } from "~/models/report.server";
import { PURGE_METRICS } from "~/observability/cloudwatch-contract";
import { log } from "~/observability/logger.server";
import { logMetrics } from "~/observability/metrics.server";
import { deleteEndedRateLimits } from "~/security/rate-limits.server";
import { pictureStore, type PictureStore } from "~/media/storage.server";
import {
  deleteAbandonedUploads,
  pictureDeletionLagSeconds,
  pictureDeletionsDone,
  pictureDeletionsFailed,
  queuedPictureDeletions,
} from "~/models/picture.server";
import { pictureObjects } from "~/domain/pictures";

/** Arbitrary, fixed key of the Postgres advisory lock that lets only one server purge at a time. */
const PURGE_LOCK_KEY = 0x0c7dd0;

/**
 * Physically deletes expired cruds in batches (docs/product.md §2). What hangs off a crud (its replies, and
 * later likes, reposts, notifications) goes with it through ON DELETE CASCADE. Each batch runs in
 * a transaction holding a transaction-level advisory lock, so several servers never purge at
 * once. Returns the number of cruds deleted, or null when another server holds the lock.
 */
export async function purgeExpiredCruds({ now = new Date(), batchSize = 1_000 } = {}): Promise<number | null> {
  let total = 0;
  for (;;) {
    const deleted = await withTransaction(async (tx) => {
      const [lock] = await tx.queryRows<{ locked: boolean }>`SELECT pg_try_advisory_xact_lock(${PURGE_LOCK_KEY}) AS locked`;
      if (!lock?.locked) return null;
      return tx.execute`
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
 * How long the oldest expired crud still in the table has been expired at `now`, in seconds (0 when
 * there is none). A crud is expired from its expiry instant on (`liveCrud`: live while expires_at > now),
 * so one expiring exactly at `now` counts, with a lag of 0. The expires_at index answers it with one row.
 */
export async function expiryLagSeconds(now: Date): Promise<number> {
  const [row] = await prisma.$queryRaw<{ oldest: Date | null }[]>`SELECT min(c.expires_at) AS oldest FROM cruds c WHERE NOT (${liveCrud(now)})`;
  return row?.oldest ? (now.getTime() - row.oldest.getTime()) / 1000 : 0;
}

/** Keys deleted from the store per call: S3's DeleteObjects takes 1,000 objects, two per picture. */
const PICTURE_DELETION_BATCH = 500;

/**
 * Deletes the queued pictures' objects from the store (ADR 033), batch by batch, forgetting each batch once
 * the store has deleted it. A batch the store refuses stays queued, its attempt counted, for the next round;
 * the round goes on with the rest of its work. Returns how many were deleted and how many failed.
 */
export async function deleteQueuedPictures(store: PictureStore = pictureStore()): Promise<{ deleted: number; failed: number }> {
  let deleted = 0;
  for (;;) {
    const keys = await queuedPictureDeletions(PICTURE_DELETION_BATCH);
    if (keys.length === 0) return { deleted, failed: 0 };
    try {
      await store.delete(keys.flatMap(pictureObjects));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await pictureDeletionsFailed(keys, message);
      log("warn", "pictures not deleted from the store: kept for the next round", { pictures: keys.length, error: message });
      return { deleted, failed: keys.length };
    }
    await pictureDeletionsDone(keys);
    deleted += keys.length;
    if (keys.length < PICTURE_DELETION_BATCH) return { deleted, failed: 0 };
  }
}

/** What one purge round did, as logged (and, for the first four, published as metrics). */
export interface PurgeReport {
  crudsDeleted: number;
  sessionsDeleted: number;
  durationSeconds: number;
  expiryLagSeconds: number;
  rateLimits: number;
  followNotifications: number;
  reportSnapshots: number;
  /** Account deletions a request could not finish, finished now; tombstones forgotten (ADR 022). */
  accountsFinished: number;
  accountTombstones: number;
  /** Uploads never attached within the hour, deleted; pictures' objects deleted from the store, or kept after a failure. */
  abandonedUploads: number;
  picturesDeleted: number;
  pictureDeletionsFailed: number;
  /** Another server held the purge lock: its own round deletes (and reports) the cruds. */
  crudsPurgedElsewhere: boolean;
}

/**
 * One round of the purge: expired cruds, dead sessions, ended rate-limit windows, old read follow
 * notifications (crud-less, so no crud's deletion takes them; they also go with either user), report
 * snapshots past 30 days (docs/product.md §2), account deletions a request could not finish and their old
 * tombstones (ADR 022). Every round writes one line on stdout that is both the JSON log
 * line and a CloudWatch Embedded Metric Format document (docs/decisions/024-operating-in-aws.md):
 * cruds and sessions deleted, the round's duration, and the expiry lag measured before deleting —
 * how long the oldest expired crud waited for this round, the figure docs/product.md §2 bounds at 5 minutes
 * (about the purge interval when all is well). A round that throws reports nothing, so a purge that
 * keeps failing looks like one that stopped, which an alarm catches ("no purge reported").
 */
export async function runPurge({ now = new Date() } = {}): Promise<PurgeReport> {
  const started = performance.now();
  // A picture lives on in the store until its queued deletion is done: the lag covers media too (ADR 033).
  const lag = Math.max(await expiryLagSeconds(now), await pictureDeletionLagSeconds(now));
  const cruds = await purgeExpiredCruds({ now });
  const abandonedUploads = await deleteAbandonedUploads(now);
  const report: PurgeReport = {
    crudsDeleted: cruds ?? 0,
    sessionsDeleted: await deleteDeadSessions(now),
    rateLimits: await deleteEndedRateLimits(now),
    followNotifications: await deleteOldFollowNotifications(now),
    reportSnapshots: await purgeOldReportSnapshots(now),
    ...(await finishAccountDeletions(now).then(({ finished, forgotten }) => ({ accountsFinished: finished, accountTombstones: forgotten }))),
    abandonedUploads,
    // Last: every deletion above (cruds, reports, accounts, uploads) has queued its pictures by now.
    ...(await deleteQueuedPictures().then(({ deleted, failed }) => ({ picturesDeleted: deleted, pictureDeletionsFailed: failed }))),
    expiryLagSeconds: lag,
    durationSeconds: Math.round(performance.now() - started) / 1000,
    crudsPurgedElsewhere: cruds === null,
  };
  logMetrics(
    "purge",
    [
      { ...PURGE_METRICS.crudsDeleted, value: report.crudsDeleted },
      { ...PURGE_METRICS.sessionsDeleted, value: report.sessionsDeleted },
      { ...PURGE_METRICS.duration, value: report.durationSeconds },
      { ...PURGE_METRICS.expiryLag, value: report.expiryLagSeconds },
    ],
    {
      rateLimits: report.rateLimits,
      followNotifications: report.followNotifications,
      reportSnapshots: report.reportSnapshots,
      accountTombstones: report.accountTombstones,
      abandonedUploads: report.abandonedUploads,
      picturesDeleted: report.picturesDeleted,
      pictureDeletionsFailed: report.pictureDeletionsFailed,
      ...(report.crudsPurgedElsewhere ? { crudsPurgedElsewhere: true } : {}),
    },
    now,
  );
  if (report.accountsFinished) log("warn", "finished account deletions a request could not", { accounts: report.accountsFinished });
  return report;
}

/** The scheduled round (app/jobs.server.ts): logs the failure instead of throwing. */
export async function runScheduledPurge(): Promise<void> {
  try {
    await runPurge();
  } catch (error) {
    log("error", "purge failed", { error: String(error) });
  }
}
