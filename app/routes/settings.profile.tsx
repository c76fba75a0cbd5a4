import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SubmitButton, TextareaField } from "~/components/forms";
import { getEditableProfile, updateProfile } from "~/models/user.server";
import { redirectWithFlash } from "~/routes-support/flash.server";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { ProfileSchema } from "~/auth/validation";
import { BIO_INPUT, DISPLAY_NAME_INPUT, USER_MESSAGES } from "~/domain/user-validation";
import { pageMeta } from "~/routes-support/meta";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";

export const meta: MetaFunction = () => pageMeta("Edit profile · Cruddur", "Change your display name and bio on Cruddur.");
export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { profile: await getEditableProfile(user.id) };
}

type Result = { errors: FieldErrors; values: { displayName?: string; bio?: string } };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(ProfileSchema, await request.formData());
  if (!parsed.success) return data<Result>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const refused = await countRequest(["settingsChangesPerMinute", user.id]);
  if (refused) return data<Result>({ errors: { form: refused.message }, values: parsed.values }, tooManyRequests(refused));
  await updateProfile(user.id, parsed.data);
  return redirectWithFlash(`/@${user.handle}`, "profile-saved");
}

export default function EditProfile() {
  const { profile } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <section className="auth-page">
      <h1>Edit profile</h1>
      <Form method="post" className="stack">
        <FormError>{errors.form}</FormError>
        <Field
          label="Display name"
          name="displayName"
          required
          {...DISPLAY_NAME_INPUT}
          defaultValue={result?.values.displayName ?? profile.displayName}
          error={errors.displayName}
        />
        <TextareaField
          label="Bio"
          name="bio"
          rows={3}
          {...BIO_INPUT}
          defaultValue={result?.values.bio ?? profile.bio}
          hint={USER_MESSAGES.bioHint}
          error={errors.bio}
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

export const ErrorBoundary = GeneralErrorBoundary;
