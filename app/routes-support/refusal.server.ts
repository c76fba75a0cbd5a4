import { data } from "@remix-run/node";
import type { RefusalData } from "~/routes-support/refusal";

/**
 * Thrown by an action that refuses a form post made without JavaScript: the route's error boundary
 * (GeneralErrorBoundary) renders it as a page in the layout headed `title`, with `message` (the
 * product's sentence, the same one a fetcher gets) and a link back to `backTo`. The status stays
 * (403 for a block), so nothing caches or mistakes it for a success.
 */
export function refusal(refused: RefusalData["refusal"], init: ResponseInit) {
  return data<RefusalData>({ refusal: refused }, init);
}
