// The composer's images (ADR 033): the previews of the files chosen, the uploads held for this post, each
// with its description field, and the question about descriptions. Loaded by crud-form.tsx only when
// there is an image or a question (ADR 026): the text box alone is what every page carries.
import { TextareaField } from "~/components/forms";
import type { PendingImage } from "~/domain/crud-validation";
import { ALT_MAX } from "~/domain/picture-limits";

/** A file chosen in this browser, not yet sent: its preview lives as long as it is in the form. */
export type ChosenFile = { file: File; previewUrl: string };

/** The images of the post being written: held uploads first, then the files just chosen (each removable). */
export function ComposerImages({ pending, chosen, onRemove }: { pending: PendingImage[]; chosen: ChosenFile[]; onRemove: (index: number) => void }) {
  return (
    <ul className="composer-images" aria-label="Images">
      {pending.map((image, index) => (
        <HeldImage key={image.id} image={image} index={index} />
      ))}
      {chosen.map((file, index) => (
        <li key={file.previewUrl} className="composer-image">
          <img src={file.previewUrl} alt="" />
          <TextareaField
            id={`image-alt-new-${index}`}
            name="imageAlt"
            label={`Description of ${file.file.name}`}
            rows={2}
            maxLength={2 * ALT_MAX}
            placeholder="What does it show?"
          />
          <button type="button" className="link-button" onClick={() => onRemove(index)}>
            Remove {file.file.name}
          </button>
        </li>
      ))}
    </ul>
  );
}

/** An image already uploaded and held for this post: its preview, its description field, and a way to drop it. */
function HeldImage({ image, index }: { image: PendingImage; index: number }) {
  return (
    <li className="composer-image">
      <input type="hidden" name="pending" value={image.id} />
      <img src={image.previewSrc} alt="" width={image.width} height={image.height} />
      <TextareaField
        id={`image-alt-${index}`}
        name="pendingAlt"
        label={`Description of image ${index + 1}`}
        rows={2}
        maxLength={2 * ALT_MAX}
        defaultValue={image.alt}
        placeholder="What does it show?"
      />
      <label className="check">
        <input type="checkbox" name="remove" value={image.id} /> Remove image {index + 1}
      </label>
    </li>
  );
}

/**
 * The one question about descriptions (docs/product.md §11): nudged, never forced. "Post anyway" sends the
 * form as it is; "Add descriptions" goes to the first empty description field (a link, so it works without JS).
 */
export function DescriptionQuestion({ firstUndescribed }: { firstUndescribed: number }) {
  return (
    <div className="description-question" role="alert">
      <p>
        <strong>Post without a description?</strong> A description tells people who cannot see an image what it shows.
      </p>
      <p className="actions">
        <button type="submit" name="withoutDescriptions" value="yes" className="secondary">
          Post anyway
        </button>
        <a href={`#image-alt-${firstUndescribed}`}>Add descriptions</a>
      </p>
    </div>
  );
}
