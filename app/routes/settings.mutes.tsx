import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SafetyList, safetyListMeta } from "~/components/safety-list";
import { safetyListLoader } from "~/routes-support/safety-list.server";

export const meta: MetaFunction = () => safetyListMeta("mutes");

export const loader = (args: LoaderFunctionArgs) => safetyListLoader(args, "mutes");

export default function SettingsMutes() {
  return <SafetyList {...useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
