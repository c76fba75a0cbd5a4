import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FollowList } from "~/components/follow-list";
import { followListLoader } from "~/utils/follow-list.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `Following · @${data.owner.handle} · Cruddur` : "Not found · Cruddur" }];

export const loader = (args: LoaderFunctionArgs) => followListLoader(args, "following");

export default function Following() {
  return <FollowList {...useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
