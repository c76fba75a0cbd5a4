// Where a person's avatar is shown from (docs/product.md §11): in a module of its own so that every model that
// lists people can map its `avatarKey` column without importing the crud model (and its imports) in a cycle.
import { pictureObject } from "~/domain/pictures";
import { pictureUrl } from "~/media/urls.server";

/** The avatar's small variant (96 px), or null for initials on a colour. */
export const avatarUrl = (key: string | null | undefined) => (key ? pictureUrl(pictureObject(key, "preview")) : null);
