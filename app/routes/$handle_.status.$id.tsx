import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { getUser, requireUser } from "~/auth/session.server";
import { CrudCard, CrudFeed, crudPath } from "~/components/crud-card";
import { CrudForm } from "~/components/crud-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LifetimeForm } from "~/components/lifetime-form";
import { postReplyAction, shortenCrudAction } from "~/utils/crud-actions.server";
import { getThread } from "~/models/crud.server";
import { crudNotLive, isCrudId } from "~/utils/crud-id";
import { REPLY_MAX } from "~/utils/crud-validation";
import { handleFromParam } from "~/utils/handle";
import { formIntent } from "~/utils/intent";
import { headersWithRetryAfter } from "~/utils/retry-after";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.crud.user.displayName} on Cruddur: “${data.crud.message.slice(0, 60)}”` : "Expired · Cruddur" },
];

export const headers = headersWithRetryAfter;

async function loadThread(request: Request, params: LoaderFunctionArgs["params"]) {
  const handle = handleFromParam(params.handle);
  if (!handle || !isCrudId(params.id)) throw crudNotLive();
  const viewer = await getUser(request);
  const thread = await getThread({ crudId: params.id, now: new Date(), viewerId: viewer?.id });
  if (!thread) throw crudNotLive();
  return { thread, viewer, handle };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { thread, viewer, handle } = await loadThread(request, params);
  // One address per crud: /@author/status/id.
  if (thread.crud.user.handle !== handle) throw redirect(crudPath(thread.crud));
  const isOwn = viewer?.handle === thread.crud.user.handle;
  const confirmDelete = new URL(request.url).searchParams.has("delete") && isOwn;
  // A reply's lifetime is its thread's: only a top-level crud gets the lifetime form.
  return { ...thread, signedIn: !!viewer, confirmDelete, canShorten: isOwn && !thread.crud.replyToId };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!isCrudId(params.id)) throw crudNotLive();
  const form = await request.formData();
  const path = new URL(request.url).pathname;
  if (formIntent(form, ["reply", "shorten"]) === "shorten") return shortenCrudAction(form, user, params.id, path);
  return postReplyAction(form, user, params.id, path);
}

export default function Thread() {
  const { crud, replies, signedIn, confirmDelete, canShorten } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const shortenResult = actionData && "intent" in actionData ? actionData : undefined;
  const replyResult = actionData && !("intent" in actionData) && "errors" in actionData ? actionData : undefined;
  return (
    <>
      <h1 className="page-title">Crud</h1>
      {confirmDelete ? (
        <section className="panel confirm" role="alertdialog" aria-labelledby="confirm-title">
          <h2 id="confirm-title">Delete this crud?</h2>
          <p>It disappears at once, with its replies, likes and reposts. This cannot be undone.</p>
          <Form method="post" action={`/cruds/${crud.id}`} className="actions">
            <input type="hidden" name="redirectTo" value={`/@${crud.user.handle}`} />
            <button type="submit" name="intent" value="delete" className="danger">
              Delete
            </button>
            <a href={crudPath(crud)} className="button secondary">
              Cancel
            </a>
          </Form>
        </section>
      ) : null}
      <div className="thread-root">
        <CrudCard crud={crud} linkToThread={false} />
      </div>
      {canShorten ? <LifetimeForm crud={crud} result={shortenResult} /> : null}
      {signedIn ? <CrudForm max={REPLY_MAX} reply noJsResult={replyResult} /> : null}
      <h2 className="section-title">Replies</h2>
      <CrudFeed cruds={replies} empty="No replies yet." />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
