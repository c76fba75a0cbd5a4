import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FollowList } from "~/components/follow-list";
import { followListLoader } from "~/routes-support/follow-list.server";
import { pageMeta } from "~/routes-support/meta";

export const meta: MetaFunction<typeof loader> = ({ data }) =>
  data
    ? pageMeta(`Followers · @${data.owner.handle} · Cruddur`, `The people who follow ${data.owner.displayName} (@${data.owner.handle}) on Cruddur.`)
    : pageMeta("Not found · Cruddur", "There is no such user on Cruddur.");

export const loader = (args: LoaderFunctionArgs) => followListLoader(args, "followers");

export default function Followers() {
  return <FollowList {...useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
