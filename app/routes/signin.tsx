import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { authenticate } from "~/auth/account.server";
import { CognitoFailure } from "~/auth/cognito.server";
import { createSession, destroySession, requireAnonymous, safeRedirect } from "~/auth/session.server";
import { fieldErrors, formFields, PASSWORD_MAX, SignInSchema, type FieldErrors } from "~/auth/validation";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, Notice, SubmitButton } from "~/components/forms";

export const meta: MetaFunction = () => [{ title: "Sign in · Cruddur" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  const params = new URL(request.url).searchParams;
  const notice = params.has("confirmed")
    ? "Account confirmed. Sign in to start crudding."
    : params.has("reset")
      ? "Your password has been reset. Sign in with the new one."
      : undefined;
  return { email: params.get("email") ?? "", redirectTo: safeRedirect(params.get("redirectTo")), notice };
}

type Result = { errors: FieldErrors; email?: string };

export async function action({ request }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const form = await request.formData();
  const values = formFields(form, ["email", "password"]);
  const redirectTo = safeRedirect(form.get("redirectTo"));
  const parsed = SignInSchema.safeParse(values);
  if (!parsed.success) return data<Result>({ errors: fieldErrors(parsed.error), email: values.email }, { status: 400 });

  let userId: string;
  try {
    userId = await authenticate(parsed.data.email, parsed.data.password);
  } catch (error) {
    if (!(error instanceof CognitoFailure)) throw error;
    if (error.code === "UserNotConfirmedException") {
      return redirect(`/confirm?${new URLSearchParams({ email: parsed.data.email, unconfirmed: "1" })}`);
    }
    return data<Result>({ errors: { form: error.message }, email: parsed.data.email }, { status: error.status });
  }
  // A new session id on every sign-in; whatever session this browser had is deleted.
  await destroySession(request);
  return redirect(redirectTo, { headers: { "Set-Cookie": await createSession(userId) } });
}

export default function SignIn() {
  const { email, redirectTo, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <section className="auth-page">
      <h1>Sign in to Cruddur</h1>
      <Notice>{notice}</Notice>
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
