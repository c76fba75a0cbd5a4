import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { CrudForm } from "~/components/crud-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DATABASE_UNAVAILABLE_MESSAGE, DatabaseUnavailable } from "~/db.server";
import { CRUD_MAX, REPLY_MAX } from "~/domain/crud-limits";
import { composeAction, type ComposeResult } from "~/routes-support/compose.server";
import { pageMeta } from "~/routes-support/meta";
import { headersWithRetryAfter } from "~/routes-support/retry-after";

export const meta: MetaFunction = () => pageMeta("New crud · Cruddur", "Write a crud, with up to four images.");
export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  try {
    await requireUser(request);
  } catch (error) {
    // Database down: the page still renders, so that a post sent back with its text (a 503) shows its form.
    if (!(error instanceof DatabaseUnavailable)) throw error;
    return data({ unavailable: DATABASE_UNAVAILABLE_MESSAGE }, { status: 503 });
  }
  return null;
}

/** Every crud and reply is posted here, with or without images (ADR 033): the one upload route for them. */
export const action = ({ request, context }: ActionFunctionArgs) => composeAction(request, context);

/**
 * The composer on a page of its own: where a post without JavaScript comes back to when it was refused or
 * asks about descriptions (with everything kept), and a place to write from on a phone.
 */
export default function Compose() {
  const unavailable = useLoaderData<typeof loader>()?.unavailable;
  const result: ComposeResult | undefined = useActionData<ComposeResult>() ?? (unavailable ? { errors: { form: unavailable } } : undefined);
  const reply = result?.reply;
  return (
    <>
      <h1 className="page-title">{reply ? "Your reply" : "New crud"}</h1>
      {reply ? (
        <p>
          <Link to={reply.backTo}>Back to the crud you are replying to</Link>
        </p>
      ) : null}
      <CrudForm max={reply ? REPLY_MAX : CRUD_MAX} replyTo={reply?.replyTo} noJsResult={result} backTo={result?.backTo} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
