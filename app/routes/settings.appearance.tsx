import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useRouteLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, SelectField, SubmitButton } from "~/components/forms";
import { SettingsHeader } from "~/components/settings";
import { updateTheme } from "~/models/user.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import settingsStyles from "~/styles/settings.css";
import { parseForm, type FieldErrors, type FormValues } from "~/routes-support/parse-form";
import { AppearanceSchema, THEME_LABELS, THEMES, type Theme } from "~/domain/preferences";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { pageMeta } from "~/routes-support/meta";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const meta: MetaFunction = () => pageMeta("Appearance · Cruddur", "Dark, light, or the same as your device.");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];
export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireUser(request);
  // The theme itself comes with the root loader's user (it paints <html data-theme>).
  return null;
}

type Result = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(AppearanceSchema, await request.formData());
  if (!parsed.success) return data<Result>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const refused = await countRequest(["settingsChangesPerMinute", user.id]);
  if (refused) return data<Result>({ errors: { form: refused.message }, values: parsed.values }, tooManyRequests(refused));
  await updateTheme(user.id, parsed.data.theme);
  // A full page comes back (Post/Redirect/Get), painted in the new theme, JavaScript or not.
  return redirectWithFlash("/settings/appearance", "preferences-saved");
}

type RootData = { user: { theme: Theme } | null } | undefined;

export default function SettingsAppearance() {
  const theme = (useRouteLoaderData("root") as RootData)?.user?.theme ?? "system";
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <section className="settings-page">
      <SettingsHeader title="Appearance" />
      <Form method="post" className="stack">
        <FormError>{errors.form}</FormError>
        <SelectField
          label="Theme"
          name="theme"
          options={THEMES.map((value) => ({ value, label: THEME_LABELS[value] }))}
          defaultValue={result?.values.theme ?? theme}
          hint="“Same as this device” follows its light or dark setting; signed out, Cruddur always does."
          error={errors.theme}
        />
        <SubmitButton pendingText="Saving…">Save appearance</SubmitButton>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
