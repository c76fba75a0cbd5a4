import { Field } from "./forms";

/**
 * The 6-digit code of an authenticator app (ADR 039, 041): the sign-in's second step, Settings → Security,
 * and the settings forms that ask for the password again of an account that has one. Its own module: only
 * those pages load it.
 */
export function TotpCodeField({ label = "Code from your authenticator app", error, hint }: { label?: string; error?: string; hint?: string }) {
  return (
    <Field
      label={label}
      name="code"
      inputMode="numeric"
      autoComplete="one-time-code"
      required
      pattern="\s*\d{3}\s*\d{3}\s*"
      maxLength={12}
      error={error}
      hint={hint}
    />
  );
}
