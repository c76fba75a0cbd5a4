// Reports and moderation (docs/product.md §10, ADR 019): data access only. Every write is one statement, so a
// resolution, its side effects (the crud's deletion, the user's suspension and sessions) and the
// moderation log entry happen together or not at all.
import { Prisma } from "~/generated/prisma/client";
import { queryRows } from "~/db.server";
import type { PictureRow } from "~/domain/pictures";
import { pictureObject } from "~/domain/pictures";
import { visibleCrud } from "~/models/crud.server";
import type { Cursor, Page } from "~/domain/cursor";
import type { ReportReason } from "~/domain/report-validation";

/** A report's snapshot outlives the crud by at most this long (docs/product.md §2's one exception). */
export const SNAPSHOT_RETENTION_MS = 30 * 24 * 3_600_000;

export type ReportTarget = { crudId: string } | { handle: string };

export type ReportOutcome = "created" | "not-found" | "self";

/**
 * Files a report of a crud the reporter can see (live, no block either way: `visibleCrud`) or of a user, with the snapshot taken now (the crud's text or the
 * user's bio, and the author's handle and display name). "self" when the target is the reporter.
 */
export async function createReport({
  reporterId,
  reason,
  comment,
  target,
  now = new Date(),
}: {
  reporterId: string;
  reason: ReportReason;
  comment: string;
  target: ReportTarget;
  now?: Date;
}): Promise<ReportOutcome> {
  const crudId = "crudId" in target ? target.crudId : null;
  const handle = "handle" in target ? target.handle.toLowerCase() : null;
  const [row] = await queryRows<{ found: boolean; self: boolean }>`
    WITH target AS (
      SELECT c.id AS crud_id, u.id AS user_id, c.message AS text, u.handle, u.display_name
      FROM cruds c JOIN users u ON u.id = c.user_id
      WHERE ${crudId}::uuid IS NOT NULL AND c.id = ${crudId}::uuid AND ${visibleCrud(now, reporterId)}
      UNION ALL
      SELECT NULL, u.id, u.bio, u.handle, u.display_name FROM users u WHERE ${handle}::text IS NOT NULL AND u.handle = ${handle}::text
    ), inserted AS (
      INSERT INTO reports (reporter_id, reason, comment, crud_id, target_user_id, snapshot_text, snapshot_handle, snapshot_display_name, created_at)
      SELECT ${reporterId}::uuid, ${reason}::report_reason, ${comment}, t.crud_id, t.user_id, t.text, t.handle, t.display_name, ${now}
      FROM target t WHERE t.user_id <> ${reporterId}::uuid
      RETURNING id, crud_id
    ), pictures_kept AS (
      -- The crud's pictures stay with the snapshot (ADR 033): the deletion trigger skips a key a report holds.
      INSERT INTO report_pictures (report_id, position, key, alt, width, height, preview_width, preview_height)
      SELECT i.id, p.position, p.key, p.alt, p.width, p.height, p.preview_width, p.preview_height
      FROM inserted i JOIN pictures p ON p.crud_id = i.crud_id
    )
    SELECT EXISTS (SELECT 1 FROM target) AS found, EXISTS (SELECT 1 FROM target WHERE user_id = ${reporterId}::uuid) AS self`;
  if (!row?.found) return "not-found";
  return row.self ? "self" : "created";
}

/** What the report page shows of its target (a live crud, or a user), with whether it is the viewer's. */
export async function reportTargetSummary(target: ReportTarget, viewerId: string, now = new Date()) {
  const [row] =
    "crudId" in target
      ? await queryRows<{ text: string; handle: string; displayName: string; own: boolean }>`
          SELECT c.message AS text, u.handle, u.display_name AS "displayName", u.id = ${viewerId}::uuid AS own
          FROM cruds c JOIN users u ON u.id = c.user_id WHERE c.id = ${target.crudId}::uuid AND ${visibleCrud(now, viewerId)}`
      : await queryRows<{ text: string; handle: string; displayName: string; own: boolean }>`
          SELECT u.bio AS text, u.handle, u.display_name AS "displayName", u.id = ${viewerId}::uuid AS own
          FROM users u WHERE u.handle = ${target.handle.toLowerCase()}`;
  return row ?? null;
}

export type ReportRow = {
  id: string;
  reason: string;
  comment: string;
  crudId: string | null;
  snapshotText: string | null;
  snapshotHandle: string | null;
  snapshotDisplayName: string | null;
  createdAt: Date;
  status: "open" | "removed" | "suspended" | "dismissed";
  resolvedAt: Date | null;
  /** Null once that account was deleted (the report stays, ADR 022). */
  reporterHandle: string | null;
  targetHandle: string | null;
  targetSuspended: boolean;
  resolvedByHandle: string | null;
  /** The reported crud's pictures, kept with the snapshot (ADR 033): shown to moderators through the app. */
  pictures: { src: string; alt: string; width: number; height: number }[];
};

/** Where a moderator sees a report's picture: through the app, never cached (app/routes/moderation.pictures.$.ts). */
export const reportPictureSrc = (key: string) => `/moderation/pictures/${pictureObject(key, "preview")}`;

const toReportRow = ({ pictures, ...row }: Omit<ReportRow, "pictures"> & { pictures: PictureRow[] | null }): ReportRow => ({
  ...row,
  pictures: (pictures ?? []).map((picture) => ({
    src: reportPictureSrc(picture.key),
    alt: picture.alt ?? "",
    width: picture.previewWidth,
    height: picture.previewHeight,
  })),
});

/** Reports and suspended users per page of the moderators' queue. */
export const MODERATION_PAGE_SIZE = 50;

const REPORT_COLUMNS = Prisma.sql`
  r.id, r.reason::text, r.comment, r.crud_id AS "crudId", r.snapshot_text AS "snapshotText",
  r.snapshot_handle AS "snapshotHandle", r.snapshot_display_name AS "snapshotDisplayName", r.created_at AS "createdAt",
  r.status::text, r.resolved_at AS "resolvedAt", reporter.handle AS "reporterHandle", target.handle AS "targetHandle",
  coalesce(target.suspended_at IS NOT NULL, false) AS "targetSuspended", resolver.handle AS "resolvedByHandle",
  (SELECT json_agg(json_build_object('key', rp.key, 'alt', rp.alt, 'previewWidth', rp.preview_width, 'previewHeight', rp.preview_height)
     ORDER BY rp.position) FROM report_pictures rp WHERE rp.report_id = r.id) AS pictures`;

// LEFT: a report outlives a deleted reporter or reported account (ADR 022).
const REPORT_JOINS = Prisma.sql`
  LEFT JOIN users reporter ON reporter.id = r.reporter_id
  LEFT JOIN users target ON target.id = r.target_user_id
  LEFT JOIN users resolver ON resolver.id = r.resolved_by`;

/**
 * A page of the open reports, oldest first (the queue is worked from its head), keyset-paginated on
 * (reported at, id), with how many are open in all.
 */
export async function listOpenReports(cursor?: Cursor, pageSize = MODERATION_PAGE_SIZE): Promise<Page<ReportRow> & { total: number }> {
  const after = cursor ? Prisma.sql`AND (r.created_at, r.id) > (${cursor.at}, ${cursor.key}::uuid)` : Prisma.empty;
  const rows = await queryRows<Parameters<typeof toReportRow>[0] & { total: number }>`
    SELECT ${REPORT_COLUMNS}, (SELECT count(*)::int FROM reports WHERE status = 'open') AS total
    FROM reports r ${REPORT_JOINS}
    WHERE r.status = 'open' ${after}
    ORDER BY r.created_at, r.id
    LIMIT ${pageSize + 1}`;
  const items = rows.slice(0, pageSize).map(({ total: _total, ...row }) => toReportRow(row));
  const last = items.at(-1);
  return { items, next: rows.length > pageSize && last ? { at: last.createdAt, key: last.id } : undefined, total: rows[0]?.total ?? 0 };
}

/** The latest resolved reports, newest first (the record of what was done; older ones stay in the table). */
export async function listResolvedReports(): Promise<ReportRow[]> {
  const rows = await queryRows<Parameters<typeof toReportRow>[0]>`
    SELECT ${REPORT_COLUMNS} FROM reports r ${REPORT_JOINS}
    WHERE r.status <> 'open'
    ORDER BY r.resolved_at DESC NULLS LAST, r.id
    LIMIT ${MODERATION_PAGE_SIZE}`;
  return rows.map(toReportRow);
}

export type SuspendedUser = { id: string; handle: string; displayName: string; suspendedAt: Date };

/** A page of the suspended users, most recently suspended first (for Unsuspend), keyset-paginated on (suspended at, id). */
export async function listSuspendedUsers(cursor?: Cursor, pageSize = MODERATION_PAGE_SIZE): Promise<Page<SuspendedUser>> {
  const after = cursor ? Prisma.sql`AND (u.suspended_at, u.id) < (${cursor.at}, ${cursor.key}::uuid)` : Prisma.empty;
  const rows = await queryRows<SuspendedUser>`
    SELECT u.id, u.handle, u.display_name AS "displayName", u.suspended_at AS "suspendedAt"
    FROM users u WHERE u.suspended_at IS NOT NULL ${after}
    ORDER BY u.suspended_at DESC, u.id DESC LIMIT ${pageSize + 1}`;
  const items = rows.slice(0, pageSize);
  const last = items.at(-1);
  return { items, next: rows.length > pageSize && last ? { at: last.suspendedAt, key: last.id } : undefined };
}

export type Resolution = "remove" | "suspend" | "dismiss";

export type ResolveOutcome =
  | { ok: true }
  | { ok: false; reason: "not-found" }
  | { ok: false; reason: "resolved"; status: string }
  /** `remove` on a report that names no crud (a report of a user, or the crud is gone). */
  | { ok: false; reason: "no-crud" }
  /** `suspend` of a moderator: one moderator must not be able to lock the others out. */
  | { ok: false; reason: "moderator"; handle: string };

/**
 * Resolves an open report, in one statement with its effect and the log entry:
 * - remove: deletes the crud (with its replies, likes, reposts, notifications, as the author's delete
 *   does) and resolves every open report of it;
 * - suspend: marks the user suspended and deletes all their sessions;
 * - dismiss: nothing else.
 * Acting on a resolved report changes nothing and says how it was resolved. Refused, changing nothing:
 * removing when the report names no crud, and suspending a moderator (the role must be revoked first).
 */
export async function resolveReport({
  reportId,
  moderatorId,
  resolution,
  now = new Date(),
}: {
  reportId: string;
  moderatorId: string;
  resolution: Resolution;
  now?: Date;
}): Promise<ResolveOutcome> {
  const status = { remove: "removed", suspend: "suspended", dismiss: "dismissed" }[resolution];
  const [row] = await queryRows<{ resolved: boolean; status: string | null; refused: "no-crud" | "moderator" | null; targetHandle: string | null }>`
    WITH found AS (
      SELECT r.id, r.crud_id, r.target_user_id,
        CASE
          WHEN ${resolution === "remove"} AND r.crud_id IS NULL THEN 'no-crud'
          WHEN ${resolution === "suspend"} AND EXISTS (SELECT 1 FROM users t WHERE t.id = r.target_user_id AND t.role = 'moderator') THEN 'moderator'
        END AS refused
      FROM reports r WHERE r.id = ${reportId}::uuid AND r.status = 'open' FOR UPDATE OF r
    ), report AS (
      SELECT id, crud_id, target_user_id FROM found WHERE refused IS NULL
    ), resolved AS (
      UPDATE reports r SET status = ${status}::report_status, resolved_by = ${moderatorId}::uuid, resolved_at = ${now}
      FROM report
      WHERE r.status = 'open' AND (r.id = report.id OR (${resolution === "remove"} AND r.crud_id = report.crud_id))
      RETURNING r.id
    ), gone AS (
      DELETE FROM cruds WHERE ${resolution === "remove"} AND id IN (SELECT crud_id FROM report) RETURNING id, reply_to_id
    ), parent AS (
      UPDATE cruds SET replies_count = replies_count - 1 WHERE id IN (SELECT reply_to_id FROM gone)
    ), suspended AS (
      UPDATE users SET suspended_at = ${now}
      WHERE ${resolution === "suspend"} AND id IN (SELECT target_user_id FROM report) AND suspended_at IS NULL
    ), signed_out AS (
      DELETE FROM sessions WHERE ${resolution === "suspend"} AND user_id IN (SELECT target_user_id FROM report)
    ), logged AS (
      INSERT INTO moderation_actions (moderator_id, kind, report_id, target_user_id, crud_id, created_at)
      SELECT ${moderatorId}::uuid, ${resolution}::moderation_kind, report.id, report.target_user_id, (SELECT id FROM gone LIMIT 1), ${now}
      FROM report
    )
    SELECT EXISTS (SELECT 1 FROM report) AS resolved, (SELECT status::text FROM reports WHERE id = ${reportId}::uuid) AS status,
      (SELECT refused FROM found) AS refused,
      (SELECT u.handle FROM found JOIN users u ON u.id = found.target_user_id) AS "targetHandle"`;
  if (row?.resolved) return { ok: true };
  if (row?.refused === "no-crud") return { ok: false, reason: "no-crud" };
  if (row?.refused === "moderator") return { ok: false, reason: "moderator", handle: row.targetHandle ?? "" };
  return row?.status ? { ok: false, reason: "resolved", status: row.status } : { ok: false, reason: "not-found" };
}

/** Lifts a suspension (logged); false when the user is not suspended. */
export async function unsuspendUser({ userId, moderatorId, now = new Date() }: { userId: string; moderatorId: string; now?: Date }): Promise<boolean> {
  const [row] = await queryRows<{ done: boolean }>`
    WITH lifted AS (
      UPDATE users SET suspended_at = NULL WHERE id = ${userId}::uuid AND suspended_at IS NOT NULL RETURNING id
    ), logged AS (
      INSERT INTO moderation_actions (moderator_id, kind, target_user_id, created_at)
      SELECT ${moderatorId}::uuid, 'unsuspend', id, ${now} FROM lifted
    )
    SELECT EXISTS (SELECT 1 FROM lifted) AS done`;
  return row?.done ?? false;
}

/** Whether the user (by id) is suspended: the sign-in refuses them. */
export async function isSuspended(userId: string): Promise<boolean> {
  const [row] = await queryRows<{ suspended: boolean }>`SELECT suspended_at IS NOT NULL AS suspended FROM users WHERE id = ${userId}::uuid`;
  return row?.suspended ?? false;
}

/**
 * docs/product.md §2's exception ends after 30 days: resolved reports that old are deleted, and open ones lose
 * their snapshot (the report stays for the moderators, without the text). Run with the purge.
 */
export async function purgeOldReportSnapshots(now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - SNAPSHOT_RETENTION_MS);
  const [row] = await queryRows<{ count: number }>`
    WITH deleted AS (
      DELETE FROM reports WHERE status <> 'open' AND created_at <= ${cutoff} RETURNING id
    ), cleared AS (
      UPDATE reports SET snapshot_text = NULL, snapshot_handle = NULL, snapshot_display_name = NULL
      WHERE status = 'open' AND created_at <= ${cutoff} AND (snapshot_text IS NOT NULL OR snapshot_handle IS NOT NULL)
      RETURNING id
    ), pictures_let_go AS (
      -- Deleted reports take their pictures with them (ON DELETE CASCADE); cleared snapshots let theirs go here.
      DELETE FROM report_pictures WHERE report_id IN (SELECT id FROM cleared)
    )
    SELECT ((SELECT count(*) FROM deleted) + (SELECT count(*) FROM cleared))::int AS count`;
  return row?.count ?? 0;
}
