import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { RelativeTime } from "~/components/relative-time";
import { SafetyButton } from "~/components/safety-button";
import { getSafetyList } from "~/models/safety.server";
import { pageMeta } from "~/utils/meta";

export const meta: MetaFunction = () => pageMeta("Blocked accounts · Cruddur", "The accounts you have blocked on Cruddur.");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { users: await getSafetyList(user.id, "blocks") };
}

/** The people you block, newest first, each with its Unblock button (ADR 018). */
export default function SettingsBlocks() {
  const { users } = useLoaderData<typeof loader>();
  return (
    <section className="safety-list">
      <h1>Blocked accounts</h1>
      <p className="hint">Neither of you sees the other's cruds, replies or reposts; they cannot follow, reply to, like, repost or message you.</p>
      {users.length === 0 ? (
        <p className="empty">You have not blocked anyone.</p>
      ) : (
        <ul className="user-list">
          {users.map((user) => (
            <li key={user.handle} className="user-row">
              <a href={`/@${user.handle}`}>
                <strong>{user.displayName}</strong> <span className="handle">@{user.handle}</span>
              </a>{" "}
              <RelativeTime date={user.since} />
              <SafetyButton kind="block" handle={user.handle} active redirectTo="/settings/blocks" />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
