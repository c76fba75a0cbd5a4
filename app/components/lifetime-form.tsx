import { Form } from "@remix-run/react";
import { useNow } from "~/components/clock";
import { describedBy, FormError, SubmitButton } from "~/components/forms";
import { BombIcon } from "~/components/icons";
import { shorterLifetimes, type ShortenResult } from "~/domain/shorten-lifetime";
import { formatExact, formatTimeLeft } from "~/domain/time";

/**
 * The author's form to shorten a live crud (and its replies): a plain POST to the thread page, so it
 * works without JavaScript (the page comes back with the message on a refusal, else redirects).
 * It offers only the presets that end sooner than the crud does now; the action checks again.
 */
export function LifetimeForm({ crud, result }: { crud: { id: string; expiresAt: Date }; result?: ShortenResult }) {
  const now = useNow();
  const choices = shorterLifetimes(crud.expiresAt.getTime() - now.getTime());
  const errors = result?.errors ?? {};
  // The longest shorter preset by default: "Expire now" is never one click away by accident.
  const selected = choices.some((choice) => choice.value === result?.values.ttl) ? result?.values.ttl : (choices[1] ?? choices[0])?.value;
  return (
    <section className="panel lifetime" id="lifetime" aria-labelledby="lifetime-title">
      <h2 id="lifetime-title">Lifetime</h2>
      <p id="lifetime-hint" className="hint">
        Expires in {formatTimeLeft(crud.expiresAt, now)} (<time dateTime={crud.expiresAt.toISOString()}>{formatExact(crud.expiresAt)}</time>). You can make it
        end sooner, with its replies, never later.
      </p>
      <Form method="post" className="lifetime-form" aria-label="Shorten the lifetime">
        <FormError>{errors.form}</FormError>
        <div className="field">
          <label htmlFor="lifetime-ttl">
            <BombIcon /> Expire
          </label>
          <select
            id="lifetime-ttl"
            name="ttl"
            defaultValue={selected}
            aria-invalid={errors.ttl ? true : undefined}
            aria-describedby={describedBy("lifetime-ttl", { error: errors.ttl, also: "lifetime-hint" })}
          >
            {choices.map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.value === "now" ? choice.label : `${choice.label} from now`}
              </option>
            ))}
          </select>
          {errors.ttl ? (
            <p id="lifetime-ttl-error" className="field-error">
              {errors.ttl}
            </p>
          ) : null}
        </div>
        <SubmitButton intent="shorten" pendingText="Shortening…" className="secondary">
          Shorten
        </SubmitButton>
      </Form>
    </section>
  );
}
