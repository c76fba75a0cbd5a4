import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { getUser, requireUser } from "~/auth/session.server";
import { Avatar } from "~/components/avatar";
import { CrudFeed, keepGoneCards } from "~/components/crud-card";
import { CrudForm } from "~/components/crud-form";
import { FollowButton } from "~/components/follow-button";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SafetyButton } from "~/components/safety-button";
import { postCrudAction } from "~/utils/crud-actions.server";
import { getProfile } from "~/models/crud.server";
import { CRUD_MAX } from "~/utils/crud-validation";
import { cursorHref, parseCursor } from "~/utils/cursor";
import { handleFromParam, noSuchUser } from "~/utils/handle";
import { formIntent, UNKNOWN_INTENT } from "~/utils/intent";
import { anonymousCacheHeaders } from "~/utils/page-cache";
import { headersWithRetryAfter } from "~/utils/retry-after";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.displayName} (@${data.profile.handle}) · Cruddur` : "Not found · Cruddur" },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const handle = handleFromParam(params.handle);
  const cursor = parseCursor(new URL(request.url).searchParams.get("cursor"));
  const viewer = await getUser(request);
  const now = new Date();
  const result = handle ? await getProfile({ handle, cursor, now, viewerId: viewer?.id }) : null;
  if (!result) throw noSuchUser(params.handle);
  const { profile, page } = result;
  return data(
    {
      profile,
      cruds: page.items,
      olderHref: cursorHref(`/@${profile.handle}`, page.next),
      isOwn: viewer?.id === profile.id,
      signedIn: !!viewer,
    },
    { headers: viewer ? {} : anonymousCacheHeaders(page.items, now) },
  );
}

export const headers = headersWithRetryAfter;

// A like of a crud that has gone leaves its card in place, saying so (ADR 020).
export const shouldRevalidate = keepGoneCards;

/** Your own profile carries the crud form too. */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  formIntent(form, ["crud"]);
  if (handleFromParam(params.handle) !== user.handle) throw new Response(UNKNOWN_INTENT, { status: 400 });
  return postCrudAction(form, user, `/@${user.handle}`);
}

export default function Profile() {
  const { profile, cruds, olderHref, isOwn, signedIn } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <>
      <header className="profile-header">
        <div className="banner" aria-hidden="true" />
        <div className="profile-info">
          <Avatar handle={profile.handle} displayName={profile.displayName} size={96} />
          <h1>
            <span className="display-name">{profile.displayName}</span>
            <span className="handle">@{profile.handle}</span>
          </h1>
          {profile.bio ? <p className="bio">{profile.bio}</p> : null}
          <p className="crud-count">
            {profile.crudCount} {profile.crudCount === 1 ? "crud" : "cruds"}
          </p>
          <p className="follow-counts">
            <a href={`/@${profile.handle}/following`}>
              <strong>{profile.followingCount}</strong> following
            </a>
            <span aria-hidden="true"> · </span>
            <a href={`/@${profile.handle}/followers`}>
              <strong>{profile.followersCount}</strong> {profile.followersCount === 1 ? "follower" : "followers"}
            </a>
          </p>
          {isOwn ? (
            <div className="profile-actions">
              <a href="/settings/profile" className="button secondary edit-profile">
                Edit profile
              </a>
            </div>
          ) : signedIn && !profile.blockedByViewer ? (
            <div className="profile-actions">
              <FollowButton user={profile} following={profile.followedByViewer} />
              <a href={`/messages/@${profile.handle}`} className="button secondary edit-profile">
                Message
              </a>
            </div>
          ) : null}
          {/* Reports and moderation (ADR 019): kept apart from the other profile controls. */}
          {profile.suspended ? (
            <p className="suspended-notice" role="status">
              This account is suspended.
            </p>
          ) : null}
          {signedIn && !isOwn ? (
            <p className="profile-report">
              <a href={`/report?${new URLSearchParams({ user: profile.handle })}`} className="report-link">
                Report @{profile.handle}
              </a>
            </p>
          ) : null}
          {/* Block and mute (ADR 018): a block of their own, apart from follow and message. */}
          {signedIn && !isOwn ? (
            <div className="profile-actions profile-safety">
              {profile.blockedByViewer ? null : <SafetyButton kind="mute" handle={profile.handle} active={profile.mutedByViewer} />}
              <SafetyButton kind="block" handle={profile.handle} active={profile.blockedByViewer} />
            </div>
          ) : null}
        </div>
      </header>
      {isOwn ? <CrudForm max={CRUD_MAX} noJsResult={actionData} /> : null}
      {profile.blockedByViewer ? (
        <p className="empty blocked-notice" role="status">
          You have blocked @{profile.handle}. Neither of you sees the other&apos;s cruds.
        </p>
      ) : (
        <CrudFeed cruds={cruds} olderHref={olderHref} empty={`@${profile.handle} has no live cruds.`} />
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
