import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CognitoFailure, signUp } from "~/auth/cognito.server";
import { newPasswordErrors } from "~/auth/breached-passwords.server";
import { requireAnonymous } from "~/auth/session.server";
import { SignUpSchema } from "~/auth/validation";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, NewPasswordField, SelectField, SubmitButton } from "~/components/forms";
import { useHydrated } from "~/hooks/use-hydrated";
import { secureCookies } from "~/security/cookies.server";
import { DEFAULT_TIME_ZONE, SIGN_UP_TIME_ZONE_MAX_AGE_S, timeZoneCookie, timeZoneFromCookie, timeZoneOptions, TimeZoneSchema } from "~/domain/preferences";
import { isHandleTaken } from "~/models/user.server";
import { clientIp, countRequest, tooManyRequests } from "~/security/rate-limits.server";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { DISPLAY_NAME_INPUT, HANDLE_INPUT, USER_MESSAGES } from "~/domain/user-validation";
import { pageMeta } from "~/routes-support/meta";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const meta: MetaFunction = () => pageMeta("Sign up · Cruddur", "Join Cruddur: micro-blogging where every crud expires.");

export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  // The zone the browser reported on an earlier page (ADR 037), else UTC; with JavaScript the form preselects the browser's own.
  const reported = timeZoneFromCookie(request.headers.get("Cookie"));
  return { timeZone: reported ?? DEFAULT_TIME_ZONE, zones: timeZoneOptions(reported) };
}

/** Sign-up asks once for the zone of exact times; an older form without the field is still taken. */
const SignUpWithZoneSchema = SignUpSchema.extend({ timeZone: TimeZoneSchema.optional() });

type Result = { errors: FieldErrors; values: Record<string, string | undefined> };

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const parsed = parseForm(SignUpWithZoneSchema, await request.formData());
  const { name, email, handle, timeZone } = parsed.values;
  const keep = { name, email, handle, timeZone }; // never the password
  const errors = await newPasswordErrors(parsed);
  if (errors || !parsed.success) return data<Result>({ errors: errors ?? {}, values: keep }, { status: 400 });
  // Checked before Cognito is called, so a taken handle creates nothing anywhere.
  if (await isHandleTaken(parsed.data.handle)) {
    return data<Result>({ errors: { handle: USER_MESSAGES.handleTaken(parsed.data.handle) }, values: keep }, { status: 400 });
  }
  // Only sign-ups that reach Cognito count: a mistyped form is not an account.
  const refused = await countRequest(["signUpPerIp", clientIp(context)]);
  if (refused) return data<Result>({ errors: { form: refused.message }, values: keep }, tooManyRequests(refused));
  try {
    await signUp(parsed.data);
  } catch (error) {
    if (!(error instanceof CognitoFailure)) throw error;
    return data<Result>({ errors: { [error.field]: error.message }, values: keep }, { status: error.status });
  }
  // The zone chosen is remembered in the browser (the `tz` cookie, a year) until a preference is saved in Settings.
  const zone = parsed.data.timeZone;
  const headers = zone ? { "Set-Cookie": timeZoneCookie(zone, { secure: secureCookies(), maxAge: SIGN_UP_TIME_ZONE_MAX_AGE_S }) } : undefined;
  return redirectWithFlash(`/confirm?${new URLSearchParams({ email: parsed.data.email })}`, "code-sent", { headers });
}

/** The browser's own zone (JavaScript only), if the list has it. */
function browserTimeZone(zones: string[]): string | null {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zones.includes(zone) ? zone : null;
  } catch {
    return null;
  }
}

export default function SignUp() {
  const { timeZone, zones } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
  const guessed = useHydrated() && !result ? browserTimeZone(zones) : null;
  const zone = values.timeZone ?? guessed ?? timeZone;
  return (
    <section className="auth-page">
      <h1>Create your account</h1>
      <Form method="post" noValidate={false} className="stack">
        <FormError>{errors.form}</FormError>
        <Field label="Name" name="name" autoComplete="name" required {...DISPLAY_NAME_INPUT} defaultValue={values.name} error={errors.name} />
        <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={values.email} error={errors.email} />
        <Field
          label="Username"
          name="handle"
          autoComplete="username"
          required
          {...HANDLE_INPUT}
          hint={USER_MESSAGES.handleHint}
          defaultValue={values.handle}
          error={errors.handle}
        />
        <NewPasswordField label="Password" name="password" error={errors.password} />
        {/* Remounted when the browser's zone is known, so it becomes the starting value. */}
        <SelectField
          key={zone}
          label="Time zone"
          name="timeZone"
          options={zones.map((name) => ({ value: name, label: name.replaceAll("_", " ") }))}
          defaultValue={zone}
          hint="Exact times (when you hover over a time) are shown in this zone. You can change it in Settings."
          error={errors.timeZone}
        />
        <SubmitButton pendingText="Creating your account…">Sign up</SubmitButton>
      </Form>
      <p>
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
