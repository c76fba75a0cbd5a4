// The profile settings' loader and action (app/routes/settings.profile.tsx): the display name and bio, and the
// avatar and banner (docs/product.md §11, ADR 033), in one multipart form. Pictures as the composer stores them:
// re-encoded first (a refused file changes nothing), rows recorded before their objects are put (a failure
// leaves only pending rows, which the purge deletes), then attached; the picture replaced is deleted by
// setProfilePicture and its objects queued for the purge by the trigger. Form and HTTP glue only.
import { data, type AppLoadContext } from "@remix-run/node";
import { z } from "zod";
import { requireUser, type SessionUser } from "~/auth/session.server";
import { ProfileSchema } from "~/auth/validation";
import { DATABASE_UNAVAILABLE_MESSAGE, DatabaseUnavailable } from "~/db.server";
import { ALT_MAX, FILES_PER_FORM } from "~/domain/picture-limits";
import { pictureObject } from "~/domain/pictures";
import { characterCount, cleanText } from "~/domain/text";
import { processPicture, PictureRefused, type ProcessedPicture } from "~/media/images.server";
import { pictureUrl } from "~/media/urls.server";
import { describeProfilePicture, profilePicturesOf, setProfilePicture, type PictureRow } from "~/models/picture.server";
import { getEditableProfile, updateProfile } from "~/models/user.server";
import { clientIp, countRequest, tooManyRequests } from "~/security/rate-limits.server";
import { redirectWithFlash } from "~/routes-support/flash.server";
import { fieldErrors, formFields, type FieldErrors } from "~/routes-support/parse-form";
import { readUploadForm, UploadRefused, type TempUpload } from "~/routes-support/upload-form.server";
import { countUploads, storePendingPictures } from "~/routes-support/picture-uploads.server";

export type ProfilePictureKind = "avatar" | "banner";
export const PROFILE_PICTURE_KINDS: readonly ProfilePictureKind[] = ["avatar", "banner"];

/** A current avatar or banner as the form shows it: its preview and its description. */
export type CurrentPicture = { previewSrc: string; width: number; height: number; alt: string };

/** What the form kept after a refusal: every text field as typed, and the two checkboxes. */
export type ProfileValues = {
  displayName?: string;
  bio?: string;
  avatarAlt?: string;
  bannerAlt?: string;
  removeAvatar?: boolean;
  removeBanner?: boolean;
};

export type ProfileResult = { errors: FieldErrors; values: ProfileValues };

const TEXT_FIELDS = ["displayName", "bio", "avatarAlt", "bannerAlt"] as const;

/** A picture's description: trimmed, at most ALT_MAX characters; empty means none. */
const alt = z
  .string()
  .default("")
  .transform(cleanText)
  .refine((text) => characterCount(text) <= ALT_MAX, `Describe it in at most ${ALT_MAX} characters`);
const PicturesSchema = z.object({ avatarAlt: alt, bannerAlt: alt });

const current = (row: PictureRow | null): CurrentPicture | null =>
  row ? { previewSrc: pictureUrl(pictureObject(row.key, "preview")), width: row.previewWidth, height: row.previewHeight, alt: row.alt ?? "" } : null;

/** What the form starts from: the name, bio and handle, and the current avatar and banner. */
export async function profileSettings(userId: string) {
  const [profile, pictures] = await Promise.all([getEditableProfile(userId), profilePicturesOf(userId)]);
  return { profile, avatar: current(pictures.avatar), banner: current(pictures.banner) };
}

function keptValues(form: FormData): ProfileValues {
  const text = formFields(form, TEXT_FIELDS);
  return { ...text, removeAvatar: form.get("removeAvatar") === "on", removeBanner: form.get("removeBanner") === "on" };
}

const isMultipart = (request: Request) => request.headers.get("content-type")?.toLowerCase().startsWith("multipart/form-data") ?? false;

/** Multipart (the page's form) streamed with its files to temporary files; a plain urlencoded post has no files. */
async function readProfileForm(request: Request): Promise<{ form: FormData; files: TempUpload[]; cleanup(): Promise<void> }> {
  if (isMultipart(request)) return readUploadForm(request, { maxFiles: FILES_PER_FORM.profile, fileField: [...PROFILE_PICTURE_KINDS] });
  return { form: await request.formData(), files: [], cleanup: async () => undefined };
}

type NewPicture = { kind: ProfilePictureKind; picture: ProcessedPicture; alt: string };

/** Stores each new picture as a pending upload of its kind; the ids by kind. */
async function storeNewPictures(user: SessionUser, pictures: NewPicture[]): Promise<Map<ProfilePictureKind, string>> {
  const ids = new Map<ProfilePictureKind, string>();
  for (const { kind, picture, alt } of pictures) {
    const [stored] = await storePendingPictures(user.id, kind, [{ picture, alt }]);
    ids.set(kind, stored!.id);
  }
  return ids;
}

/**
 * POST /settings/profile: the name and bio, a new avatar or banner (each with its description), a description
 * changed alone, or a picture removed. A success redirects to the profile with the flash (Post/Redirect/Get, with
 * JavaScript or without); a refusal renders the form with every text field kept and the message by its field
 * (400, 413, 415, 422, 429, 503).
 */
export async function profileSettingsAction(request: Request, context: AppLoadContext) {
  const user = await requireUser(request);
  let upload;
  try {
    upload = await readProfileForm(request);
  } catch (error) {
    if (!(error instanceof UploadRefused)) throw error;
    return data<ProfileResult>({ errors: { form: error.message }, values: keptValues(error.form) }, { status: error.status });
  }
  const { form, files } = upload;
  const values = keptValues(form);
  const answer = (errors: FieldErrors, init: ResponseInit) => data<ProfileResult>({ errors, values }, init);
  try {
    const text = ProfileSchema.safeParse(formFields(form, ["displayName", "bio"]));
    const pictures = PicturesSchema.safeParse(formFields(form, ["avatarAlt", "bannerAlt"]));
    const errors = { ...(text.success ? {} : fieldErrors(text.error)), ...(pictures.success ? {} : fieldErrors(pictures.error)) };
    for (const kind of PROFILE_PICTURE_KINDS) {
      if (files.filter((file) => file.field === kind).length > 1) errors[kind] = `Choose one ${kind}.`;
    }
    if (!text.success || !pictures.success || Object.keys(errors).length > 0) return answer(errors, { status: 400 });

    const refused =
      (await countRequest(["settingsChangesPerMinute", user.id])) ?? (files.length > 0 ? await countUploads(user, clientIp(context), files.length) : null);
    if (refused) return answer({ form: refused.message }, tooManyRequests(refused));

    // Every file re-encoded before anything is stored: a refused one leaves the profile as it was.
    const fresh: NewPicture[] = [];
    for (const file of files) {
      const kind = file.field as ProfilePictureKind;
      try {
        fresh.push({ kind, picture: await processPicture(file.path, kind), alt: pictures.data[`${kind}Alt`] });
      } catch (error) {
        if (error instanceof PictureRefused) return answer({ [kind]: error.message }, { status: error.status });
        throw error;
      }
    }
    const ids = await storeNewPictures(user, fresh);
    for (const kind of PROFILE_PICTURE_KINDS) {
      const id = ids.get(kind);
      const remove = kind === "avatar" ? values.removeAvatar : values.removeBanner;
      // A new picture wins over "Remove"; either way the one replaced is deleted, its objects queued for the purge.
      if (id) await setProfilePicture(user.id, kind, id);
      else if (remove) await setProfilePicture(user.id, kind, null);
      // Only when the form has the field: a post of the name and bio alone keeps the descriptions.
      else if (typeof form.get(`${kind}Alt`) === "string") await describeProfilePicture(user.id, kind, pictures.data[`${kind}Alt`]);
    }
    await updateProfile(user.id, text.data);
    return redirectWithFlash(`/@${user.handle}`, "profile-saved");
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    return answer({ form: DATABASE_UNAVAILABLE_MESSAGE }, { status: 503 });
  } finally {
    await upload.cleanup();
  }
}
