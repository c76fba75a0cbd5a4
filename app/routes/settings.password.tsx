import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { changePassword, WRONG_PASSWORD } from "~/auth/account-settings.server";
import { newPasswordErrors } from "~/auth/breached-passwords.server";
import { CognitoFailure } from "~/auth/cognito.server";
import { requireUser, requireUserSession } from "~/auth/session.server";
import { PASSWORD_MAX } from "~/domain/password-limits";
import { ChangePasswordSchema } from "~/auth/validation";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, NewPasswordField, SubmitButton } from "~/components/forms";
import { TotpCodeField } from "~/components/totp-code-field";
import { twoStepState } from "~/models/authenticator.server";
import { SettingsHeader } from "~/components/settings";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import settingsStyles from "~/styles/settings.css";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { pageMeta } from "~/routes-support/meta";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const meta: MetaFunction = () => pageMeta("Change password · Cruddur", "Change the password of your Cruddur account.");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];
export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // An account with an authenticator app confirms the change with a code too (ADR 041).
  return { twoStep: (await twoStepState(user.id)).on };
}

// Never a password in what comes back: the form starts empty after any answer.
type Result = { errors: FieldErrors };

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await requireUserSession(request);
  const parsed = parseForm(ChangePasswordSchema, await request.formData());
  // Refused before the current password is tried: nothing is counted or asked of Cognito.
  const errors = await newPasswordErrors(parsed);
  if (errors || !parsed.success) return data<Result>({ errors: errors ?? {} }, { status: 400 });
  const refused = await countRequest(["passwordChangesPerAccount", user.id]);
  if (refused) return data<Result>({ errors: { form: refused.message } }, tooManyRequests(refused));
  let ended: number;
  try {
    ended = await changePassword({
      userId: user.id,
      sessionId,
      currentPassword: parsed.data.currentPassword,
      newPassword: parsed.data.password,
      code: parsed.data.code,
    });
  } catch (error) {
    if (!(error instanceof CognitoFailure)) throw error;
    const field = error.code === WRONG_PASSWORD ? "currentPassword" : error.field === "password" || error.field === "code" ? error.field : "form";
    return data<Result>({ errors: { [field]: error.message } }, { status: error.status });
  }
  return redirectWithFlash("/settings/password", { key: "password-changed", count: ended });
}

export default function SettingsPassword() {
  const { twoStep } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <section className="settings-page">
      <SettingsHeader title="Change password">Every other device signed in to your account is signed out when the password changes.</SettingsHeader>
      <Form method="post" className="stack">
        <FormError>{errors.form}</FormError>
        <Field
          label="Current password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          maxLength={PASSWORD_MAX}
          error={errors.currentPassword}
        />
        {twoStep || errors.code ? <TotpCodeField error={errors.code} /> : null}
        <NewPasswordField label="New password" name="password" error={errors.password} />
        <NewPasswordField label="New password again" name="confirmPassword" error={errors.confirmPassword} />
        <SubmitButton pendingText="Changing…">Change password</SubmitButton>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
