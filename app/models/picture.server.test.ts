import { beforeEach, describe, expect, it } from "vitest";
import { prisma, queryRows } from "~/db.server";
import { deleteQueuedPictures } from "~/jobs/purge.server";
import type { PictureStore } from "~/media/storage.server";
import {
  deleteAbandonedUploads,
  findServablePicture,
  newPictureKey,
  pendingImagesOf,
  pictureDeletionLagSeconds,
  queuedPictureDeletions,
  recordPendingPictures,
  setProfilePicture,
} from "~/models/picture.server";
import { createCrud as postCrud, ImagesNoLongerPending } from "~/models/posting.server";
import { createReport, purgeOldReportSnapshots, SNAPSHOT_RETENTION_MS } from "~/models/report.server";
import { PENDING_UPLOAD_MS, type PictureKind } from "~/domain/picture-limits";
import { createUser } from "../../tests/support/factories";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users, cruds, reports, pictures, picture_deletions CASCADE`;
});

const size = { width: 2048, height: 1536, previewWidth: 640, previewHeight: 480 };

/** Pending uploads of `ownerId`, recorded as the composer does before it stores their objects. */
async function upload(ownerId: string, count = 1, { kind = "image", at }: { kind?: PictureKind; at?: Date } = {}) {
  const pictures = Array.from({ length: count }, () => ({ key: newPictureKey(kind), alt: null, ...size }));
  const ids = await recordPendingPictures(ownerId, kind, pictures, at);
  return pictures.map((picture, index) => ({ id: ids[index]!, key: picture.key }));
}

const queued = () => queuedPictureDeletions(100);

describe("a crud's images", () => {
  it("are attached in order with their descriptions; another post cannot take them", async () => {
    const ana = await createUser();
    const [first, second] = await upload(ana.id, 2);
    const crudId = await postCrud({ userId: ana.id, message: "two", ttl: "1-day", images: [second!, first!].map(({ id }, n) => ({ id, alt: `alt ${n}` })) });
    const rows = await queryRows<{
      id: string;
      position: number;
      alt: string;
    }>`SELECT id, position, alt FROM pictures WHERE crud_id = ${crudId}::uuid ORDER BY position`;
    expect(rows).toEqual([
      { id: second!.id, position: 0, alt: "alt 0" },
      { id: first!.id, position: 1, alt: "alt 1" },
    ]);
    await expect(postCrud({ userId: ana.id, message: "again", ttl: "1-day", images: [{ id: first!.id, alt: "" }] })).rejects.toBeInstanceOf(
      ImagesNoLongerPending,
    );
    expect(await queryRows`SELECT 1 FROM cruds WHERE message = 'again'`).toEqual([]);
  });

  it("are never attached by someone else, and a crud is never stored with fewer images than asked", async () => {
    const [ana, bob] = [await createUser(), await createUser()];
    const [anas] = await upload(ana.id);
    const [bobs] = await upload(bob.id);
    await expect(
      postCrud({ userId: bob.id, message: "theft", ttl: "1-day", images: [bobs!, anas!].map(({ id }) => ({ id, alt: "" })) }),
    ).rejects.toBeInstanceOf(ImagesNoLongerPending);
    expect(await queryRows`SELECT 1 FROM cruds`).toEqual([]);
    expect(await pendingImagesOf(bob.id, [anas!.id, bobs!.id])).toEqual([expect.objectContaining({ id: bobs!.id })]);
  });

  it("are served while the crud lives and queued for deletion when it goes, by any path", async () => {
    const ana = await createUser();
    const [image] = await upload(ana.id);
    const crudId = await postCrud({ userId: ana.id, message: "brief", ttl: "1-hour", images: [{ id: image!.id, alt: "x" }] });
    const now = new Date();
    expect(await findServablePicture(image!.key, { now, viewerId: null })).toMatchObject({ kind: "image", pending: false });
    expect(await findServablePicture(image!.key, { now: new Date(now.getTime() + 3_600_000), viewerId: ana.id })).toBeNull();
    expect(await queued()).toEqual([]);
    await queryRows`DELETE FROM cruds WHERE id = ${crudId}::uuid`;
    expect(await queued()).toEqual([image!.key]);
  });
});

describe("uploads never posted", () => {
  it("are their owner's alone while pending, and deleted (and queued) after an hour", async () => {
    const ana = await createUser();
    const now = new Date();
    const [old] = await upload(ana.id, 1, { at: new Date(now.getTime() - PENDING_UPLOAD_MS - 1) });
    const [fresh] = await upload(ana.id);
    expect(await findServablePicture(fresh!.key, { now, viewerId: null })).toBeNull();
    expect(await findServablePicture(fresh!.key, { now, viewerId: ana.id })).toMatchObject({ pending: true });
    expect(await deleteAbandonedUploads(now)).toBe(1);
    expect(await queued()).toEqual([old!.key]);
    expect(await pendingImagesOf(ana.id, [old!.id, fresh!.id], now)).toEqual([expect.objectContaining({ id: fresh!.id })]);
  });
});

describe("profile pictures", () => {
  it("replacing an avatar deletes the old picture; only its owner's pending avatar can be set", async () => {
    const [ana, bob] = [await createUser(), await createUser()];
    const [first] = await upload(ana.id, 1, { kind: "avatar" });
    const [second] = await upload(ana.id, 1, { kind: "avatar" });
    const [bobs] = await upload(bob.id, 1, { kind: "avatar" });
    expect(await setProfilePicture(ana.id, "avatar", first!.id)).toBe(true);
    expect(await setProfilePicture(ana.id, "avatar", bobs!.id)).toBe(false);
    expect(await setProfilePicture(ana.id, "avatar", second!.id)).toBe(true);
    expect(await queued()).toEqual([first!.key]);
    expect(await setProfilePicture(ana.id, "avatar", null)).toBe(true);
    expect((await queued()).sort()).toEqual([first!.key, second!.key].sort());
  });
});

describe("a reported crud's pictures", () => {
  it("stay with the report after the crud goes, and are queued once the report lets them go", async () => {
    const [author, reporter] = [await createUser(), await createUser()];
    const [image] = await upload(author.id);
    const crudId = await postCrud({ userId: author.id, message: "reported", ttl: "1-day", images: [{ id: image!.id, alt: "evidence" }] });
    expect(await createReport({ reporterId: reporter.id, reason: "spam", comment: "", target: { crudId } })).toBe("created");
    await queryRows`DELETE FROM cruds WHERE id = ${crudId}::uuid`;
    expect(await queued()).toEqual([]);

    // Dismissed more than 30 days ago: the purge deletes the report, and its pictures with it.
    await queryRows`UPDATE reports SET status = 'dismissed', created_at = now() - ${`${SNAPSHOT_RETENTION_MS + 60_000} milliseconds`}::interval`;
    await purgeOldReportSnapshots();
    expect(await queued()).toEqual([image!.key]);
  });
});

describe("the purge's deletion of queued pictures", () => {
  /** A store that records what it is asked to delete, and fails when told to. */
  const store = (fail: boolean) => {
    const deleted: string[] = [];
    const recording: PictureStore = {
      put: async () => undefined,
      get: async () => null,
      list: async () => [],
      delete: async (names) => {
        if (fail) throw new Error("the store is down");
        deleted.push(...names);
      },
    };
    return { recording, deleted };
  };

  it("deletes both objects of each queued picture and forgets them; a failure keeps them for the next round", async () => {
    const ana = await createUser();
    const pictures = await upload(ana.id, 3);
    await queryRows`DELETE FROM pictures`;
    const down = store(true);
    expect(await deleteQueuedPictures(down.recording)).toEqual({ deleted: 0, failed: 3 });
    expect(await queryRows`SELECT key, attempts, last_error FROM picture_deletions WHERE attempts = 1 AND last_error = 'the store is down'`).toHaveLength(3);
    expect(await pictureDeletionLagSeconds(new Date(Date.now() + 10_000))).toBeGreaterThan(9);

    const up = store(false);
    expect(await deleteQueuedPictures(up.recording)).toEqual({ deleted: 3, failed: 0 });
    expect(up.deleted.sort()).toEqual(pictures.flatMap(({ key }) => [`${key}/full.webp`, `${key}/preview.webp`]).sort());
    expect(await queued()).toEqual([]);
    expect(await pictureDeletionLagSeconds(new Date())).toBe(0);
  });
});
