import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { Avatar } from "~/components/avatar";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager } from "~/components/pager";
import { RelativeTime } from "~/components/relative-time";
import { UserChip } from "~/components/user-chip";
import { listConversations } from "~/models/message.server";
import { parseSearchQuery, searchUsers } from "~/models/search.server";
import { clientIp, countRequest, tooManyRequests } from "~/security/rate-limits.server";
import socialStyles from "~/styles/social.css";
import { cursorHref, parseCursor } from "~/domain/cursor";
import { pageMeta } from "~/routes-support/meta";
import { headersWithRetryAfter } from "~/routes-support/retry-after";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialStyles }];
export const meta: MetaFunction = () => pageMeta("Messages · Cruddur", "Your private conversations on Cruddur.");
export const headers = headersWithRetryAfter;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const url = new URL(request.url);
  // "New message" is a GET search for a person (nothing changes), the people search of /search
  // (counted as a search), each found person a link to the conversation with them.
  const query = parseSearchQuery(url.searchParams.get("q"));
  let people: { handle: string; displayName: string; avatar: string | null }[] | null = null;
  if (query.kind !== "empty") {
    const refused = await countRequest(["searchesPerIp", clientIp(context)]);
    if (refused) throw new Response(refused.message, tooManyRequests(refused));
    people = (await searchUsers(query, user.id))
      .filter((person) => person.id !== user.id)
      .map(({ handle, displayName, avatar }) => ({ handle, displayName, avatar }));
  }
  const page = await listConversations({ viewerId: user.id, cursor: parseCursor(url.searchParams.get("cursor")) });
  return {
    conversations: page.items,
    olderHref: cursorHref("/messages", page.next),
    q: query.text,
    people,
  };
}

export default function Messages() {
  const { conversations, olderHref, q, people } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Messages</h1>
      <Form method="get" className="new-conversation" role="search" aria-label="New message">
        <div className="field">
          <label htmlFor="field-q">Find someone to message</label>
          <input id="field-q" name="q" type="search" required maxLength={200} placeholder="Name or @username" defaultValue={q} autoComplete="off" />
        </div>
        <button type="submit">Find</button>
      </Form>
      {people ? (
        <section className="message-people" aria-label="People found">
          {people.length === 0 ? (
            <p className="empty">Nobody&apos;s name or username starts with “{q}”.</p>
          ) : (
            <ul className="people" aria-label={`People matching “${q}”`}>
              {people.map((person) => (
                <li key={person.handle}>
                  <Link to={`/messages/@${person.handle}#latest`}>
                    <span className="visually-hidden">Message </span>
                    <UserChip user={person} />
                  </Link>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}
      {conversations.length === 0 ? (
        <p className="empty">No conversations yet.</p>
      ) : (
        <ul className="conversations" aria-label="Conversations">
          {conversations.map((c) => (
            <li key={c.id} className={c.unread ? "unread" : undefined}>
              <Link to={`/messages/@${c.handle}#latest`}>
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
