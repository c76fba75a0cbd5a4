import { data, redirect, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, type SessionUser } from "~/auth/session.server";
import { Avatar } from "~/components/avatar";
import { useNow } from "~/components/clock";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import type { BadgeHandle } from "~/components/layout";
import { FormError, SubmitButton } from "~/components/forms";
import { findRecipient, getMessages, markConversationRead, sendMessage } from "~/models/message.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import socialStyles from "~/styles/social.css";
import { encodeCursor, parseCursor } from "~/utils/cursor";
import { handleFromParam } from "~/utils/handle";
import { MESSAGE_MAX, MessageSchema } from "~/utils/message-validation";
import { parseForm, type FieldErrors } from "~/utils/parse-form";
import { headersWithRetryAfter } from "~/utils/retry-after";
import { formatAge, formatExact } from "~/utils/time";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialStyles }];

export const headers = headersWithRetryAfter;

/** Opening an unread conversation takes it off the nav's count on this very page. */
export const handle: BadgeHandle = {
  readOnThisPage: (data) => ({ conversations: (data as { markedRead?: boolean } | undefined)?.markedRead ? 1 : 0 }),
};

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Messages with ${data.other.displayName} (@${data.other.handle}) · Cruddur` : "Messages · Cruddur" },
];

/** The other participant, or the clear error: 404 for an unknown handle, 400 for yourself. */
async function recipientOf(viewer: SessionUser, param: string | undefined) {
  const handle = handleFromParam(param);
  const shown = param?.replace(/^@/, "") ?? "";
  if (!handle) throw new Response(`There is no user @${shown} on Cruddur.`, { status: 404 });
  const recipient = await findRecipient(viewer.id, handle);
  if (recipient.ok) return recipient.user;
  if (recipient.reason === "self") throw new Response("You cannot send messages to yourself. Pick someone else to talk to.", { status: 400 });
  throw new Response(`There is no user @${shown} on Cruddur.`, { status: 404 });
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
    other: { handle: other.handle, displayName: other.displayName },
    messages: page.messages,
    earlierHref: page.earlier ? `/messages/@${other.handle}?before=${encodeCursor(page.earlier)}` : undefined,
    newerHref: before ? `/messages/@${other.handle}` : undefined,
    markedRead,
  };
}

type Result = { errors: FieldErrors; values: { message?: string } };

export async function action({ params, request }: ActionFunctionArgs) {
  const now = new Date();
  const viewer = await requireUser(request);
  const other = await recipientOf(viewer, params.handle);
  const parsed = parseForm(MessageSchema, await request.formData());
  const values = { message: parsed.values.message };
  if (!parsed.success) return data<Result>({ errors: parsed.errors, values }, { status: 400 });
  const refused = await countRequest(["messagesPerMinute", viewer.id]);
  if (refused) return data<Result>({ errors: { form: refused.message }, values }, tooManyRequests(refused));
  await sendMessage({ senderId: viewer.id, recipientId: other.id, body: parsed.data.message, now });
  return redirect(`/messages/@${other.handle}`);
}

export default function Conversation() {
  const { other, messages, earlierHref, newerHref } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const now = useNow();
  return (
    <>
      <h1 className="page-title conversation-header">
        <Avatar handle={other.handle} displayName={other.displayName} size={40} />
        <span>
          {other.displayName} <Link to={`/@${other.handle}`} className="handle">@{other.handle}</Link>
        </span>
      </h1>
      {earlierHref ? (
        <nav className="pager" aria-label="Earlier messages">
          <a href={earlierHref} className="button secondary">
            Earlier messages
          </a>
        </nav>
      ) : null}
      {messages.length === 0 ? (
        <p className="empty">No messages yet. Say hello to @{other.handle}.</p>
      ) : (
        <ol className="message-list" aria-label={`Messages with @${other.handle}`}>
          {messages.map((message) => (
            <li key={message.id} className={message.fromViewer ? "mine" : undefined}>
              <span className="meta">
                {message.fromViewer ? "You" : other.displayName} ·{" "}
                <time dateTime={message.createdAt.toISOString()} title={formatExact(message.createdAt)}>
                  {formatAge(message.createdAt, now)}
                </time>
              </span>
              <p className="body">{message.body}</p>
            </li>
          ))}
        </ol>
      )}
      {newerHref ? (
        <nav className="pager" aria-label="Newer messages">
          <a href={newerHref} className="button secondary">
            Latest messages
          </a>
        </nav>
      ) : null}
      {/* Keyed by the last message, so the textarea empties after a message is sent (JavaScript on). */}
      <Form method="post" className="message-form stack" key={messages.at(-1)?.id ?? "none"}>
        <FormError>{errors.form}</FormError>
        <div className="field">
          <label htmlFor="field-message">Message</label>
          <textarea
            id="field-message"
            name="message"
            required
            maxLength={MESSAGE_MAX}
            rows={3}
            defaultValue={result?.values.message}
            aria-invalid={errors.message ? true : undefined}
            aria-describedby={errors.message ? "field-message-hint field-message-error" : "field-message-hint"}
          />
          <p id="field-message-hint" className="hint">
            At most {MESSAGE_MAX} characters. Only you and @{other.handle} can read this conversation.
          </p>
          {errors.message ? (
            <p id="field-message-error" className="field-error">
              {errors.message}
            </p>
          ) : null}
        </div>
        <div className="actions">
          <Link to="/messages">All conversations</Link>
          <SubmitButton pendingText="Sending…">Send</SubmitButton>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
