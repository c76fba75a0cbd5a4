import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { CognitoFailure, signUp } from "~/auth/cognito.server";
import { requireAnonymous } from "~/auth/session.server";
import { SignUpSchema } from "~/auth/validation";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, NewPasswordField, SubmitButton } from "~/components/forms";
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
  return null;
}

type Result = { errors: FieldErrors; values: Record<string, string | undefined> };

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const parsed = parseForm(SignUpSchema, await request.formData());
  const { name, email, handle } = parsed.values;
  const keep = { name, email, handle }; // never the password
  if (!parsed.success) return data<Result>({ errors: parsed.errors, values: keep }, { status: 400 });
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
  return redirectWithFlash(`/confirm?${new URLSearchParams({ email: parsed.data.email })}`, "code-sent");
}

export default function SignUp() {
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const values = result?.values ?? {};
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
        <SubmitButton pendingText="Creating your account…">Sign up</SubmitButton>
      </Form>
      <p>
        Already have an account? <Link to="/signin">Sign in</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
