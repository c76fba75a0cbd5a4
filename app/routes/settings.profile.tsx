import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useState } from "react";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SettingsHeader } from "~/components/settings";
import { describedBy, Field, FormError, SubmitButton, TextareaField } from "~/components/forms";
import { ALT_MAX, IMAGE_ACCEPT, IMAGE_FORMATS_IN_WORDS, PICTURE_SIZES } from "~/domain/picture-limits";
import { BIO_INPUT, DISPLAY_NAME_INPUT, USER_MESSAGES } from "~/domain/user-validation";
import { pageMeta } from "~/routes-support/meta";
import { profileSettings, profileSettingsAction, type CurrentPicture, type ProfileResult } from "~/routes-support/profile-pictures.server";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import settingsStyles from "~/styles/settings.css";

export const meta: MetaFunction = () => pageMeta("Edit profile · Cruddur", "Change your display name, bio, avatar and banner on Cruddur.");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];
export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return profileSettings(user.id);
}

/** The name, bio, avatar and banner in one multipart form (the request guard lets this route's files through). */
export const action = ({ request, context }: ActionFunctionArgs) => profileSettingsAction(request, context);

export default function EditProfile() {
  const { profile, avatar, banner } = useLoaderData<typeof loader>();
  const result = useActionData<ProfileResult>();
  const errors = result?.errors ?? {};
  const values = result?.values;
  return (
    <section className="auth-page">
      <SettingsHeader title="Edit profile" />
      {/* Text fields before each file input: a file refused as it is read (too large) still leaves the text read before it. */}
      <Form method="post" encType="multipart/form-data" className="stack profile-form">
        <FormError>{errors.form}</FormError>
        <Field
          label="Display name"
          name="displayName"
          required
          {...DISPLAY_NAME_INPUT}
          defaultValue={values?.displayName ?? profile.displayName}
          error={errors.displayName}
        />
        <TextareaField
          label="Bio"
          name="bio"
          rows={3}
          {...BIO_INPUT}
          defaultValue={values?.bio ?? profile.bio}
          hint={USER_MESSAGES.bioHint}
          error={errors.bio}
        />
        <PictureFields
          kind="avatar"
          current={avatar}
          alt={values?.avatarAlt ?? avatar?.alt ?? ""}
          remove={values?.removeAvatar ?? false}
          errors={errors}
          hint={`${IMAGE_FORMATS_IN_WORDS}, 10 MB at most; cropped to a ${PICTURE_SIZES.avatar.full.width} × ${PICTURE_SIZES.avatar.full.height} square.`}
        />
        <PictureFields
          kind="banner"
          current={banner}
          alt={values?.bannerAlt ?? banner?.alt ?? ""}
          remove={values?.removeBanner ?? false}
          errors={errors}
          hint={`${IMAGE_FORMATS_IN_WORDS}, 10 MB at most; cropped to ${PICTURE_SIZES.banner.full.width} × ${PICTURE_SIZES.banner.full.height} (3 : 1).`}
        />
        <div className="actions">
          <SubmitButton pendingText="Saving…">Save</SubmitButton>
          <a href={`/@${profile.handle}`} className="button secondary">
            Cancel
          </a>
        </div>
      </Form>
    </section>
  );
}

/**
 * One profile picture's fields: what it is now, its description, "Remove", and a file to replace it. With
 * JavaScript a chosen file is previewed in place of the current one (it is only sent with the form).
 */
function PictureFields({
  kind,
  current,
  alt,
  remove,
  errors,
  hint,
}: {
  kind: "avatar" | "banner";
  current: CurrentPicture | null;
  alt: string;
  remove: boolean;
  errors: Partial<Record<string, string>>;
  hint: string;
}) {
  const [chosen, setChosen] = useState<string | null>(null);
  useEffect(() => () => void (chosen && URL.revokeObjectURL(chosen)), [chosen]);
  const name = kind === "avatar" ? "Avatar" : "Banner";
  const id = `field-${kind}`;
  const shown = chosen ?? current?.previewSrc;
  const size = current ?? { width: PICTURE_SIZES[kind].preview.width, height: PICTURE_SIZES[kind].preview.height };
  return (
    <fieldset className={`picture-fields ${kind}-fields`}>
      <legend>{name}</legend>
      {shown ? (
        <figure className={`${kind}-preview`}>
          <img src={shown} alt={chosen ? "" : (current?.alt ?? "")} width={size.width} height={size.height} />
          <figcaption>{chosen ? `Your new ${kind}, once saved` : `Your ${kind} now`}</figcaption>
        </figure>
      ) : (
        <p className="hint">{kind === "avatar" ? "No avatar: your initials on a colour are shown." : "No banner: a plain band is shown."}</p>
      )}
      <TextareaField
        name={`${kind}Alt`}
        label={`${name} description`}
        rows={2}
        maxLength={2 * ALT_MAX}
        defaultValue={alt}
        placeholder="What does it show?"
        hint={kind === "avatar" ? "Read aloud where your avatar is shown on its own, as on your profile." : undefined}
        error={errors[`${kind}Alt`]}
      />
      {current ? (
        <label className="check">
          <input type="checkbox" name={kind === "avatar" ? "removeAvatar" : "removeBanner"} defaultChecked={remove} /> Remove {kind}
        </label>
      ) : null}
      <div className="field">
        <label htmlFor={id}>{current ? `Replace ${kind}` : `Choose ${kind === "avatar" ? "an avatar" : "a banner"}`}</label>
        <input
          id={id}
          type="file"
          name={kind}
          accept={IMAGE_ACCEPT}
          aria-invalid={errors[kind] ? true : undefined}
          aria-describedby={describedBy(id, { hint: true, error: errors[kind] })}
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            setChosen(file ? URL.createObjectURL(file) : null);
          }}
        />
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
        {errors[kind] ? (
          <p id={`${id}-error`} className="field-error">
            {errors[kind]}
          </p>
        ) : null}
      </div>
    </fieldset>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
