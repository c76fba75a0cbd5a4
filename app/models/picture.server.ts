// Pictures in the database (ADR 033): rows written before their objects are stored, attached to a crud or a
// profile, and queued for deletion by a trigger whenever a row goes. Data access only: the bytes are
// app/media's, the forms are the routes'.
import { randomBytes } from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import { queryRows, withTransaction } from "~/db.server";
import { liveCrud } from "~/models/crud.server";
import { PENDING_UPLOAD_MS, type PictureKind } from "~/domain/picture-limits";
import { PICTURE_PREFIX, type PictureRow, type PictureSize } from "~/domain/pictures";

/** A new picture's key: its prefix and 128 random bits, base64url (an address nobody can guess). */
export function newPictureKey(kind: PictureKind): string {
  return `${PICTURE_PREFIX[kind]}/${randomBytes(16).toString("base64url")}`;
}

export type { PictureRow, PictureSize };

/** A pending upload, as the composer shows it again ("Post without a description?"). */
export type PendingPicture = PictureRow & { id: string };

/**
 * Records pictures about to be stored as pending uploads of `ownerId` (attached to nothing yet), before any
 * object exists: if the post fails after this, the purge still finds and deletes them. Ids in the given order.
 */
export async function recordPendingPictures(
  ownerId: string,
  kind: PictureKind,
  pictures: (PictureSize & { key: string; alt: string | null })[],
  now = new Date(),
): Promise<string[]> {
  if (pictures.length === 0) return [];
  const rows = await queryRows<{ id: string; key: string }>`
    INSERT INTO pictures (owner_id, kind, key, width, height, preview_width, preview_height, alt, created_at)
    SELECT ${ownerId}::uuid, ${kind}::picture_kind, x.key, x.width, x.height, x.preview_width, x.preview_height, x.alt, ${now}
    FROM unnest(${pictures.map((p) => p.key)}::text[], ${pictures.map((p) => p.width)}::int[], ${pictures.map((p) => p.height)}::int[],
      ${pictures.map((p) => p.previewWidth)}::int[], ${pictures.map((p) => p.previewHeight)}::int[], ${pictures.map((p) => p.alt)}::text[])
      AS x(key, width, height, preview_width, preview_height, alt)
    RETURNING id, key`;
  const idByKey = new Map(rows.map((row) => [row.key, row.id]));
  return pictures.map((picture) => idByKey.get(picture.key)!);
}

/** `ownerId`'s pending images among `ids` that are not yet abandoned, in the order asked; others are left out. */
export async function pendingImagesOf(ownerId: string, ids: string[], now = new Date()): Promise<PendingPicture[]> {
  if (ids.length === 0) return [];
  const rows = await queryRows<PendingPicture>`
    SELECT p.id, p.key, p.alt, p.width, p.height, p.preview_width AS "previewWidth", p.preview_height AS "previewHeight"
    FROM pictures p
    WHERE p.id = ANY(${ids}::uuid[]) AND p.owner_id = ${ownerId}::uuid AND p.kind = 'image' AND p.attached_at IS NULL
      AND p.created_at > ${new Date(now.getTime() - PENDING_UPLOAD_MS)}`;
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Deletes `ownerId`'s pending uploads among `ids` (removed before posting); the trigger queues their objects. */
export async function discardPendingPictures(ownerId: string, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await queryRows`DELETE FROM pictures WHERE id = ANY(${ids}::uuid[]) AND owner_id = ${ownerId}::uuid AND attached_at IS NULL`;
}

/** Deletes uploads attached to nothing within PENDING_UPLOAD_MS (a post given up, a failed one). Returns how many. */
export async function deleteAbandonedUploads(now = new Date()): Promise<number> {
  const [row] = await queryRows<{ count: number }>`
    WITH gone AS (DELETE FROM pictures WHERE attached_at IS NULL AND created_at <= ${new Date(now.getTime() - PENDING_UPLOAD_MS)} RETURNING 1)
    SELECT count(*)::int AS count FROM gone`;
  return row?.count ?? 0;
}

/**
 * Makes `pictureId` (a pending upload of `userId`, or null to remove) the user's avatar or banner, and deletes
 * the picture it replaces (the trigger queues its objects). False when the picture is not `userId`'s pending one.
 */
export async function setProfilePicture(userId: string, kind: "avatar" | "banner", pictureId: string | null, now = new Date()) {
  const column = Prisma.raw(kind === "avatar" ? "avatar_id" : "banner_id");
  return withTransaction(async (tx) => {
    const [user] = await tx.queryRows<{ old: string | null }>`SELECT ${column} AS old FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
    if (!user) return false;
    if (pictureId) {
      const attached = await tx.execute`
        UPDATE pictures SET attached_at = ${now}
        WHERE id = ${pictureId}::uuid AND owner_id = ${userId}::uuid AND kind = ${kind}::picture_kind AND attached_at IS NULL`;
      if (attached !== 1) return false;
    }
    await tx.execute`UPDATE users SET ${column} = ${pictureId}::uuid WHERE id = ${userId}::uuid`;
    if (user.old && user.old !== pictureId) await tx.execute`DELETE FROM pictures WHERE id = ${user.old}::uuid`;
    return true;
  });
}

/** Changes the description of the user's avatar or banner, if there is one. */
export async function describeProfilePicture(userId: string, kind: "avatar" | "banner", alt: string): Promise<void> {
  const column = Prisma.raw(kind === "avatar" ? "avatar_id" : "banner_id");
  await queryRows`UPDATE pictures SET alt = ${alt} WHERE id = (SELECT ${column} FROM users WHERE id = ${userId}::uuid)`;
}

/** A user's avatar and banner, with their descriptions (the settings form and the profile page). */
export async function profilePicturesOf(userId: string): Promise<{ avatar: PictureRow | null; banner: PictureRow | null }> {
  const rows = await queryRows<PictureRow & { role: "avatar" | "banner" }>`
    SELECT CASE WHEN p.id = u.avatar_id THEN 'avatar' ELSE 'banner' END AS role, p.key, p.alt, p.width, p.height,
      p.preview_width AS "previewWidth", p.preview_height AS "previewHeight"
    FROM users u JOIN pictures p ON p.id IN (u.avatar_id, u.banner_id) WHERE u.id = ${userId}::uuid`;
  const find = (role: string) => rows.find((row) => row.role === role) ?? null;
  return { avatar: find("avatar"), banner: find("banner") };
}

/**
 * Whether the picture under `key` may be served now, and until when (ADR 033): a crud's image while its crud
 * is live (`liveCrud`, so an expired crud's image is a 404 from that second, purged or not); an avatar or
 * banner while it is attached; a pending upload to its owner only. `expiresAt` is the crud's (null otherwise).
 */
export async function findServablePicture(
  key: string,
  { now, viewerId }: { now: Date; viewerId: string | null },
): Promise<{ kind: PictureKind; expiresAt: Date | null; pending: boolean } | null> {
  const [row] = await queryRows<{ kind: PictureKind; expiresAt: Date | null; pending: boolean }>`
    SELECT p.kind, c.expires_at AS "expiresAt", p.attached_at IS NULL AS pending
    FROM pictures p LEFT JOIN cruds c ON c.id = p.crud_id
    WHERE p.key = ${key} AND (
      (p.kind = 'image' AND c.id IS NOT NULL AND ${liveCrud(now)})
      OR (p.kind <> 'image' AND p.attached_at IS NOT NULL)
      OR (p.attached_at IS NULL AND p.owner_id = ${viewerId}::uuid))`;
  return row ?? null;
}

/** Whether a report still holds the picture under `key` (moderators see a reported crud's pictures, ≤ 30 days). */
export async function reportHoldsPicture(key: string): Promise<boolean> {
  const [row] = await queryRows<{ held: boolean }>`SELECT EXISTS (SELECT 1 FROM report_pictures WHERE key = ${key}) AS held`;
  return row?.held ?? false;
}

/** Keys whose objects are due for deletion, oldest first (the purge's outbox, filled by the trigger). */
export async function queuedPictureDeletions(limit: number): Promise<string[]> {
  const rows = await queryRows<{ key: string }>`SELECT key FROM picture_deletions ORDER BY queued_at, key LIMIT ${limit}`;
  return rows.map((row) => row.key);
}

/** The objects of `keys` are gone from the store: forget them. */
export async function pictureDeletionsDone(keys: string[]): Promise<void> {
  if (keys.length > 0) await queryRows`DELETE FROM picture_deletions WHERE key = ANY(${keys}::text[])`;
}

/** The store refused: keep `keys` for the next round, counting the attempt. */
export async function pictureDeletionsFailed(keys: string[], error: string): Promise<void> {
  if (keys.length > 0)
    await queryRows`UPDATE picture_deletions SET attempts = attempts + 1, last_error = ${error.slice(0, 500)} WHERE key = ANY(${keys}::text[])`;
}

/** How long the oldest queued deletion has waited at `now`, in seconds (0 when none): media's share of the expiry lag. */
export async function pictureDeletionLagSeconds(now: Date): Promise<number> {
  const [row] = await queryRows<{ oldest: Date | null }>`SELECT min(queued_at) AS oldest FROM picture_deletions`;
  return row?.oldest ? Math.max(0, (now.getTime() - row.oldest.getTime()) / 1000) : 0;
}
