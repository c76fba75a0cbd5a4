import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { newPasswordErrors } from "~/auth/breached-passwords.server";
import { CognitoFailure, confirmForgotPassword, forgotPassword, isWrongCode } from "~/auth/cognito.server";
import { deleteSessionsOfEmail, requireAnonymous } from "~/auth/session.server";
import { PASSWORD_MAX } from "~/domain/password-limits";
import { ForgotSchema, ResetSchema } from "~/auth/validation";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, NewPasswordField, SubmitButton } from "~/components/forms";
import { clearFailures, clientIp, countRequest, refundGuess, takeGuess, tooManyRequests } from "~/security/rate-limits.server";
import { UNKNOWN_INTENT } from "~/routes-support/intent";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { pageMeta } from "~/routes-support/meta";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const meta: MetaFunction = () => pageMeta("Reset your password · Cruddur", "Get a code by email and choose a new Cruddur password.");

export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const params = new URL(request.url).searchParams;
  const step = params.get("step");
  return { email: params.get("email") ?? "", step: step === "sent" || step === "done" ? step : "start" };
}

type Result = { errors: FieldErrors; email?: string; step: "start" | "sent" };

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const form = await request.formData();
  const intent = form.get("intent");

  if (intent === "send-code") {
    const parsed = parseForm(ForgotSchema, form);
    if (!parsed.success) return data<Result>({ errors: parsed.errors, email: parsed.values.email, step: "start" }, { status: 400 });
    const refused = await countRequest(["resetCodesPerEmail", parsed.data.email], ["resetCodesPerIp", clientIp(context)]);
    if (refused) return data<Result>({ errors: { form: refused.message }, email: parsed.data.email, step: "start" }, tooManyRequests(refused));
    try {
      await forgotPassword(parsed.data.email);
    } catch (error) {
      if (!(error instanceof CognitoFailure)) throw error;
      // Unknown emails get the same answer as known ones: the page must not reveal who has an account.
      if (error.code !== "UserNotFoundException") {
        return data<Result>({ errors: { [error.field]: error.message }, email: parsed.data.email, step: "start" }, { status: error.status });
      }
    }
    // A new code: the attempts at the old one no longer count.
    await Promise.all([clearFailures("wrongResetCodes", parsed.data.email), clearFailures("resetsPerEmail", parsed.data.email)]);
    return redirectWithFlash(`/forgot?${new URLSearchParams({ email: parsed.data.email, step: "sent" })}`, "reset-code-sent");
  }
  if (intent !== "reset") return data<Result>({ errors: { form: UNKNOWN_INTENT }, step: "start" }, { status: 400 });

  const parsed = parseForm(ResetSchema, form);
  // A listed new password is a mistyped form, not a guess of the code: refused before the code counts.
  const errors = await newPasswordErrors(parsed);
  if (errors || !parsed.success) return data<Result>({ errors: errors ?? {}, email: parsed.values.email, step: "sent" }, { status: 400 });
  const { email } = parsed.data;
  // A code guessed wrong 5 times is void: refused before Cognito could accept it, until a new one is sent.
  // The guess is counted before it is checked (ADR 012), so guesses sent at once cannot all get through.
  const voided = await takeGuess("wrongResetCodes", email);
  const refused = voided ?? (await countRequest(["resetsPerEmail", email], ["resetsPerIp", clientIp(context)]));
  if (refused) {
    if (!voided) await refundGuess("wrongResetCodes", email);
    return data<Result>({ errors: { form: refused.message }, email, step: "sent" }, tooManyRequests(refused));
  }
  try {
    await confirmForgotPassword(email, parsed.data.code, parsed.data.password);
  } catch (error) {
    // A wrong code keeps its point (an unknown email gets the wrong-code answer, toCognitoFailure, and
    // counts the same); any other outcome gives it back.
    if (!(error instanceof CognitoFailure && isWrongCode(error))) await refundGuess("wrongResetCodes", email);
    if (!(error instanceof CognitoFailure)) throw error;
    return data<Result>({ errors: { [error.field]: error.message }, email, step: "sent" }, { status: error.status });
  }
  await clearFailures("wrongResetCodes", email);
  // A new password ends every session the account had (ASVS 3.3.3): whoever knew the old one is out.
  await deleteSessionsOfEmail(email);
  return redirect("/forgot?step=done");
}

export default function Forgot() {
  const loaderData = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const step = result?.step ?? loaderData.step;
  const email = result?.email ?? loaderData.email;

  if (step === "done") {
    return (
      <section className="auth-page">
        <h1>Your password has been reset</h1>
        <p>
          <Link to="/signin" className="button">
            Sign in
          </Link>
        </p>
      </section>
    );
  }
  return (
    <section className="auth-page">
      <h1>Reset your password</h1>
      {step === "sent" ? (
        <>
          <Form method="post" className="stack">
            <FormError>{errors.form}</FormError>
            <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={email} error={errors.email} />
            <Field label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" required pattern="\s*\d{6}\s*" error={errors.code} />
            <NewPasswordField label="New password" name="password" error={errors.password} />
            <Field
              label="Confirm new password"
              name="confirmPassword"
              type="password"
              autoComplete="new-password"
              required
              maxLength={PASSWORD_MAX}
              error={errors.confirmPassword}
            />
            <SubmitButton intent="reset" pendingText="Resetting…">
              Reset password
            </SubmitButton>
          </Form>
          <p>
            No code, or it no longer works? <Link to={`/forgot?${new URLSearchParams({ email })}`}>Ask for a new code</Link>
          </p>
        </>
      ) : (
        <Form method="post" className="stack">
          <FormError>{errors.form}</FormError>
          <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={email} error={errors.email} />
          <SubmitButton intent="send-code" pendingText="Sending…">
            Send me a code
          </SubmitButton>
        </Form>
      )}
      <p>
        Remembered it? <Link to="/signin">Sign in</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
