import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { deleteAccount, type DeletionOutcome } from "~/auth/account-settings.server";
import { CognitoFailure } from "~/auth/cognito.server";
import { destroySession, requireUser } from "~/auth/session.server";
import { PASSWORD_MAX } from "~/domain/password-limits";
import { DeleteAccountSchema } from "~/auth/validation";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { TotpCodeField } from "~/components/totp-code-field";
import { twoStepState } from "~/models/authenticator.server";
import { SettingsHeader } from "~/components/settings";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import settingsStyles from "~/styles/settings.css";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { HANDLE_WITH_AT_INPUT } from "~/domain/user-validation";
import { pageMeta } from "~/routes-support/meta";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const meta: MetaFunction = () => pageMeta("Delete account · Cruddur", "Delete your Cruddur account and everything it holds.");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];
export const headers = headersWithRetryAfter;

/** What the home page says after a deletion, signed out, by how it went (ADR 022). */
const DELETED: Record<DeletionOutcome, "account-deleted" | "account-deleted-login-kept" | "account-deleted-rows-pending"> = {
  deleted: "account-deleted",
  "cognito-pending": "account-deleted-login-kept",
  "rows-pending": "account-deleted-rows-pending",
};

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  // An account with an authenticator app confirms with a code too (ADR 041).
  return { handle: user.handle, twoStep: (await twoStepState(user.id)).on };
}

type Result = { errors: FieldErrors; confirmation?: string };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(DeleteAccountSchema, await request.formData());
  const confirmation = parsed.values.confirmation;
  if (!parsed.success) return data<Result>({ errors: parsed.errors, confirmation }, { status: 400 });
  if (parsed.data.confirmation !== user.handle) {
    return data<Result>({ errors: { confirmation: `Type your username, ${user.handle}, to confirm.` }, confirmation }, { status: 400 });
  }
  const refused = await countRequest(["accountDeletionsPerAccount", user.id]);
  if (refused) return data<Result>({ errors: { form: refused.message }, confirmation }, tooManyRequests(refused));
  let outcome: DeletionOutcome;
  try {
    outcome = await deleteAccount({ userId: user.id, password: parsed.data.password, code: parsed.data.code });
  } catch (error) {
    if (!(error instanceof CognitoFailure)) throw error;
    const field = error.field === "password" || error.field === "code" ? error.field : "form";
    return data<Result>({ errors: { [field]: error.message }, confirmation }, { status: error.status });
  }
  // Signed out now: home, saying how it went.
  return redirectWithFlash("/", DELETED[outcome], { headers: { "Set-Cookie": await destroySession(request) } });
}

export default function SettingsDelete() {
  const { handle, twoStep } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <section className="settings-page">
      <SettingsHeader title="Delete account" />
      <div className="danger-zone stack">
        <p>
          This deletes your account for good: your cruds and their replies, your likes, reposts, follows, blocks and mutes, your notifications and your
          conversations. Your username @{handle} becomes free for someone else. It cannot be undone.
        </p>
        <p className="hint">Reports you made stay with the moderators, without your name, for at most 30 days.</p>
        <Form method="post" className="stack">
          <FormError>{errors.form}</FormError>
          <Field label="Password" name="password" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX} error={errors.password} />
          {twoStep || errors.code ? <TotpCodeField error={errors.code} /> : null}
          <Field
            label={`Type your username (${handle}) to confirm`}
            name="confirmation"
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            required
            {...HANDLE_WITH_AT_INPUT}
            defaultValue={result?.confirmation}
            error={errors.confirmation}
          />
          <SubmitButton pendingText="Deleting…" className="danger">
            Delete my account
          </SubmitButton>
        </Form>
      </div>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
