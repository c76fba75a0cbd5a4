import { useNavigation } from "@remix-run/react";
import type { FormEvent, InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from "react";
import { PASSWORD_MAX, PASSWORD_MIN } from "~/domain/password-limits";
import { useHydrated } from "~/hooks/use-hydrated";

/**
 * The `aria-describedby` of a field: its hint, any other description (a counter), then its error,
 * so a hint is still read when there is an error. The ids are `${id}-hint` and `${id}-error`.
 */
export function describedBy(id: string, { hint, error, also }: { hint?: unknown; error?: unknown; also?: string }): string | undefined {
  return [hint ? `${id}-hint` : null, also ?? null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
}

function FieldNotes({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

/**
 * A field with an error asks for the focus (ADR 035): without JavaScript the browser gives it to the
 * first such field of the page; with JavaScript `RouteFocus` (route-focus.tsx) does the same after a
 * form's answer (React's autoFocus acts on mount only, so it never moves focus on its own later).
 */
const invalid = (error: unknown) => (error ? { "aria-invalid": true as const, autoFocus: true } : {});

/** A labelled input with its error wired up for assistive technology (aria-invalid, aria-describedby). */
export function Field({
  label,
  name,
  error,
  hint,
  ...input
}: { label: string; name: string; error?: string; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} {...invalid(error)} aria-describedby={describedBy(id, { hint, error })} {...input} />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/**
 * A labelled textarea, wired like `Field`: its hint stays described when an error is shown. `id`
 * defaults to `field-${name}`; `describedAlso` adds another description (the crud form's counter);
 * `hiddenLabel` keeps the label for assistive technology only.
 */
export function TextareaField({
  label,
  name,
  id = `field-${name}`,
  error,
  hint,
  describedAlso,
  hiddenLabel = false,
  ...textarea
}: {
  label: ReactNode;
  name: string;
  id?: string;
  error?: string;
  hint?: ReactNode;
  describedAlso?: string;
  hiddenLabel?: boolean;
} & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className="field">
      <label htmlFor={id} className={hiddenLabel ? "visually-hidden" : undefined}>
        {label}
      </label>
      <textarea id={id} name={name} {...invalid(error)} aria-describedby={describedBy(id, { hint, error, also: describedAlso })} {...textarea} />
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

/** A labelled select, wired like `Field`: its hint stays described when an error is shown. */
export function SelectField({
  label,
  name,
  options,
  error,
  hint,
  ...select
}: {
  label: string;
  name: string;
  options: readonly { value: string; label: string }[];
  error?: string;
  hint?: ReactNode;
} & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = `field-${name}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} {...invalid(error)} aria-describedby={describedBy(id, { hint, error })} {...select}>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNotes id={id} hint={hint} error={error} />
    </div>
  );
}

export function FormError({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <p className="form-error" role="alert">
      {children}
    </p>
  );
}

/** A submit button that says what is happening while its form is being sent (JavaScript on). */
export function SubmitButton({ children, pendingText, intent, className }: { children: ReactNode; pendingText: string; intent?: string; className?: string }) {
  const navigation = useNavigation();
  const pending = navigation.state !== "idle" && navigation.formMethod === "POST" && (intent === undefined || navigation.formData?.get("intent") === intent);
  return (
    <button type="submit" name={intent ? "intent" : undefined} value={intent} disabled={pending} aria-disabled={pending} className={className}>
      {pending ? pendingText : children}
    </button>
  );
}

/** A new password, with the pool's rules (app/auth/validation.ts) as its HTML limits and hint. */
export function NewPasswordField({ label, name, error }: { label: string; name: string; error?: string }) {
  return (
    <Field
      label={label}
      name={name}
      type="password"
      autoComplete="new-password"
      required
      minLength={PASSWORD_MIN}
      maxLength={PASSWORD_MAX}
      hint={`At least ${PASSWORD_MIN} characters.`}
      error={error}
    />
  );
}

/**
 * A hidden field present only once JavaScript runs: actions answer such (fetcher) posts with data,
 * and plain form posts with a redirect (Post/Redirect/Get), so both keep the visitor in place.
 */
export function EnhancedField() {
  return useHydrated() ? <input type="hidden" name="enhanced" value="1" /> : null;
}

/**
 * The submit handler of a plain `<form method="post" action>` that sends it through `submit` (a fetcher's, or
 * `useSubmit`'s to navigate): with JavaScript the request a Remix `<Form>` sends (method, action and the pressed
 * button's value read from the markup); without it the form posts itself. Crud cards use it instead of
 * `<Form>`/`fetcher.Form`, which resolve their action against the route tree on every render, three times per
 * card and dozens of cards per page (ADR 047).
 */
export const submitThrough = (submit: (target: HTMLFormElement | HTMLButtonElement) => void) => (event: FormEvent<HTMLFormElement>) => {
  event.preventDefault();
  submit(((event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null) ?? event.currentTarget);
};
