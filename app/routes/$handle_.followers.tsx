import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FollowList } from "~/components/follow-list";
import { followListLoader } from "~/utils/follow-list.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Followers · @${data.owner.handle} · Cruddur` : "Not found · Cruddur" }];

export const loader = (args: LoaderFunctionArgs) => followListLoader(args, "followers");

export default function Followers() {
  return <FollowList {...useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
