import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RelativeTime } from "~/components/relative-time";
import { SafetyButton } from "~/components/safety-button";
import { getSafetyList } from "~/models/safety.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => pageMeta("Muted accounts · Cruddur", "The accounts you have muted on Cruddur.");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { users: await getSafetyList(user.id, "mutes") };
}

/** The people you mute, newest first, each with its Unmute button (ADR 018). */
export default function SettingsMutes() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <section className="safety-list">
      <h1>Muted accounts</h1>
      <p className="hint">Their cruds, reposts and interactions stay out of your timelines and notifications. They are not told.</p>
      {users.length === 0 ? (
        <p className="empty">You have not muted anyone.</p>
      ) : (
        <ul className="user-list">
          {users.map((user) => (
            <li key={user.handle} className="user-row">
              <a href={`/@${user.handle}`}>
                <strong>{user.displayName}</strong> <span className="handle">@{user.handle}</span>
              </a>{" "}
              <RelativeTime date={user.since} />
              <SafetyButton kind="mute" handle={user.handle} active redirectTo="/settings/mutes" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
