import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { CognitoFailure, confirmSignUp, isWrongCode, resendConfirmationCode } from "~/auth/cognito.server";
import { requireAnonymous } from "~/auth/session.server";
import { ConfirmSchema, ResendSchema } from "~/auth/validation";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { clearFailures, clientIp, countRequest, refundGuess, takeGuess, tooManyRequests } from "~/security/rate-limits.server";
import { UNKNOWN_INTENT } from "~/routes-support/intent";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { pageMeta } from "~/routes-support/meta";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const meta: MetaFunction = () => pageMeta("Confirm your account · Cruddur", "Enter the code Cruddur sent to your email to confirm your account.");

export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const params = new URL(request.url).searchParams;
  return { email: params.get("email") ?? "" };
}

type Result = { errors: FieldErrors; email?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "resend") {
    const parsed = parseForm(ResendSchema, form);
    if (!parsed.success) return data<Result>({ errors: parsed.errors, email: parsed.values.email }, { status: 400 });
    const refused = await countRequest(["confirmationCodesPerEmail", parsed.data.email], ["confirmationCodesPerIp", clientIp(context)]);
    if (refused) return data<Result>({ errors: { form: refused.message }, email: parsed.data.email }, tooManyRequests(refused));
    try {
      await resendConfirmationCode(parsed.data.email);
    } catch (error) {
      if (!(error instanceof CognitoFailure)) throw error;
      // Unknown emails get the same answer as known ones: the page must not reveal who has an account.
      if (error.code !== "UserNotFoundException" && error.code !== "NotAuthorizedException") {
        return data<Result>({ errors: { [error.field]: error.message }, email: parsed.data.email }, { status: error.status });
      }
    }
    // A new code: the attempts at the old one no longer count.
    await Promise.all([clearFailures("wrongConfirmationCodes", parsed.data.email), clearFailures("confirmationsPerEmail", parsed.data.email)]);
    return redirectWithFlash(`/confirm?${new URLSearchParams({ email: parsed.data.email })}`, "code-resent");
  }
  if (intent !== "confirm") return data<Result>({ errors: { form: UNKNOWN_INTENT } }, { status: 400 });

  const parsed = parseForm(ConfirmSchema, form);
  if (!parsed.success) return data<Result>({ errors: parsed.errors, email: parsed.values.email }, { status: 400 });
  const { email } = parsed.data;
  // A code guessed wrong 5 times is void: refused before Cognito could accept it, until a new one is sent.
  // The guess is counted before it is checked (ADR 012), so guesses sent at once cannot all get through.
  const voided = await takeGuess("wrongConfirmationCodes", email);
  const refused = voided ?? (await countRequest(["confirmationsPerEmail", email], ["confirmationsPerIp", clientIp(context)]));
  if (refused) {
    if (!voided) await refundGuess("wrongConfirmationCodes", email);
    return data<Result>({ errors: { form: refused.message }, email }, tooManyRequests(refused));
  }
  try {
    await confirmSignUp(email, parsed.data.code);
  } catch (error) {
    // A wrong code keeps its point (an unknown email gets the wrong-code answer, toCognitoFailure, and
    // counts the same); any other outcome gives it back.
    if (!(error instanceof CognitoFailure && isWrongCode(error))) await refundGuess("wrongConfirmationCodes", email);
    if (!(error instanceof CognitoFailure)) throw error;
    const alreadyConfirmed = error.code === "NotAuthorizedException";
    if (alreadyConfirmed) return redirectWithFlash(`/signin?${new URLSearchParams({ email })}`, "confirmed");
    return data<Result>({ errors: { [error.field]: error.message }, email }, { status: error.status });
  }
  await clearFailures("wrongConfirmationCodes", email);
  return redirectWithFlash(`/signin?${new URLSearchParams({ email })}`, "confirmed");
}

export default function Confirm() {
  const { email } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <section className="auth-page">
      <h1>Confirm your account</h1>
      <Form method="post" className="stack">
        <FormError>{errors.form}</FormError>
        <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={result?.email ?? email} error={errors.email} />
        <Field label="Confirmation code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\s*\d{6}\s*" error={errors.code} />
        <div className="actions">
          <SubmitButton intent="confirm" pendingText="Confirming…">
            Confirm
          </SubmitButton>
          <SubmitButton intent="resend" pendingText="Sending…" className="secondary">
            Resend code
          </SubmitButton>
        </div>
      </Form>
      <p>
        Already confirmed? <Link to="/signin">Sign in</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
