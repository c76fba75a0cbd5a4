import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, SelectField, SubmitButton } from "~/components/forms";
import { SettingsHeader } from "~/components/settings";
import { getPreferences, updatePreferences } from "~/models/user.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import settingsStyles from "~/styles/settings.css";
import { useHydrated } from "~/hooks/use-hydrated";
import { parseForm, type FieldErrors, type FormValues } from "~/routes-support/parse-form";
import { DEFAULT_TIME_ZONE, preferredLifetime, PreferencesSchema, timeZoneFromCookie, timeZoneOptions } from "~/domain/preferences";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { formatExact } from "~/domain/time";
import { LIFETIME_PRESETS } from "~/domain/lifetime";
import { pageMeta } from "~/routes-support/meta";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const meta: MetaFunction = () => pageMeta("Preferences · Cruddur", "The default lifetime of your new cruds and the time zone of exact times.");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];
export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const stored = await getPreferences(user.id);
  return {
    defaultTtl: preferredLifetime(stored.defaultTtl),
    // null until the person chooses one: exact times are in UTC, and the browser's zone is suggested.
    timeZone: stored.timeZone,
    // Not set: the zone this browser reported (ADR 037) is where the select starts, JavaScript or not.
    reported: stored.timeZone ? null : (timeZoneFromCookie(request.headers.get("Cookie")) ?? null),
    zones: timeZoneOptions(stored.timeZone),
    now: new Date(),
  };
}

type Result = { errors: FieldErrors; values: FormValues };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(PreferencesSchema, await request.formData());
  if (!parsed.success) return data<Result>({ errors: parsed.errors, values: parsed.values }, { status: 400 });
  const refused = await countRequest(["settingsChangesPerMinute", user.id]);
  if (refused) return data<Result>({ errors: { form: refused.message }, values: parsed.values }, tooManyRequests(refused));
  await updatePreferences(user.id, parsed.data);
  return redirectWithFlash("/settings/preferences", "preferences-saved");
}

/** The browser's own zone (JavaScript only), unless it is UTC already. */
function browserTimeZone(): string | null {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && zone !== DEFAULT_TIME_ZONE ? zone : null;
  } catch {
    return null;
  }
}

export default function SettingsPreferences() {
  const { defaultTtl, timeZone, reported, zones, now } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  // Not set yet: with JavaScript, the browser's zone is preselected (and said so); saving stores it.
  const suggested = useHydrated() && !timeZone && !result ? browserTimeZone() : null;
  const options = suggested && !zones.includes(suggested) ? [...zones, suggested] : zones;
  const zone = result?.values.timeZone ?? suggested ?? timeZone ?? reported ?? DEFAULT_TIME_ZONE;
  return (
    <section className="settings-page">
      <SettingsHeader title="Preferences" />
      <Form method="post" className="stack">
        <FormError>{errors.form}</FormError>
        <SelectField
          label="Lifetime of new cruds"
          name="defaultTtl"
          options={LIFETIME_PRESETS}
          defaultValue={result?.values.defaultTtl ?? defaultTtl}
          hint="The composer starts with this; you can still choose another for each crud."
          error={errors.defaultTtl}
        />
        {/* Remounted when the suggestion arrives, so the browser's zone becomes its starting value. */}
        <SelectField
          key={zone}
          label="Time zone"
          name="timeZone"
          options={options.map((name) => ({ value: name, label: name.replaceAll("_", " ") }))}
          defaultValue={zone}
          hint={
            suggested
              ? `Suggested from your browser: ${suggested.replaceAll("_", " ")}. This browser already shows exact times in it; save to keep it for your account.`
              : timeZone
                ? `Exact times (when you hover over a time) are shown in this zone: now is ${formatExact(now, timeZone)}.`
                : "Exact times (when you hover over a time) are shown in your browser's zone, or in UTC without one, until you choose a zone."
          }
          error={errors.timeZone}
        />
        <SubmitButton pendingText="Saving…">Save preferences</SubmitButton>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
