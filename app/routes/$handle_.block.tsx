import type { ActionFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { safetyAction } from "~/routes-support/safety-action.server";
import { headersWithRetryAfter } from "~/routes-support/retry-after";

/** Block or unblock the user of the address (the profile's and /settings/blocks' buttons). POST only. */
export async function action({ request, params }: ActionFunctionArgs) {
  return safetyAction("block", request, params.handle);
}

/** GET changes nothing. */
export async function loader() {
  throw new Response("Not found", { status: 404 });
}

/** Only the error boundary renders: a refusal without JavaScript is a page in the layout. */
export default function BlockAction() {
  return null;
}

export const headers = headersWithRetryAfter;
export const ErrorBoundary = GeneralErrorBoundary;
