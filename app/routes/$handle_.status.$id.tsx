import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, type ReactNode } from "react";
import type { ShortenResult } from "~/domain/shorten-lifetime";
import { getUser, requireUser, safeRedirect } from "~/auth/session.server";
import { CrudCard, CrudFeed, crudPath, keepGoneCards, type CrudCardData } from "~/components/crud-card";
import { CrudForm } from "~/components/crud-form";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LifetimeForm } from "~/components/lifetime-form";
import { shortenCrudAction } from "~/routes-support/crud-actions.server";
import { getThread } from "~/models/crud.server";
import { REPLY_MAX } from "~/domain/crud-limits";
import { useExpired } from "~/hooks/use-expired";
import { handleFromParam } from "~/domain/handle";
import { formIntent } from "~/routes-support/intent";
import { pageMeta, shareCardMeta, truncate, unavailableAfter, type ShareImage } from "~/routes-support/meta";
import type { CrudImage } from "~/domain/pictures";
import { crudPageHeaders } from "~/routes-support/page-cache";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { siteOrigin } from "~/routes-support/site-origin.server";
import { CRUD_NOT_LIVE, crudNotLive } from "~/routes-support/not-found";
import { isUuid } from "~/domain/uuid";

export const meta: MetaFunction<typeof loader> = ({ data }) => {
  if (!data) return pageMeta("Expired · Cruddur", CRUD_NOT_LIVE);
  const { crud, shareUrl, shareImage } = data;
  const title = `${crud.user.displayName} on Cruddur: “${truncate(crud.message, 60)}”`;
  return [
    ...shareCardMeta({
      title,
      description: truncate(crud.message, 200),
      url: shareUrl,
      type: "article",
      image: shareImage,
      properties: {
        "article:published_time": new Date(crud.createdAt).toISOString(),
        "article:expiration_time": new Date(crud.expiresAt).toISOString(),
        "article:author": `@${crud.user.handle}`,
      },
    }),
    // The same words as the X-Robots-Tag header (crudPageHeaders): this page dies with the crud.
    { name: "robots", content: unavailableAfter(new Date(crud.expiresAt)) },
  ];
};

export const headers = headersWithRetryAfter;

/** A link preview's picture: the crud's first image, unless its author hid the images behind a warning. */
function shareImageOf(crud: { images: CrudImage[]; sensitive: boolean }, origin: string): ShareImage | undefined {
  const image = crud.images[0];
  if (!image || crud.sensitive) return undefined;
  return { url: new URL(image.src, origin).href, alt: image.alt, width: image.width, height: image.height };
}

// A like of a crud that has gone leaves its card in place, saying so (ADR 020).
export const shouldRevalidate = keepGoneCards;

async function loadThread(request: Request, params: LoaderFunctionArgs["params"]) {
  const handle = handleFromParam(params.handle);
  if (!handle || !isUuid(params.id)) throw crudNotLive();
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
  const query = new URL(request.url).searchParams;
  const confirmDelete = query.has("delete") && isOwn;
  // Where the confirmation goes back to, and a deletion lands: the feed the card's Delete was on
  // (a local path only); else the author's profile.
  const deleteBackTo = confirmDelete ? safeRedirect(query.get("backTo"), `/@${thread.crud.user.handle}`) : undefined;
  const now = new Date();
  const shown = [thread.crud, ...(thread.parent ? [thread.parent] : []), ...thread.replies];
  // A reply's lifetime is its thread's: only a top-level crud gets the lifetime form.
  return data(
    {
      ...thread,
      signedIn: !!viewer,
      confirmDelete,
      deleteBackTo,
      canShorten: isOwn && !thread.crud.replyToId,
      shareUrl: `${siteOrigin(request)}${crudPath(thread.crud)}`,
      shareImage: shareImageOf(thread.crud, siteOrigin(request)),
    },
    { headers: crudPageHeaders({ crud: thread.crud, shown, now, signedIn: !!viewer }) },
  );
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  if (!isUuid(params.id)) throw crudNotLive();
  const form = await request.formData();
  const path = new URL(request.url).pathname;
  formIntent(form, ["shorten"]);
  return shortenCrudAction(form, user, params.id, path);
}

export default function Thread() {
  const { crud, parent, replies, signedIn, confirmDelete, deleteBackTo, canShorten } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const shortenResult = actionData && "intent" in actionData ? actionData : undefined;
  const thread = crudPath(crud);
  // Cancel goes back where Delete was chosen (the feed), or stays on the thread.
  const cancelTo = deleteBackTo && deleteBackTo !== `/@${crud.user.handle}` ? deleteBackTo : thread;
  return (
    <>
      {/* Names the page for a screen reader's list of headings: whose crud (or reply) this is. */}
      <h1 className="page-title">
        {crud.replyToId ? "Reply" : "Crud"} by {crud.user.displayName} <span className="handle">@{crud.user.handle}</span>
      </h1>
      {confirmDelete ? (
        <section className="panel confirm" role="alertdialog" aria-labelledby="confirm-title">
          <h2 id="confirm-title">Delete this crud?</h2>
          <p>It disappears at once, with its replies, likes and reposts. This cannot be undone.</p>
          <Form method="post" action={`/cruds/${crud.id}`} className="actions">
            <input type="hidden" name="redirectTo" value={deleteBackTo} />
            <button type="submit" name="intent" value="delete" className="danger">
              Delete
            </button>
            <a href={cancelTo} className="button secondary">
              Cancel
            </a>
          </Form>
        </section>
      ) : null}
      {crud.replyToId ? <ReplyContext parent={parent} /> : null}
      {/* The conversation first: the crud, larger and with its exact time, then the replies. */}
      <div className="thread-root">
        <CrudCard crud={crud} linkToThread={false} />
      </div>
      {canShorten ? <LifetimeDisclosure crud={crud} result={shortenResult} /> : null}
      {signedIn ? (
        <UntilExpired expiresAt={crud.expiresAt} after={<p className="empty">This crud has expired: it takes no more replies.</p>}>
          <CrudForm max={REPLY_MAX} replyTo={crud.id} />
        </UntilExpired>
      ) : null}
      <h2 className="section-title" id="replies-title">
        Replies
      </h2>
      <CrudFeed cruds={replies} empty="No replies yet." labelledBy="replies-title" />
    </>
  );
}

/**
 * The author's lifetime form behind a "Lifetime" disclosure: open when the page is reached at
 * `#lifetime` (a card's Shorten) or after a refused shorten, closed otherwise. Without JavaScript a
 * browser opens it on the fragment (the form inside has the id); with it, the page does too.
 */
function LifetimeDisclosure({ crud, result }: { crud: { id: string; expiresAt: Date }; result?: ShortenResult }) {
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    const openAtFragment = () => {
      if (window.location.hash === "#lifetime" && details.current) {
        details.current.open = true;
        document.getElementById("lifetime")?.scrollIntoView({ block: "nearest" });
      }
    };
    openAtFragment();
    window.addEventListener("hashchange", openAtFragment);
    return () => window.removeEventListener("hashchange", openAtFragment);
  }, []);
  return (
    <details className="lifetime-disclosure" ref={details} open={result ? true : undefined}>
      <summary>Lifetime</summary>
      <LifetimeForm crud={crud} result={result} />
    </details>
  );
}

/**
 * Above a reply, the crud it answers; when that one is hidden from the viewer (a block, ADR 018) it
 * says only that it is not available, as a thread answers for a crud it will not show.
 */
function ReplyContext({ parent }: { parent: CrudCardData | null }) {
  return (
    <section className="reply-context" aria-label="In reply to">
      {parent ? <CrudCard crud={parent} /> : <p className="empty">In reply to a crud that is not available.</p>}
    </section>
  );
}

/** `children` while the crud lives, `after` once its countdown ends on screen (JavaScript on). */
function UntilExpired({ expiresAt, children, after }: { expiresAt: Date; children: ReactNode; after: ReactNode }) {
  return useExpired(expiresAt) ? after : children;
}

export const ErrorBoundary = GeneralErrorBoundary;
