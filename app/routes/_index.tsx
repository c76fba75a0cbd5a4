import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getUser, requireUser } from "~/auth/session.server";
import { CrudFeed } from "~/components/crud-card";
import { CrudForm } from "~/components/crud-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { postCrudAction } from "~/models/crud-actions.server";
import { getTimelinePage } from "~/models/crud.server";
import { traceHomeFeed } from "~/observability/simulate.server";
import { CRUD_MAX } from "~/utils/crud-validation";
import { encodeCursor, parseCursor } from "~/utils/cursor";
import { anonymousCacheHeaders } from "~/utils/page-cache";
import { headersWithRetryAfter } from "~/utils/retry-after";

export const meta: MetaFunction = () => [{ title: "Home · Cruddur" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const cursor = parseCursor(new URL(request.url).searchParams.get("cursor"));
  const viewer = await getUser(request);
  const now = new Date();
  const page = await traceHomeFeed(() => getTimelinePage({ cursor, now, viewerId: viewer?.id }), { userHandle: viewer?.handle });
  return data(
    { cruds: page.items, olderHref: page.next ? `/?cursor=${encodeURIComponent(encodeCursor(page.next))}` : undefined, signedIn: !!viewer },
    { headers: viewer ? {} : anonymousCacheHeaders(page.items, now) },
  );
}

export const headers = headersWithRetryAfter;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  if (form.get("intent") !== "crud") throw new Response("Unknown action.", { status: 400 });
  return postCrudAction(form, user, "/");
}

export default function Home() {
  const { cruds, olderHref, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <h1 className="page-title">Home</h1>
      {signedIn ? <CrudForm max={CRUD_MAX} noJsResult={actionData} /> : null}
      <CrudFeed cruds={cruds} olderHref={olderHref} empty="No live cruds right now. Everything has expired." />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
