import type { CrudImage } from "~/domain/pictures";

/**
 * A crud's images (docs/product.md §11): sized before they load (width and height, so the page never shifts),
 * the preview in the card with the full size in `srcset` and as the link, lazy unless `eager` (the thread's
 * own crud, at the top of its page). A described image has an ALT badge that shows its description on click or
 * focus (a `<details>`: no JavaScript needed); sensitive images wait behind their warning and "Show".
 */
export function CrudImages({
  images,
  sensitive = false,
  contentWarning = "",
  eager = false,
}: {
  images: CrudImage[];
  sensitive?: boolean;
  contentWarning?: string;
  eager?: boolean;
}) {
  if (images.length === 0) return null;
  const grid = (
    <ul className={`crud-images count-${images.length}`} aria-label={images.length === 1 ? "Image" : `${images.length} images`}>
      {images.map((image) => (
        <li key={image.src} className="crud-image">
          <a href={image.src}>
            <img
              src={image.previewSrc}
              srcSet={`${image.previewSrc} ${image.previewWidth}w, ${image.src} ${image.width}w`}
              sizes="(max-width: 640px) 100vw, 560px"
              width={image.previewWidth}
              height={image.previewHeight}
              alt={image.alt}
              loading={eager ? "eager" : "lazy"}
              decoding="async"
            />
          </a>
          {image.alt ? (
            <details className="alt-badge">
              <summary>
                ALT<span className="visually-hidden">: show the description</span>
              </summary>
              <p>{image.alt}</p>
            </details>
          ) : null}
        </li>
      ))}
    </ul>
  );
  if (!sensitive) return grid;
  return (
    <details className="sensitive-media">
      <summary>
        <span className="warning">{contentWarning || "Sensitive images"}</span> <span className="show">Show</span>
      </summary>
      {grid}
    </details>
  );
}
