// Pictures served by the app itself (ADR 033): always locally, and in AWS for whatever CloudFront does not
// serve. Each answer is checked against the database first, like every page (`liveCrud`): an expired crud's
// image is a 404 from its expiry on, purged or not, and no cache may keep it longer than the crud lives.
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { pictureStore } from "~/media/storage.server";
import { findServablePicture } from "~/models/picture.server";
import { parsePictureObject } from "~/domain/pictures";

/** Avatars and banners change address with every version: an hour only bounds how long a removed one lingers. */
const PROFILE_PICTURE_MAX_AGE = 3_600;
/** A crud image's cache lifetime: its crud's remaining life, and never more than a day. */
const IMAGE_MAX_AGE = 86_400;

/** What every picture answer carries: never sniffed as anything else, never a document that could run script. */
const SAFE_HEADERS = {
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy": "default-src 'none'; sandbox",
  "Cross-Origin-Resource-Policy": "same-site",
};

const notFound = () =>
  new Response("Not found", { status: 404, headers: { ...SAFE_HEADERS, "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });

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
  return new Response(createReadableStreamFromReadable(stored.body), {
    headers: {
      ...SAFE_HEADERS,
      "Content-Type": "image/webp",
      "Content-Length": String(stored.contentLength),
      "Cache-Control": cacheControl(picture, now),
    },
  });
}

function cacheControl(picture: { kind: string; expiresAt: Date | null; pending: boolean }, now: Date): string {
  if (picture.pending) return "private, no-store";
  if (!picture.expiresAt) return `public, max-age=${PROFILE_PICTURE_MAX_AGE}`;
  const remaining = Math.floor((picture.expiresAt.getTime() - now.getTime()) / 1000);
  return `public, max-age=${Math.max(0, Math.min(remaining, IMAGE_MAX_AGE))}, immutable`;
}
