import { useFetcher, useLocation, useRouteLoaderData } from "@remix-run/react";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { describedBy, EnhancedField, FormError, TextareaField } from "~/components/forms";
import { BombIcon } from "~/components/icons";
import { showStatus } from "~/components/status-message";
import type { ChosenFile } from "~/components/composer-images";
import type { CrudFormResult } from "~/domain/crud-validation";
import { textareaMaxLength } from "~/domain/crud-limits";
import { crudLength } from "~/domain/crud-text";
import { DEFAULT_LIFETIME, LIFETIME_PRESETS, type Lifetime } from "~/domain/lifetime";
import { CONTENT_WARNING_MAX, IMAGE_ACCEPT, IMAGE_FORMATS_IN_WORDS, IMAGES_MAX } from "~/domain/picture-limits";

/** The signed-in user's default lifetime (settings, ADR 022) rides in the root loader's user. */
type RootData = { user: { defaultTtl?: Lifetime } | null } | undefined;

// What a composer shows only once there are images (or a question about them): loaded then, so the
// page's JavaScript carries the text box alone (ADR 026); rendered on the server as any component.
const ComposerImages = lazy(() => import("~/components/composer-images").then((module) => ({ default: module.ComposerImages })));
const DescriptionQuestion = lazy(() => import("~/components/composer-images").then((module) => ({ default: module.DescriptionQuestion })));

/**
 * The crud form (or the reply form, with `replyTo`), posted to /compose as one multipart form with its images
 * (ADR 033). Without JavaScript it is a plain form post that redirects back, or renders the compose page with
 * everything kept (the errors, or the question about descriptions); with JavaScript it posts through a fetcher,
 * shows the characters left, previews chosen images with a description field each, and clears itself once the
 * crud is stored, with the focus back in the text box (the layout announces "Your crud is posted.").
 */
export function CrudForm({
  max,
  replyTo,
  noJsResult,
  backTo,
}: {
  max: number;
  /** The crud this form answers: a reply form. */
  replyTo?: string;
  /** What /compose answered without JavaScript (the compose page passes it). */
  noJsResult?: CrudFormResult;
  /** Where a post without JavaScript goes back to; by default the page the form is on. */
  backTo?: string;
}) {
  const fetcher = useFetcher<CrudFormResult>();
  const location = useLocation();
  const defaultTtl = (useRouteLoaderData("root") as RootData)?.user?.defaultTtl ?? DEFAULT_LIFETIME;
  const result = fetcher.data ?? noJsResult;
  const [text, setText] = useState(result?.values?.message ?? "");
  const [chosen, setChosen] = useState<ChosenFile[]>([]);
  const form = useRef<HTMLFormElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const reply = replyTo !== undefined;
  const pending = result?.ok ? [] : (result?.pending ?? []);

  // Once the server has answered, the chosen files are either held as pending uploads or refused: never sent twice.
  // As soon as the answer is here, not once the page's data is reloaded after it: "Post anyway" is on screen
  // meanwhile, and a file still in the input would be sent again beside its held upload.
  useEffect(() => {
    if (!fetcher.data) return;
    setChosen((files) => {
      for (const file of files) URL.revokeObjectURL(file.previewUrl);
      return [];
    });
    if (fileInput.current) fileInput.current.value = "";
    if (!fetcher.data.ok) {
      // Refused: the first field the answer marks, as after a page's own form (ADR 035's RouteFocus, which a fetcher never reaches).
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
      return;
    }
    setText("");
    form.current?.reset();
    // The button was disabled while sending, which took the focus away from it.
    form.current?.querySelector("textarea")?.focus();
  }, [fetcher.data]);

  function choose(files: FileList | null) {
    setChosen((old) => {
      for (const file of old) URL.revokeObjectURL(file.previewUrl);
      return Array.from(files ?? []).map((file) => ({ file, previewUrl: URL.createObjectURL(file) }));
    });
  }

  /** Takes one chosen file out of the file input (a FileList cannot be edited: it is rebuilt). */
  function unchoose(index: number) {
    const input = fileInput.current;
    if (!input?.files) return;
    const kept = new DataTransfer();
    Array.from(input.files).forEach((file, n) => n !== index && kept.items.add(file));
    input.files = kept.files;
    choose(input.files);
  }

  // Links count as 23 characters, as the server counts them (crudLength).
  const left = max - crudLength(text);
  // A too-long text is never sent with JavaScript: the field says why (and the status message, in
  // place of a stale "Your crud is posted."); it goes once the text fits.
  const [tooLong, setTooLong] = useState(false);
  const lengthError = tooLong && left < 0 ? `Use at most ${max} characters: ${-left} too many` : undefined;
  function refuseTooLong(event: { preventDefault: () => void }) {
    if (left >= 0) return;
    event.preventDefault();
    setTooLong(true);
    showStatus(`Not posted: use at most ${max} characters (${-left} too many).`, "error");
    form.current?.querySelector("textarea")?.focus();
  }
  const sending = fetcher.state !== "idle";
  const errors = result?.errors ?? {};
  const label = reply ? "Your reply" : "What would you like to say?";
  const room = IMAGES_MAX - pending.length;
  const uploading = sending && chosen.length > 0;
  return (
    <fetcher.Form
      method="post"
      action="/compose"
      encType="multipart/form-data"
      className="crud-form"
      aria-label={reply ? "Reply" : "Post a crud"}
      ref={form}
      onSubmit={refuseTooLong}
    >
      <EnhancedField />
      <input type="hidden" name="intent" value={reply ? "reply" : "crud"} />
      {reply ? <input type="hidden" name="replyTo" value={replyTo} /> : null}
      <input type="hidden" name="backTo" value={backTo ?? `${location.pathname}${location.search}`} />
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
        error={lengthError ?? errors.message}
      />
      {pending.length > 0 || chosen.length > 0 ? (
        <Suspense fallback={null}>
          <ComposerImages pending={pending} chosen={chosen} onRemove={unchoose} />
        </Suspense>
      ) : null}
      {uploading ? (
        <p className="upload-progress" role="status">
          <progress aria-label="Uploading images" /> Uploading {chosen.length === 1 ? "your image" : `${chosen.length} images`}…
        </p>
      ) : null}
      <div className="composer-media">
        {room > 0 ? (
          <div className="field add-images">
            <label htmlFor={`${reply ? "reply" : "crud"}-images`}>Add images</label>
            <input
              ref={fileInput}
              id={`${reply ? "reply" : "crud"}-images`}
              type="file"
              name="images"
              accept={IMAGE_ACCEPT}
              multiple
              aria-invalid={errors.images ? true : undefined}
              aria-describedby={describedBy("crud-images", { hint: true, error: errors.images })}
              onChange={(event) => choose(event.currentTarget.files)}
            />
            <p id="crud-images-hint" className="hint">
              Up to {room} {IMAGE_FORMATS_IN_WORDS} {room === 1 ? "image" : "images"}, 10 MB each.
            </p>
          </div>
        ) : null}
        {errors.images ? (
          <p id="crud-images-error" className="field-error">
            {errors.images}
          </p>
        ) : null}
        <details className="content-warning" open={result?.values?.sensitive || !!errors.contentWarning || undefined}>
          <summary>Sensitive images</summary>
          <label className="check">
            <input type="checkbox" name="sensitive" defaultChecked={result?.values?.sensitive} /> Hide the images behind a warning
          </label>
          <div className="field">
            <label htmlFor="crud-content-warning">Warning (optional)</label>
            <input
              id="crud-content-warning"
              name="contentWarning"
              maxLength={2 * CONTENT_WARNING_MAX}
              defaultValue={result?.values?.contentWarning}
              aria-invalid={errors.contentWarning ? true : undefined}
              aria-describedby={describedBy("crud-content-warning", { error: errors.contentWarning })}
            />
            {errors.contentWarning ? (
              <p id="crud-content-warning-error" className="field-error">
                {errors.contentWarning}
              </p>
            ) : null}
          </div>
        </details>
      </div>
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
        <button type="submit" disabled={sending}>
          {sending ? "Crudding…" : reply ? "Reply" : "Crud"}
        </button>
      </div>
      {/* After the form's own button, so that Enter in a field never means "Post anyway". */}
      {result?.askDescriptions ? (
        <Suspense fallback={null}>
          <DescriptionQuestion
            firstUndescribed={Math.max(
              0,
              pending.findIndex((image) => !image.alt),
            )}
          />
        </Suspense>
      ) : null}
    </fetcher.Form>
  );
}
