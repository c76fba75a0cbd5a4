import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CrudFeed } from "~/components/crud-card";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { getTimelinePage } from "~/models/crud.server";
import { encodeCursor, parseCursor } from "~/utils/cursor";

export const meta: MetaFunction = () => [{ title: "Home · Cruddur" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const cursor = parseCursor(new URL(request.url).searchParams.get("cursor"));
  const page = await getTimelinePage({ cursor, now: new Date() });
  return { cruds: page.items, olderHref: page.next ? `/?cursor=${encodeCursor(page.next)}` : undefined };
}

export default function Home() {
  const { cruds, olderHref } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="page-title">Home</h1>
      <CrudFeed cruds={cruds} olderHref={olderHref} empty="No live cruds right now. Everything has expired." />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
