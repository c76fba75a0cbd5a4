import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser, type SessionUser } from "~/auth/session.server";
import { Avatar } from "~/components/avatar";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager } from "~/components/pager";
import { RelativeTime } from "~/components/relative-time";
import type { BadgeHandle } from "~/components/layout";
import { FormError, SubmitButton, TextareaField } from "~/components/forms";
import { findRecipient, getMessages, markConversationRead, sendMessage } from "~/models/message.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import socialStyles from "~/styles/social.css";
import { cursorHref, parseCursor } from "~/domain/cursor";
import { redirectWithFlash } from "~/routes-support/flash.server";
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

type Result = { errors: FieldErrors; values: { message?: string } };

export async function action({ params, request }: ActionFunctionArgs) {
  const now = new Date();
  const viewer = await requireUser(request);
  const other = await recipientOf(viewer, params.handle);
  const parsed = parseForm(MessageSchema, await request.formData());
  const values = { message: parsed.values.message };
  if (!parsed.success) return data<Result>({ errors: parsed.errors, values }, { status: 400 });
  // Either blocks the other (ADR 018): refused, the text kept; the same words whichever way it is.
  if (other.blocked) return data<Result>({ errors: { form: `You cannot send messages to @${other.handle}.` }, values }, { status: 403 });
  const refused = await countRequest(["messagesPerMinute", viewer.id]);
  if (refused) return data<Result>({ errors: { form: refused.message }, values }, tooManyRequests(refused));
  await sendMessage({ senderId: viewer.id, recipientId: other.id, body: parsed.data.message, now });
  return redirectWithFlash(`/messages/@${other.handle}`, "message-sent");
}

export default function Conversation() {
  const { other, messages, earlierHref, newerHref } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
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
        <ol className="message-list" aria-label={`Messages with @${other.handle}`}>
          {messages.map((message) => (
            <li key={message.id} className={message.fromViewer ? "mine" : undefined}>
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
      {/* Keyed by the last message, so the textarea empties after a message is sent (JavaScript on). */}
      <Form method="post" className="message-form stack" key={messages.at(-1)?.id ?? "none"}>
        <FormError>{errors.form}</FormError>
        <TextareaField
          label="Message"
          name="message"
          required
          maxLength={MESSAGE_MAX}
          rows={3}
          defaultValue={result?.values.message}
          hint={`At most ${MESSAGE_MAX} characters. Only you and @${other.handle} can read this conversation.`}
          error={errors.message}
        />
        <div className="actions">
          <Link to="/messages">All conversations</Link>
          <SubmitButton pendingText="Sending…">Send</SubmitButton>
        </div>
      </Form>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
