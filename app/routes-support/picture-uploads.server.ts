// What both upload routes (/compose, /settings/profile; ADR 033) do with new pictures once re-encoded: count them
// against the upload limits, and store them as pending uploads, rows first and objects after, so the store never
// holds an object the database does not know (the purge deletes pending uploads left over an hour).
import type { SessionUser } from "~/auth/session.server";
import type { ProcessedPicture } from "~/media/images.server";
import { pictureStore } from "~/media/storage.server";
import { newPictureKey, recordPendingPictures } from "~/models/picture.server";
import { countRequest } from "~/security/rate-limits.server";
import type { PictureKind } from "~/domain/picture-limits";
import { pictureObject } from "~/domain/pictures";

/** Each new picture counts against the upload limits, per account and per address (Mastodon: 30 per 30 minutes). */
export async function countUploads(user: SessionUser, ip: string, files: number) {
  for (let n = 0; n < files; n++) {
    const refused = await countRequest(["uploadsPerAccount", user.id], ["uploadsPerIp", ip]);
    if (refused) return refused;
  }
  return null;
}

export type StoredPending = { id: string; key: string; picture: ProcessedPicture; alt: string | null };

/** Stores re-encoded pictures of one kind as pending uploads of `ownerId`: their rows, then their objects. In order. */
export async function storePendingPictures(
  ownerId: string,
  kind: PictureKind,
  pictures: { picture: ProcessedPicture; alt: string | null }[],
): Promise<StoredPending[]> {
  const keyed = pictures.map((entry) => ({ ...entry, key: newPictureKey(kind) }));
  const ids = await recordPendingPictures(
    ownerId,
    kind,
    keyed.map(({ picture, key, alt }) => ({
      key,
      alt,
      width: picture.full.width,
      height: picture.full.height,
      previewWidth: picture.preview.width,
      previewHeight: picture.preview.height,
    })),
  );
  const store = pictureStore();
  await Promise.all(
    keyed.flatMap(({ picture, key }) => [
      store.put(pictureObject(key, "full"), picture.full.data, "image/webp"),
      store.put(pictureObject(key, "preview"), picture.preview.data, "image/webp"),
    ]),
  );
  return keyed.map((entry, index) => ({ ...entry, id: ids[index]! }));
}
