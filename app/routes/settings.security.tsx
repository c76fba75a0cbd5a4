// Settings → Security (ADR 041): two-step sign-in with an authenticator app. Set up with the password, a
// QR code made on the server and a first code; recovery codes shown once; off or new codes with the
// password and a current code. Every step is a plain form (no JavaScript needed).
import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { cancelSetup, confirmSetup, renewRecoveryCodes, setupInProgress, startSetup, turnOff } from "~/auth/authenticator.server";
import { WRONG_PASSWORD } from "~/auth/account-settings.server";
import { CognitoFailure } from "~/auth/cognito.server";
import { requireUserSession } from "~/auth/session.server";
import { ConfirmAuthenticatorSchema, PASSWORD_MAX, ReauthenticateWithCodeSchema, StartAuthenticatorSchema } from "~/auth/validation";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormError, SubmitButton } from "~/components/forms";
import { TotpCodeField } from "~/components/totp-code-field";
import { SettingsHeader } from "~/components/settings";
import { RECOVERY_CODES_PER_SET } from "~/domain/recovery-code";
import { twoStepState } from "~/models/authenticator.server";
import { redirectWithFlash } from "~/routes-support/flash.server";
import { formIntent } from "~/routes-support/intent";
import { pageMeta } from "~/routes-support/meta";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { countRequest, takeGuess, tooManyRequests, refundGuess } from "~/security/rate-limits.server";
import settingsStyles from "~/styles/settings.css";

export const meta: MetaFunction = () => pageMeta("Security · Cruddur", "Two-step sign-in with an authenticator app, and recovery codes.");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];
export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireUserSession(request);
  const state = await twoStepState(user.id);
  const setup = state.on ? null : await setupInProgress({ userId: user.id, sessionId });
  return { ...state, setup };
}

// Never a password in what comes back; recovery codes only in the answer that made them (shown once).
type Result = { errors: FieldErrors; recoveryCodes?: string[] };

const refusedWith = (error: unknown) => {
  if (!(error instanceof CognitoFailure)) throw error;
  const field = error.code === WRONG_PASSWORD || error.field === "password" ? "password" : error.field === "code" ? "code" : "form";
  return data<Result>({ errors: { [field]: error.message } }, { status: error.status });
};

// The answer that shows recovery codes is never stored by a browser or a proxy.
const showCodes = (recoveryCodes: string[]) => data<Result>({ errors: {}, recoveryCodes }, { headers: { "Cache-Control": "no-store" } });

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await requireUserSession(request);
  const form = await request.formData();
  const intent = formIntent(form, ["start", "confirm", "cancel", "new-codes", "off"]);
  if (intent === "cancel") {
    await cancelSetup(sessionId);
    return redirectWithFlash("/settings/security", "two-step-cancelled");
  }
  if (intent === "confirm") {
    const parsed = parseForm(ConfirmAuthenticatorSchema, form);
    if (!parsed.success) return data<Result>({ errors: parsed.errors }, { status: 400 });
    const refused = await takeGuess("setupCodesPerAccount", user.id);
    if (refused) return data<Result>({ errors: { form: refused.message } }, tooManyRequests(refused));
    try {
      return showCodes(await confirmSetup({ userId: user.id, sessionId, code: parsed.data.code }));
    } catch (error) {
      // Only a wrong code counts; Cognito unreachable or a set-up that ended gives its try back.
      if (!(error instanceof CognitoFailure && error.field === "code")) await refundGuess("setupCodesPerAccount", user.id);
      return refusedWith(error);
    }
  }
  // The others check the password with Cognito: counted before it is asked.
  const parsed = parseForm(intent === "start" ? StartAuthenticatorSchema : ReauthenticateWithCodeSchema, form);
  if (!parsed.success) return data<Result>({ errors: parsed.errors }, { status: 400 });
  const refused = await countRequest(["authenticatorChangesPerAccount", user.id]);
  if (refused) return data<Result>({ errors: { form: refused.message } }, tooManyRequests(refused));
  const { password, code = "" } = parsed.data as { password: string; code?: string };
  try {
    if (intent === "start") {
      await startSetup({ userId: user.id, sessionId, password });
      return redirectWithFlash("/settings/security", "two-step-setup-started");
    }
    if (intent === "new-codes") return showCodes(await renewRecoveryCodes({ userId: user.id, password, code }));
    const ended = await turnOff({ userId: user.id, sessionId, password, code });
    return redirectWithFlash("/settings/security", { key: "two-step-off", count: ended });
  } catch (error) {
    return refusedWith(error);
  }
}

export default function SettingsSecurity() {
  const { on, recoveredAt, codesLeft, setup } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  return (
    <section className="settings-page">
      <SettingsHeader title="Security">
        Two-step sign-in asks for a code from an authenticator app on your phone after your password, so a leaked password is not enough to take your account.
      </SettingsHeader>
      <FormError>{errors.form}</FormError>
      {result?.recoveryCodes ? (
        <RecoveryCodes codes={result.recoveryCodes} />
      ) : on ? (
        <section className="stack" aria-labelledby="two-step-on">
          <h2 id="two-step-on">Two-step sign-in is on</h2>
          <p>{`${codesLeft} of ${RECOVERY_CODES_PER_SET} recovery codes left.${codesLeft <= 3 ? " Make new ones before you run out." : ""}`}</p>
          <Form method="post" className="stack">
            <p className="hint">To make new recovery codes or turn two-step sign-in off, confirm it is you.</p>
            <PasswordField error={errors.password} />
            <TotpCodeField error={errors.code} />
            <div className="actions">
              <SubmitButton intent="new-codes" pendingText="Making codes…">
                Make new recovery codes
              </SubmitButton>
              <SubmitButton intent="off" pendingText="Turning off…" className="danger">
                Turn off two-step sign-in
              </SubmitButton>
            </div>
          </Form>
        </section>
      ) : setup ? (
        <section className="stack" aria-labelledby="two-step-setup">
          <h2 id="two-step-setup">Set up your authenticator app</h2>
          <ol className="setup-steps">
            <li>
              <p>Scan this QR code with an authenticator app (such as Google Authenticator, 1Password or Aegis).</p>
              <div className="qr-code" role="img" aria-label="QR code for your authenticator app" dangerouslySetInnerHTML={{ __html: setup.qrSvg }} />
              <p>
                Or enter this key by hand: <code className="setup-key">{setup.secret.match(/.{1,4}/g)?.join(" ")}</code>
              </p>
            </li>
            <li>
              <Form method="post" className="stack">
                <TotpCodeField label="Code the app shows" error={errors.code} />
                <SubmitButton intent="confirm" pendingText="Checking…">
                  Turn on two-step sign-in
                </SubmitButton>
              </Form>
            </li>
          </ol>
          <Form method="post">
            <SubmitButton intent="cancel" pendingText="Cancelling…" className="secondary">
              Cancel
            </SubmitButton>
          </Form>
        </section>
      ) : (
        <section className="stack" aria-labelledby="two-step-off">
          <h2 id="two-step-off">Two-step sign-in is off</h2>
          {recoveredAt ? <p className="notice">It was turned off when you signed in with a recovery code. Set it up again to keep your account safe.</p> : null}
          <Form method="post" className="stack">
            <PasswordField error={errors.password} />
            <SubmitButton intent="start" pendingText="Starting…">
              Set up an authenticator app
            </SubmitButton>
          </Form>
        </section>
      )}
    </section>
  );
}

function PasswordField({ error }: { error?: string }) {
  return <Field label="Password" name="password" type="password" autoComplete="current-password" required maxLength={PASSWORD_MAX} error={error} />;
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const text = `Cruddur recovery codes\nEach code signs you in once if you lose your authenticator app.\n\n${codes.join("\n")}\n`;
  return (
    <section className="stack" aria-labelledby="recovery-codes">
      <h2 id="recovery-codes">Save your recovery codes</h2>
      <p>
        Two-step sign-in is on. If you lose your phone, each of these codes signs you in once. Keep them somewhere safe:{" "}
        <strong>they are shown only now</strong>.
      </p>
      <ol className="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p className="actions">
        <a href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`} download="cruddur-recovery-codes.txt">
          Download as text
        </a>
        <Link to="/settings/security">I have saved them</Link>
      </p>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
