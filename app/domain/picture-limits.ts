// The limits of pictures (docs/product.md §11, ADR 033), without zod or sharp, so the forms that carry a file
// input can import them without sending either to the browser.

/** Images on one crud or reply (Mastodon's and Bluesky's four). */
export const IMAGES_MAX = 4;

/** An image's description, in characters (Mastodon's limit). */
export const ALT_MAX = 1_500;

/** The words shown over sensitive images (a content warning), in characters. */
export const CONTENT_WARNING_MAX = 100;

/** One uploaded file, before decoding: a phone's 12-MP JPEG is 3–6 MB, HEIF-to-JPEG exports up to 8. */
export const FILE_BYTES_MAX = 10 * 1024 * 1024;

/** Pixels read from an image's header before anything is decoded: 8K (7,680 × 4,320); a pixel bomb is refused. */
export const INPUT_PIXELS_MAX = 7_680 * 4_320;

/** The formats accepted, as the file input's `accept` (the server sniffs the bytes and decides for itself). */
export const IMAGE_ACCEPT = "image/jpeg,image/png,image/webp,image/gif,image/avif";

/** What the form says it accepts, in words. */
export const IMAGE_FORMATS_IN_WORDS = "JPEG, PNG, WebP, GIF or AVIF";

/** Sizes written for each kind of picture: `full` is what a page links, `preview` what a card shows. */
export const PICTURE_SIZES = {
  /** Long edge at most this, never enlarged. */
  image: { full: { edge: 2_048 }, preview: { edge: 640 } },
  /** Cropped to the centre. */
  avatar: { full: { width: 400, height: 400 }, preview: { width: 96, height: 96 } },
  banner: { full: { width: 1_500, height: 500 }, preview: { width: 600, height: 200 } },
} as const;

export type PictureKind = keyof typeof PICTURE_SIZES;

/** Files one upload route may carry: a crud's images, or an avatar and a banner at once. */
export const FILES_PER_FORM = { compose: IMAGES_MAX, profile: 2 } as const;

/** The text fields of an upload form together (names and values, in bytes): every other route's whole body limit. */
export const FORM_TEXT_BYTES_MAX = 64 * 1024;

/** The whole body of an upload route: its files at their largest, plus the form's text fields. */
export const uploadBodyMax = (files: number) => files * FILE_BYTES_MAX + FORM_TEXT_BYTES_MAX;

/** Uploads not attached to a crud or profile within this long are deleted (ADR 033). */
export const PENDING_UPLOAD_MS = 60 * 60 * 1000;
