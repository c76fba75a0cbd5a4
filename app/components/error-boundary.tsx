import { isRefusal, type RefusalData } from "~/routes-support/refusal";
import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";

type RootData = { requestId?: string } | undefined;

/**
 * Every error page, and a refused action's (a like, follow or reply refused for a block, ADR 018): the
 * heading (what was not done), the sentence, then `children` (a reply's text to copy, a reference) and
 * the way back: to the page the form was on when it is still there for the visitor, and home.
 */
export function Refusal({ title, message, backTo, children }: RefusalData["refusal"] & { children?: ReactNode }) {
  return (
    <section className="error-page" role="alert">
      <h1>{title}</h1>
      <p>{message}</p>
      {children}
      {backTo ? (
        <p>
          <Link to={backTo}>Back to the page you were on</Link>
        </p>
      ) : null}
      <p>
        <Link to="/">Back to the home timeline</Link>
      </p>
    </section>
  );
}

/**
 * The one error boundary every route re-exports: a clear page for expected statuses (404, 400,
 * 403…) and a generic 500 with the request's reference id. Remix strips error details in
 * production, so no stack trace ever reaches a visitor.
 */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData("root") as RootData;
  if (isRouteErrorResponse(error)) {
    if (isRefusal(error.data)) return <Refusal {...error.data.refusal} />;
    const message = typeof error.data === "string" && error.data ? error.data : defaultMessage(error.status);
    return <Refusal title={TITLES[error.status] ?? `Error ${error.status}`} message={message} />;
  }
  return (
    <Refusal title="Something went wrong" message="We could not show this page. The error has been recorded; please try again in a moment.">
      {root?.requestId ? (
        <p>
          Reference: <code>{root.requestId}</code>
        </p>
      ) : null}
    </Refusal>
  );
}

const TITLES: Record<number, string> = { 404: "Not found", 429: "Too many requests", 503: "Temporarily unavailable" };

function defaultMessage(status: number): string {
  switch (status) {
    case 404:
      return "This page does not exist. It may have expired.";
    case 403:
      return "You are not allowed to do that.";
    case 400:
      return "That request was not valid.";
    case 429:
      return "You have done that too many times. Please wait a few minutes and try again.";
    default:
      return "Something went wrong.";
  }
}
