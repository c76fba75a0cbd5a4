import { useFetcher, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { describedBy, EnhancedField, FormError, TextareaField } from "~/components/forms";
import { BombIcon } from "~/components/icons";
import type { CrudFormResult } from "~/domain/crud-validation";
import { textareaMaxLength } from "~/domain/crud-limits";
import { crudLength } from "~/domain/crud-text";
import { DEFAULT_LIFETIME, LIFETIME_PRESETS, type Lifetime } from "~/domain/lifetime";

/** The signed-in user's default lifetime (settings, ADR 022) rides in the root loader's user. */
type RootData = { user: { defaultTtl?: Lifetime } | null } | undefined;

/**
 * The crud form (or the reply form, with `reply`). Without JavaScript it is a plain form post that
 * redirects back, or comes back with the text kept and the errors (400); with JavaScript it posts
 * through a fetcher, shows the characters left, and clears itself once the crud is stored, with
 * the focus back in the text box for the next one (the layout announces "Your crud is posted.").
 */
export function CrudForm({ max, reply = false, noJsResult }: { max: number; reply?: boolean; noJsResult?: CrudFormResult }) {
  const fetcher = useFetcher<CrudFormResult>();
  const defaultTtl = (useRouteLoaderData("root") as RootData)?.user?.defaultTtl ?? DEFAULT_LIFETIME;
  const result = fetcher.data ?? noJsResult;
  const [text, setText] = useState(result?.values?.message ?? "");
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.ok) return;
    setText("");
    // The button was disabled while sending, which took the focus away from it.
    form.current?.querySelector("textarea")?.focus();
  }, [fetcher.state, fetcher.data]);
  // Links count as 23 characters, as the server counts them (crudLength).
  const left = max - crudLength(text);
  const pending = fetcher.state !== "idle";
  const errors = result?.errors ?? {};
  const label = reply ? "Your reply" : "What would you like to say?";
  return (
    <fetcher.Form method="post" className="crud-form" aria-label={reply ? "Reply" : "Post a crud"} ref={form}>
      <EnhancedField />
      <input type="hidden" name="intent" value={reply ? "reply" : "crud"} />
      <FormError>{errors.form}</FormError>
      <TextareaField
        id="crud-message"
        name="message"
        label={label}
        hiddenLabel={!reply}
        rows={3}
        required
        maxLength={textareaMaxLength(max)}
        placeholder={reply ? "Crud your reply" : "What would you like to say?"}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        describedAlso="crud-message-left"
        error={errors.message}
      />
      <div className="crud-form-bar">
        {/* Read with the text box (aria-describedby), not announced at every keystroke. */}
        <p id="crud-message-left" className={left < 0 ? "left over" : "left"}>
          {text ? `${left} characters left` : `Up to ${max} characters`}
        </p>
        {reply ? null : (
          <div className="field ttl">
            <label htmlFor="crud-ttl">
              <BombIcon /> <span className="visually-hidden">Expires after</span>
            </label>
            <select
              id="crud-ttl"
              name="ttl"
              defaultValue={result?.values?.ttl ?? defaultTtl}
              aria-invalid={errors.ttl ? true : undefined}
              aria-describedby={describedBy("crud-ttl", { error: errors.ttl })}
            >
              {LIFETIME_PRESETS.map((preset) => (
                <option key={preset.value} value={preset.value}>
                  {preset.label}
                </option>
              ))}
            </select>
            {errors.ttl ? (
              <p id="crud-ttl-error" className="field-error">
                {errors.ttl}
              </p>
            ) : null}
          </div>
        )}
        <button type="submit" disabled={pending}>
          {pending ? "Crudding…" : reply ? "Reply" : "Crud"}
        </button>
      </div>
    </fetcher.Form>
  );
}
