import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { describeDevice } from "~/auth/devices.server";
import { destroySession, requireUserSession } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, SubmitButton } from "~/components/forms";
import { RelativeTime } from "~/components/relative-time";
import { SettingsHeader } from "~/components/settings";
import { useTimeZone } from "~/components/time-zone";
import { endOtherSessions, endSessionByKey, listLiveSessions, sessionKey } from "~/models/session.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import settingsStyles from "~/styles/settings.css";
import { formIntent } from "~/routes-support/intent";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { formatExact } from "~/domain/time";
import { pageMeta } from "~/routes-support/meta";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const meta: MetaFunction = () => pageMeta("Sessions · Cruddur", "Where your Cruddur account is signed in, and signing out of it.");
export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];
export const headers = headersWithRetryAfter;

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, sessionId } = await requireUserSession(request);
  const rows = await listLiveSessions({ userId: user.id, currentSessionId: sessionId });
  return { sessions: rows.map(({ userAgent, ...row }) => ({ ...row, ...describeDevice(userAgent) })) };
}

type Result = { error: string };

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await requireUserSession(request);
  const form = await request.formData();
  const intent = formIntent(form, ["sign-out", "sign-out-others"]);
  const refused = await countRequest(["settingsChangesPerMinute", user.id]);
  if (refused) return data<Result>({ error: refused.message }, tooManyRequests(refused));
  if (intent === "sign-out-others") {
    return redirectWithFlash("/settings/sessions", { key: "sessions-ended", count: await endOtherSessions(user.id, sessionId) });
  }
  const key = form.get("session");
  if (typeof key !== "string" || !/^[0-9a-f]{64}$/.test(key)) return data<Result>({ error: "Choose a session to sign out." }, { status: 400 });
  // Only ever this account's sessions: another account's key matches nothing (the same answer as an ended one).
  if (!(await endSessionByKey(user.id, key))) return data<Result>({ error: "That session has already ended." }, { status: 404 });
  if (key === sessionKey(sessionId)) return redirectWithFlash("/", "signed-out", { headers: { "Set-Cookie": await destroySession(request) } });
  return redirectWithFlash("/settings/sessions", { key: "sessions-ended", count: 1 });
}

export default function SettingsSessions() {
  const { sessions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const timeZone = useTimeZone();
  const others = sessions.filter((session) => !session.current).length;
  return (
    <section className="settings-page">
      <SettingsHeader title="Sessions">
        Every browser signed in to your account. If you do not recognise one, sign it out and change your password.
      </SettingsHeader>
      <FormError>{result?.error}</FormError>
      <ul className="session-list">
        {sessions.map((session) => {
          const name = `${session.browser} on ${session.os}`;
          return (
            <li key={session.key} aria-label={session.current ? `${name} (this device)` : name}>
              <strong>{name}</strong>
              {session.current ? <span className="this-device">This device</span> : null}
              <p className="hint">
                {`Network ${session.ipPrefix || "unknown"} · signed in ${formatExact(session.createdAt, timeZone)} · last active `}
                <RelativeTime date={session.lastSeenAt} />
              </p>
              {session.current ? (
                <Form method="post" action="/signout">
                  <button type="submit" className="secondary">
                    Sign out
                  </button>
                </Form>
              ) : (
                <Form method="post">
                  <input type="hidden" name="session" value={session.key} />
                  <button type="submit" name="intent" value="sign-out" className="secondary" aria-label={`Sign out ${name}`}>
                    Sign out
                  </button>
                </Form>
              )}
            </li>
          );
        })}
      </ul>
      {others > 0 ? (
        <Form method="post" className="actions">
          <SubmitButton intent="sign-out-others" pendingText="Signing out…" className="danger">
            Sign out everywhere else
          </SubmitButton>
        </Form>
      ) : (
        <p className="empty">You are not signed in anywhere else.</p>
      )}
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
