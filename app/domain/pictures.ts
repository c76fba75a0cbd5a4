// Naming of pictures in the store (ADR 033): pure, shared by the model, the purge and the serving route.
import type { PictureKind } from "~/domain/picture-limits";

export type PictureVariant = "full" | "preview";
export const PICTURE_VARIANTS: readonly PictureVariant[] = ["full", "preview"];

/** Crud images live under `cruds/` (signed at the edge, lifecycle backstop), profile pictures under `profiles/`. */
export const PICTURE_PREFIX: Record<PictureKind, "cruds" | "profiles"> = { image: "cruds", avatar: "profiles", banner: "profiles" };

/** The object holding one variant of a picture. */
export const pictureObject = (key: string, variant: PictureVariant) => `${key}/${variant}.webp`;

/** Every object a picture may have, for deletion (a missing one is no error). */
export const pictureObjects = (key: string) => PICTURE_VARIANTS.map((variant) => pictureObject(key, variant));

const OBJECT_NAME = /^((?:cruds|profiles)\/[A-Za-z0-9_-]{16,64})\/(full|preview)\.webp$/;

/** The key and variant an object name stands for, or null for any other path (the serving route's parser). */
export function parsePictureObject(name: string): { key: string; variant: PictureVariant } | null {
  const match = OBJECT_NAME.exec(name);
  return match ? { key: match[1]!, variant: match[2] as PictureVariant } : null;
}

/** An image as a page shows it: addresses that die with its crud (ADR 033), its sizes and its description. */
export type CrudImage = {
  src: string;
  previewSrc: string;
  /** "" when the author chose to post it without a description. */
  alt: string;
  width: number;
  height: number;
  previewWidth: number;
  previewHeight: number;
};

export type PictureSize = { width: number; height: number; previewWidth: number; previewHeight: number };

/** A picture as the database holds it: the key of its objects, its sizes and its description (null: none yet). */
export type PictureRow = PictureSize & { key: string; alt: string | null };
