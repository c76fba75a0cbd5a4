import { GeneralErrorBoundary } from "~/components/error-boundary";

/** Every unknown path is a real 404 rendered inside the layout. */
export async function loader() {
  throw new Response("This page does not exist. It may have expired.", { status: 404 });
}

export default function NotFound() {
  return null;
}

export const ErrorBoundary = GeneralErrorBoundary;
