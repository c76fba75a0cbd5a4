import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, type KeyboardEvent } from "react";
import { requireUser, type SessionUser } from "~/auth/session.server";
import { Avatar } from "~/components/avatar";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager } from "~/components/pager";
import { RelativeTime } from "~/components/relative-time";
import type { BadgeHandle } from "~/components/layout";
import { EnhancedField, FormError, TextareaField } from "~/components/forms";
import { findRecipient, getMessages, markConversationRead, sendMessage } from "~/models/message.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import socialStyles from "~/styles/social.css";
import { cursorHref, parseCursor } from "~/domain/cursor";
import { flashHeaders, redirectWithFlash } from "~/routes-support/flash.server";
import { isEnhanced } from "~/routes-support/button-action.server";
import { handleFromParam } from "~/domain/handle";
import { MESSAGE_MAX, MessageSchema } from "~/domain/message-validation";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { pageMeta } from "~/routes-support/meta";
import { noSuchUser } from "~/routes-support/not-found";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialStyles }];

export const headers = headersWithRetryAfter;

/** Opening an unread conversation takes it off the nav's count on this very page. */
export const handle: BadgeHandle = {
  readOnThisPage: (data) => ({ conversations: (data as { markedRead?: boolean } | undefined)?.markedRead ? 1 : 0 }),
};

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  pageMeta(data ? `Messages with ${data.other.displayName} (@${data.other.handle}) · Cruddur` : "Messages · Cruddur", "Your private conversation on Cruddur.");

/** The other participant, or the clear error: 404 for an unknown handle, 400 for yourself. */
async function recipientOf(viewer: SessionUser, param: string | undefined) {
  const handle = handleFromParam(param);
  if (!handle) throw noSuchUser(param);
  const recipient = await findRecipient(viewer.id, handle);
  if (recipient.ok) return { ...recipient.user, blocked: recipient.blocked };
  if (recipient.reason === "self") throw new Response("You cannot send messages to yourself. Pick someone else to talk to.", { status: 400 });
  throw noSuchUser(param);
}

export async function loader({ params, request }: LoaderFunctionArgs) {
  const now = new Date();
  const viewer = await requireUser(request);
  const other = await recipientOf(viewer, params.handle);
  const before = parseCursor(new URL(request.url).searchParams.get("before"));
  const [page, markedRead] = await Promise.all([
    getMessages({ viewerId: viewer.id, otherId: other.id, before }),
    // Reading the latest page is what "opened" means; paging back through history is not.
    before ? Promise.resolve(false) : markConversationRead({ viewerId: viewer.id, otherId: other.id, now }),
  ]);
  return {
    other: { handle: other.handle, displayName: other.displayName, avatar: other.avatar },
    messages: page.messages,
    earlierHref: cursorHref(`/messages/@${other.handle}`, page.earlier, { name: "before" }),
    newerHref: before ? `/messages/@${other.handle}` : undefined,
    markedRead,
  };
}

type Result = { ok?: false; errors: FieldErrors; values: { message?: string } };

export async function action({ params, request }: ActionFunctionArgs) {
  const now = new Date();
  const viewer = await requireUser(request);
  const other = await recipientOf(viewer, params.handle);
  const form = await request.formData();
  const parsed = parseForm(MessageSchema, form);
  const values = { message: parsed.values.message };
  if (!parsed.success) return data<Result>({ errors: parsed.errors, values }, { status: 400 });
  // Either blocks the other (ADR 018): refused, the text kept; the same words whichever way it is.
  if (other.blocked) return data<Result>({ errors: { form: `You cannot send messages to @${other.handle}.` }, values }, { status: 403 });
  const refused = await countRequest(["messagesPerMinute", viewer.id]);
  if (refused) return data<Result>({ errors: { form: refused.message }, values }, tooManyRequests(refused));
  await sendMessage({ senderId: viewer.id, recipientId: other.id, body: parsed.data.message, now });
  // With JavaScript (a fetcher) the page stays, its box emptied and focused; without, Post/Redirect/Get to the latest message.
  if (isEnhanced(form)) return data({ ok: true as const }, { headers: await flashHeaders("message-sent") });
  return redirectWithFlash(`/messages/@${other.handle}#latest`, "message-sent");
}

export default function Conversation() {
  const { other, messages, earlierHref, newerHref } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const actionData = useActionData<typeof action>();
  // Without JavaScript a refusal is the page's action data; with it, the fetcher's.
  const result = fetcher.data ?? actionData;
  const errors = (result && !result.ok ? result.errors : undefined) ?? {};
  const formRef = useRef<HTMLFormElement>(null);
  const listRef = useRef<HTMLOListElement>(null);
  const lastId = messages.at(-1)?.id;
  const sending = fetcher.state !== "idle";

  /** Ctrl+Enter (Cmd+Enter on a Mac) in the box sends, as the button does (once: not again while sending). */
  const sendOnCtrlEnter = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.nativeEvent.isComposing) return;
    event.preventDefault();
    if (!sending) event.currentTarget.requestSubmit();
  };

  // Sent (JavaScript on): the box empties and keeps the focus, to write the next one.
  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data?.ok || !formRef.current) return;
    formRef.current.reset();
    formRef.current.querySelector("textarea")?.focus();
  }, [fetcher.state, fetcher.data]);

  // The latest messages in view: the list scrolled to its end on load and whenever one arrives
  // (not on a page of earlier messages, read from the top). Without JavaScript `#latest` does it.
  useEffect(() => {
    if (newerHref || !listRef.current) return;
    listRef.current.scrollTop = listRef.current.scrollHeight;
  }, [lastId, newerHref]);

  return (
    <>
      <h1 className="page-title conversation-header">
        <Avatar handle={other.handle} displayName={other.displayName} size={40} src={other.avatar} />
        <span>
          {other.displayName}{" "}
          <Link to={`/@${other.handle}`} className="handle">
            @{other.handle}
          </Link>
        </span>
      </h1>
      <Pager href={earlierHref} label="Earlier messages" rel={null}>
        Earlier messages
      </Pager>
      {messages.length === 0 ? (
        <p className="empty">No messages yet. Say hello to @{other.handle}.</p>
      ) : (
        // A scrolling region of its own, so it is reachable by keyboard (tabIndex) and named.
        <ol className="message-list chat" aria-label={`Messages with @${other.handle}`} ref={listRef} tabIndex={0}>
          {messages.map((message) => (
            <li key={message.id} id={message.id === lastId && !newerHref ? "latest" : undefined} className={message.fromViewer ? "mine" : "theirs"}>
              {/* Who and when, before the words: read first by a screen reader, small on screen. */}
              <span className="meta">
                {message.fromViewer ? "You" : other.displayName} · <RelativeTime date={message.createdAt} />
              </span>
              <p className="body">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
      <Pager href={newerHref} label="Newer messages" rel={null}>
        Latest messages
      </Pager>
      {/* A fetcher with JavaScript (the page stays, the box keeps the focus); a plain POST without. */}
      <fetcher.Form method="post" className="message-form stack" ref={formRef} onKeyDown={sendOnCtrlEnter}>
        <EnhancedField />
        <FormError>{errors.form}</FormError>
        <TextareaField
          label="Message"
          name="message"
          required
          maxLength={MESSAGE_MAX}
          rows={3}
          defaultValue={result && !result.ok ? result.values.message : undefined}
          hint={`At most ${MESSAGE_MAX} characters. Ctrl+Enter (⌘+Enter) sends. Only you and @${other.handle} can read this conversation.`}
          error={errors.message}
        />
        <div className="actions">
          <Link to="/messages">All conversations</Link>
          <button type="submit" disabled={sending} aria-disabled={sending || undefined}>
            {sending ? "Sending…" : "Send"}
          </button>
        </div>
      </fetcher.Form>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
