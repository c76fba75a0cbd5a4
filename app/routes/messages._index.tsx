import { redirect, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { Avatar } from "~/components/avatar";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager } from "~/components/pager";
import { RelativeTime } from "~/components/relative-time";
import { listConversations } from "~/models/message.server";
import socialStyles from "~/styles/social.css";
import { cursorHref, parseCursor } from "~/domain/cursor";
import { HANDLE_WITH_AT_INPUT, isValidHandle, normalizeHandle, USER_MESSAGES } from "~/domain/user-validation";
import { pageMeta } from "~/routes-support/meta";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialStyles }];
export const meta: MetaFunction = () => pageMeta("Messages · Cruddur", "Your private conversations on Cruddur.");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  // "New message" is a GET form (nothing changes): a well-formed handle goes to its conversation,
  // whose page says whether that user exists.
  const to = url.searchParams.get("to");
  let toError: string | undefined;
  if (to !== null) {
    const handle = normalizeHandle(to.trim().replace(/^@/, ""));
    if (isValidHandle(handle)) throw redirect(`/messages/@${handle}`);
    toError = USER_MESSAGES.handleEntered;
  }
  const page = await listConversations({ viewerId: user.id, cursor: parseCursor(url.searchParams.get("cursor")) });
  return {
    conversations: page.items,
    olderHref: cursorHref("/messages", page.next),
    to: to ?? "",
    toError,
  };
}

export default function Messages() {
  const { conversations, olderHref, to, toError } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Messages</h1>
      <Form method="get" className="new-conversation" aria-label="New message">
        <div className="field">
          <label htmlFor="field-to">Message someone</label>
          <input
            id="field-to"
            name="to"
            required
            {...HANDLE_WITH_AT_INPUT}
            placeholder="@username"
            defaultValue={to}
            aria-invalid={toError ? true : undefined}
            aria-describedby={toError ? "field-to-error" : undefined}
          />
          {toError ? (
            <p id="field-to-error" className="field-error">
              {toError}
            </p>
          ) : null}
        </div>
        <button type="submit">Open</button>
      </Form>
      {conversations.length === 0 ? (
        <p className="empty">No conversations yet.</p>
      ) : (
        <ul className="conversations" aria-label="Conversations">
          {conversations.map((c) => (
            <li key={c.id} className={c.unread ? "unread" : undefined}>
              <Link to={`/messages/@${c.handle}`}>
                <Avatar handle={c.handle} displayName={c.displayName} src={c.avatar} />
                <span className="summary">
                  <span>
                    <span className="display-name">{c.displayName}</span> <span className="handle">@{c.handle}</span>
                    {c.unread ? (
                      <span className="unread-marker">
                        New<span className="visually-hidden"> messages</span>
                      </span>
                    ) : null}
                  </span>
                  <span className="last">
                    {c.lastFromViewer ? "You: " : ""}
                    {c.lastMessage}
                  </span>
                </span>
                <RelativeTime date={c.lastMessageAt} />
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Pager href={olderHref} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
