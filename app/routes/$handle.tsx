import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Avatar } from "~/components/avatar";
import { CrudFeed } from "~/components/crud-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getProfile } from "~/models/crud.server";
import { encodeCursor, parseCursor } from "~/utils/cursor";
import { handleFromParam } from "~/utils/handle";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.profile.displayName} (@${data.profile.handle}) · Cruddur` : "Not found · Cruddur" },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const handle = handleFromParam(params.handle);
  const cursor = parseCursor(new URL(request.url).searchParams.get("cursor"));
  const result = handle ? await getProfile({ handle, cursor, now: new Date() }) : null;
  if (!result) throw new Response(`There is no user @${params.handle?.replace(/^@/, "")} on Cruddur.`, { status: 404 });
  const { profile, page } = result;
  return {
    profile,
    cruds: page.items,
    olderHref: page.next ? `/@${profile.handle}?cursor=${encodeCursor(page.next)}` : undefined,
  };
}

export default function Profile() {
  const { profile, cruds, olderHref } = useLoaderData<typeof loader>();
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
        </div>
      </header>
      <CrudFeed cruds={cruds} olderHref={olderHref} empty={`@${profile.handle} has no live cruds.`} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
