import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { authenticate } from "~/auth/account.server";
import { CognitoFailure } from "~/auth/cognito.server";
import { requireAnonymous, safeRedirect } from "~/auth/session.server";
import { beginTwoStep, signedInRedirect } from "~/auth/two-step.server";
import { PASSWORD_MAX } from "~/domain/password-limits";
import { SignInSchema } from "~/auth/validation";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { clearFailures, clientIp, countRequest, refundGuess, takeGuess, tooManyRequests } from "~/security/rate-limits.server";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { pageMeta } from "~/routes-support/meta";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const meta: MetaFunction = () => pageMeta("Sign in · Cruddur", "Sign in to Cruddur to post cruds that expire.");

export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const params = new URL(request.url).searchParams;
  return { email: params.get("email") ?? "", redirectTo: safeRedirect(params.get("redirectTo")) };
}

type Result = { errors: FieldErrors; email?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const form = await request.formData();
  const redirectTo = safeRedirect(form.get("redirectTo"));
  const parsed = parseForm(SignInSchema, form);
  if (!parsed.success) return data<Result>({ errors: parsed.errors, email: parsed.values.email }, { status: 400 });
  const { email } = parsed.data;
  // Refused before Cognito is asked: past the limit even the right password gets this answer. The
  // guess is counted before it is checked (ADR 012), so guesses sent at once cannot all get through.
  const refused = (await countRequest(["signInPerIp", clientIp(context)])) ?? (await takeGuess("signInFailuresPerEmail", email));
  if (refused) return data<Result>({ errors: { form: refused.message }, email }, tooManyRequests(refused));

  let outcome;
  try {
    outcome = await authenticate(email, parsed.data.password);
  } catch (error) {
    // A wrong password, or an unknown email (counted alike: the answer must not tell them apart), keeps
    // its point; any other outcome was not a wrong guess and gives it back.
    if (!(error instanceof CognitoFailure && error.status === 401)) await refundGuess("signInFailuresPerEmail", email);
    if (!(error instanceof CognitoFailure)) throw error;
    if (error.code === "UserNotConfirmedException") {
      return redirectWithFlash(`/confirm?${new URLSearchParams({ email })}`, "unconfirmed");
    }
    return data<Result>({ errors: { [error.field]: error.message }, email }, { status: error.status });
  }
  await clearFailures("signInFailuresPerEmail", email);
  if ("challenge" in outcome) {
    // The password was right; the authenticator code is asked on the next page (ADR 039).
    return redirect("/signin/code", { headers: { "Set-Cookie": await beginTwoStep(outcome.challenge, email, redirectTo) } });
  }
  return signedInRedirect(request, context, outcome.userId, redirectTo);
}

export default function SignIn() {
  const { email, redirectTo } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <section className="auth-page">
      <h1>Sign in to Cruddur</h1>
      <Form method="post" className="stack">
        <FormError>{errors.form}</FormError>
        <input type="hidden" name="redirectTo" value={redirectTo} />
        <Field label="Email" name="email" type="email" autoComplete="email" required defaultValue={result?.email ?? email} error={errors.email} />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX} error={errors.password} />
        <SubmitButton pendingText="Signing in…">Sign in</SubmitButton>
      </Form>
      <p>
        <Link to="/forgot">Forgot your password?</Link>
      </p>
      <p>
        New here? <Link to="/signup">Create an account</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
