// The sign-in's second step (ADR 039): the 6-digit code from an authenticator app. The page holds no
// email, password or Cognito session: the browser's pending-sign-in cookie names them server-side.
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { requireAnonymous } from "~/auth/session.server";
import { abandonTwoStep, answerCode, answerRecoveryCode, clearPendingCookie, hasPendingSignIn, signedInRedirect } from "~/auth/two-step.server";
import { RecoveryCodeSchema, SignInCodeSchema } from "~/auth/validation";
import { RECOVERY_CODE_INPUT_MAX } from "~/domain/recovery-code";
import { flashCookieHeader } from "~/routes-support/flash.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { TotpCodeField } from "~/components/totp-code-field";
import { redirectWithFlash } from "~/routes-support/flash.server";
import { UNKNOWN_INTENT } from "~/routes-support/intent";
import { pageMeta } from "~/routes-support/meta";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { headersWithRetryAfter } from "~/routes-support/retry-after";

export const meta: MetaFunction = () => pageMeta("Enter your code · Cruddur", "Enter the code from your authenticator app to sign in to Cruddur.");

export const headers = headersWithRetryAfter;

const ended = async () => redirectWithFlash("/signin", "sign-in-ended", { headers: { "Set-Cookie": await clearPendingCookie() } });

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  // No pending sign-in (none, or past its deadline): nothing to answer here.
  if (!(await hasPendingSignIn(request))) throw await ended();
  return null;
}

type Result = { errors: FieldErrors; recovering?: boolean };

export async function action({ request, context }: ActionFunctionArgs) {
  await requireAnonymous(request);
  const form = await request.formData();
  const intent = form.get("intent");
  if (intent === "cancel") {
    await abandonTwoStep(request);
    return redirect("/signin", { headers: { "Set-Cookie": await clearPendingCookie() } });
  }
  if (intent !== "verify" && intent !== "recover") return data<Result>({ errors: { form: UNKNOWN_INTENT } }, { status: 400 });
  let outcome;
  if (intent === "verify") {
    const parsed = parseForm(SignInCodeSchema, form);
    if (!parsed.success) return data<Result>({ errors: parsed.errors }, { status: 400 });
    outcome = await answerCode(request, context, parsed.data.code);
  } else {
    const parsed = parseForm(RecoveryCodeSchema, form);
    if (!parsed.success) return data<Result>({ errors: parsed.errors, recovering: true }, { status: 400 });
    outcome = await answerRecoveryCode(request, context, parsed.data.recoveryCode);
  }
  const field = intent === "verify" ? "code" : "recoveryCode";
  switch (outcome.kind) {
    case "ended":
      return ended();
    case "refused": {
      const headers: Record<string, string> = outcome.retryAfter ? { "Retry-After": String(outcome.retryAfter) } : {};
      return data<Result>(
        { errors: { [outcome.status === 400 ? field : "form"]: outcome.message }, recovering: intent === "recover" },
        { status: outcome.status, headers },
      );
    }
    case "signed-in": {
      const cookies = [await clearPendingCookie()];
      // A recovery code turned the authenticator app off: Settings → Security says so and offers to set it up again.
      if (intent === "recover") cookies.push(await flashCookieHeader("signed-in-with-recovery-code"));
      return signedInRedirect(request, context, outcome.userId, outcome.redirectTo, cookies);
    }
  }
}

export default function SignInCode() {
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <section className="auth-page">
      <h1>Enter your code</h1>
      <p>Open the authenticator app you set up for Cruddur and enter the 6-digit code it shows.</p>
      <Form method="post" className="stack">
        <FormError>{errors.form}</FormError>
        <TotpCodeField error={errors.code} />
        <SubmitButton intent="verify" pendingText="Checking…">
          Sign in
        </SubmitButton>
      </Form>
      <p>The code changes every 30 seconds; this page waits 3 minutes for it.</p>
      <details className="recovery" open={result?.recovering}>
        <summary>Lost your phone? Use a recovery code instead</summary>
        <Form method="post" className="stack">
          <p className="hint">Signing in with a recovery code turns two-step sign-in off; you can set it up again in Settings → Security.</p>
          <Field
            label="Recovery code"
            name="recoveryCode"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={RECOVERY_CODE_INPUT_MAX}
            error={errors.recoveryCode}
          />
          <SubmitButton intent="recover" pendingText="Checking…">
            Sign in with recovery code
          </SubmitButton>
        </Form>
      </details>
      <Form method="post">
        <SubmitButton intent="cancel" pendingText="Going back…" className="secondary">
          Start again
        </SubmitButton>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
