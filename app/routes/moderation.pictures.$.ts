// A reported crud's pictures, for moderators only (ADR 033): kept with the report's snapshot for up to 30 days
// after the crud itself has gone, served through the app and never cached anywhere.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireModerator } from "~/auth/permissions.server";
import { pictureStore } from "~/media/storage.server";
import { reportHoldsPicture } from "~/models/picture.server";
import { parsePictureObject } from "~/domain/pictures";
import { pictureNotFound, pictureResponse } from "~/routes-support/picture-response.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireModerator(request);
  const name = params["*"] ?? "";
  const object = parsePictureObject(name);
  const stored = object && (await reportHoldsPicture(object.key)) ? await pictureStore().get(name) : null;
  return stored ? pictureResponse(stored, "private, no-store") : pictureNotFound();
}
