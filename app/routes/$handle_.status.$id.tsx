import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getUser, requireUser } from "~/auth/session.server";
import { CrudCard, CrudFeed, crudPath, keepGoneCards } from "~/components/crud-card";
import { CrudForm } from "~/components/crud-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { postReplyAction } from "~/utils/crud-actions.server";
import { getThread } from "~/models/crud.server";
import { crudNotLive, isCrudId } from "~/utils/crud-id";
import { REPLY_MAX, type CrudFormResult } from "~/utils/crud-validation";
import { useExpired } from "~/utils/use-expired";
import { handleFromParam } from "~/utils/handle";
import { formIntent } from "~/utils/intent";
import { headersWithRetryAfter } from "~/utils/retry-after";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.crud.user.displayName} on Cruddur: “${data.crud.message.slice(0, 60)}”` : "Expired · Cruddur" },
];

export const headers = headersWithRetryAfter;

// A like of a crud that has gone leaves its card in place, saying so (ADR 020).
export const shouldRevalidate = keepGoneCards;

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
  const confirmDelete = new URL(request.url).searchParams.has("delete") && viewer?.id !== undefined && viewer.handle === thread.crud.user.handle;
  return { ...thread, signedIn: !!viewer, confirmDelete };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!isCrudId(params.id)) throw crudNotLive();
  const form = await request.formData();
  formIntent(form, ["reply"]);
  return postReplyAction(form, user, params.id, new URL(request.url).pathname);
}

export default function Thread() {
  const { crud, replies, signedIn, confirmDelete } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
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
      {signedIn ? (
        <UntilExpired expiresAt={crud.expiresAt} after={<p className="empty">This crud has expired: it takes no more replies.</p>}>
          <CrudForm max={REPLY_MAX} reply noJsResult={actionData && "errors" in actionData ? actionData : undefined} />
        </UntilExpired>
      ) : null}
      <h2 className="section-title">Replies</h2>
      <CrudFeed cruds={replies} empty="No replies yet." />
    </>
  );
}

/** `children` while the crud lives, `after` once its countdown ends on screen (JavaScript on). */
function UntilExpired({ expiresAt, children, after }: { expiresAt: Date; children: ReactNode; after: ReactNode }) {
  return useExpired(expiresAt) ? after : children;
}

/**
 * The crud expired or was deleted while a reply to it was being written (JavaScript off: the
 * reply's 404 is followed by this page's): the page says so, and the reply's text is still here.
 */
export function ErrorBoundary() {
  const result = useActionData<CrudFormResult>();
  const text = result?.values?.message;
  return (
    <>
      <GeneralErrorBoundary />
      {text ? (
        <section className="panel kept-reply" aria-labelledby="kept-reply-title">
          <h2 id="kept-reply-title">Your reply was not posted</h2>
          <p>{result?.errors?.form}</p>
          <label htmlFor="kept-reply">Its text, to copy</label>
          <textarea id="kept-reply" readOnly rows={4} defaultValue={text} />
        </section>
      ) : null}
    </>
  );
}
