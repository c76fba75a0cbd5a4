// Pictures served by the app itself (ADR 033): always locally, and in AWS for whatever CloudFront does not
// serve. Each answer is checked against the database first, like every page (`liveCrud`): an expired crud's
// image is a 404 from its expiry on, purged or not, and no cache may keep it longer than the crud lives.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { pictureStore } from "~/media/storage.server";
import { findServablePicture } from "~/models/picture.server";
import { parsePictureObject } from "~/domain/pictures";
import { pictureNotFound as notFound, pictureResponse } from "~/routes-support/picture-response.server";

/** Avatars and banners change address with every version: an hour only bounds how long a removed one lingers. */
const PROFILE_PICTURE_MAX_AGE = 3_600;
/** A crud image's cache lifetime: its crud's remaining life, and never more than a day. */
const IMAGE_MAX_AGE = 86_400;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const name = params["*"] ?? "";
  const object = parsePictureObject(name);
  if (!object) return notFound();
  const now = new Date();
  // A pending upload is its owner's alone: the session is read only when a public answer is not found.
  const picture =
    (await findServablePicture(object.key, { now, viewerId: null })) ??
    (request.headers.has("Cookie") ? await findServablePicture(object.key, { now, viewerId: (await getUser(request))?.id ?? null }) : null);
  if (!picture) return notFound();
  const stored = await pictureStore().get(name);
  if (!stored) return notFound();
  return pictureResponse(stored, cacheControl(picture, now));
}

function cacheControl(picture: { kind: string; expiresAt: Date | null; pending: boolean }, now: Date): string {
  if (picture.pending) return "private, no-store";
  if (!picture.expiresAt) return `public, max-age=${PROFILE_PICTURE_MAX_AGE}`;
  const remaining = Math.floor((picture.expiresAt.getTime() - now.getTime()) / 1000);
  return `public, max-age=${Math.max(0, Math.min(remaining, IMAGE_MAX_AGE))}, immutable`;
}
