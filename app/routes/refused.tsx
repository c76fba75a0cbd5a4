// The page for a request the Express host refused before Remix saw it (server/request-guard.ts):
// a cross-origin form, an oversized or non-form body. It is rendered in the layout by a GET.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";

export async function loader({ context }: LoaderFunctionArgs) {
  // Visited directly, there is nothing to explain.
  if (!context.refusal) throw new Response("Not found", { status: 404 });
  throw new Response(context.refusal.message, { status: context.refusal.status });
}

export default function Refused() {
  return null;
}

export const ErrorBoundary = GeneralErrorBoundary;
