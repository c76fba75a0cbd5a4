// Where the browser fetches a picture from (ADR 033): the app itself (/media/…), or the media origin (CloudFront),
// where a crud's pictures need a signed URL that expires with the crud, so the address dies with it at the edge.
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { env } from "~/env.server";
import { isObjectName } from "~/media/storage.server";

export type PictureUrlConfig = {
  /** The media origin (https://media.cruddur.example); unset: the app serves /media/. */
  origin?: string;
  /** CloudFront's public key id and the PEM private key; unset: nothing is signed (a distribution without a key group). */
  signing?: { keyPairId: string; privateKey: string };
};

export type PictureUrl = (name: string, options?: { expiresAt?: Date }) => string;

/** Signed crud URLs kept: a timeline page shows at most a few hundred pictures, and each entry is ~0.5 KB. */
const SIGNED_URLS_MAX = 5_000;

/** Pictures under this prefix belong to cruds, which expire: they are signed. Avatars and banners are not. */
const CRUD_PICTURES = "cruds/";

/**
 * URLs for one configuration (tests pass theirs; the app uses `pictureUrl`, from env()).
 *
 * Signing is an RSA-2048 signature: ~0.6 ms of CPU per URL (measured on 2 shared cores: 0.56 ms per getSignedUrl
 * call with SHA-256, PEM parsed each time, 2,000 calls), i.e. ~0.6 s of CPU for a thousand pictures rendered.
 * So each signed URL is kept, keyed by name and expiry, until SIGNED_URLS_MAX newer ones push it out: the same
 * crud's pictures are shown on many pages, and the same name and expiry always sign to the same URL.
 */
export function pictureUrls(config: PictureUrlConfig): PictureUrl {
  const signed = new Map<string, string>();

  return (name, options = {}) => {
    if (!isObjectName(name)) throw new Error(`Not a picture object name: ${JSON.stringify(name.slice(0, 100))}`);
    if (!config.origin) return `/media/${name}`;
    const url = `${config.origin}/${name}`;
    if (!config.signing || !name.startsWith(CRUD_PICTURES)) return url;

    const { expiresAt } = options;
    if (!expiresAt) throw new Error(`${name}: a crud's picture URL needs the crud's expiry`);
    // CloudFront compares whole seconds, and the signer rounds to the nearest: floored here, so the URL never
    // outlives the crud by half a second.
    const expiresSecond = Math.floor(expiresAt.getTime() / 1_000);
    const key = `${name} ${expiresSecond}`;
    const cached = signed.get(key);
    if (cached) return cached;

    const signedUrl = getSignedUrl({
      url,
      keyPairId: config.signing.keyPairId,
      privateKey: config.signing.privateKey,
      dateLessThan: new Date(expiresSecond * 1_000),
      // SHA-256 (CloudFront's Hash-Algorithm=SHA256) rather than the signer's default SHA-1.
      algorithm: "SHA256",
    });
    if (signed.size >= SIGNED_URLS_MAX) signed.delete(signed.keys().next().value!);
    signed.set(key, signedUrl);
    return signedUrl;
  };
}

/**
 * The app's own address of a picture, wherever pictures are otherwise served from: for what only one person may see
 * (a pending upload, to its owner), which the app checks on every request and CloudFront could not.
 */
export function pictureUrlThroughApp(name: string): string {
  if (!isObjectName(name)) throw new Error(`Not a picture object name: ${JSON.stringify(name.slice(0, 100))}`);
  return `/media/${name}`;
}

let fromEnv: PictureUrl | undefined;

/** The URL of a stored picture (`cruds/<key>/full.webp`); a crud's picture needs `expiresAt`, its crud's expiry. */
export function pictureUrl(name: string, options?: { expiresAt?: Date }): string {
  if (!fromEnv) {
    const { MEDIA_ORIGIN, MEDIA_SIGNING_KEY_ID, MEDIA_SIGNING_KEY } = env();
    fromEnv = pictureUrls({
      origin: MEDIA_ORIGIN,
      signing: MEDIA_SIGNING_KEY_ID && MEDIA_SIGNING_KEY ? { keyPairId: MEDIA_SIGNING_KEY_ID, privateKey: MEDIA_SIGNING_KEY } : undefined,
    });
  }
  return fromEnv(name, options);
}
