import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SafetyList, safetyListMeta } from "~/components/safety-list";
import { safetyListLoader } from "~/routes-support/safety-list.server";

export const meta: MetaFunction = () => safetyListMeta("blocks");

export const loader = (args: LoaderFunctionArgs) => safetyListLoader(args, "blocks");

export default function SettingsBlocks() {
  return <SafetyList {...useLoaderData<typeof loader>()} />;
}

export const ErrorBoundary = GeneralErrorBoundary;
