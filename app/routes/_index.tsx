import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getUser, requireUser } from "~/auth/session.server";
import { CrudFeed } from "~/components/crud-card";
import { CrudForm } from "~/components/crud-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/forms";
import { DATABASE_UNAVAILABLE_MESSAGE, DatabaseUnavailable } from "~/db.server";
import { keepingTheText, postCrudAction } from "~/utils/crud-actions.server";
import { getTimelinePage } from "~/models/crud.server";
import { traceHomeFeed } from "~/observability/simulate.server";
import { CRUD_MAX } from "~/utils/crud-validation";
import { cursorHref, parseCursor } from "~/utils/cursor";
import { anonymousCacheHeaders } from "~/utils/page-cache";
import { formIntent } from "~/utils/intent";
import { headersWithRetryAfter } from "~/utils/retry-after";

export const meta: MetaFunction = () => [{ title: "Home · Cruddur" }];

async function feed({ request }: LoaderFunctionArgs) {
  const cursor = parseCursor(new URL(request.url).searchParams.get("cursor"));
  const viewer = await getUser(request);
  const now = new Date();
  const page = await traceHomeFeed(() => getTimelinePage({ cursor, now, viewerId: viewer?.id }), { userHandle: viewer?.handle });
  return data(
    { cruds: page.items, olderHref: cursorHref("/", page.next), signedIn: !!viewer, unavailable: undefined },
    { headers: viewer ? {} : anonymousCacheHeaders(page.items, now) },
  );
}

/** Database down: an empty page with the message, so that a crud form sent back with its text can render. */
export async function loader(args: LoaderFunctionArgs) {
  try {
    return await feed(args);
  } catch (error) {
    if (!(error instanceof DatabaseUnavailable)) throw error;
    return data({ cruds: [], olderHref: undefined, signedIn: false, unavailable: DATABASE_UNAVAILABLE_MESSAGE }, { status: 503 });
  }
}

export const headers = headersWithRetryAfter;

// A copy of the request keeps the form for when the database cannot be reached, even for the session.
export const action = (args: ActionFunctionArgs) => keepingTheText(args.request.clone(), () => post(args));

async function post({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  formIntent(form, ["crud"]);
  return postCrudAction(form, user, "/");
}

export default function Home() {
  const { cruds, olderHref, signedIn, unavailable } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  // A post that came back keeps its form, even when the session could not be read.
  const showForm = signedIn || actionData?.values !== undefined;
  return (
    <>
      <h1 className="page-title">Home</h1>
      {showForm ? <CrudForm max={CRUD_MAX} noJsResult={actionData} /> : null}
      {unavailable ? (
        // Once on the page: in the form's error when a post came back, else in place of the feed.
        actionData?.errors?.form ? null : (
          <FormError>{unavailable}</FormError>
        )
      ) : (
        <CrudFeed cruds={cruds} olderHref={olderHref} empty="No live cruds right now. Everything has expired." />
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
