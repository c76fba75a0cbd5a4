import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getUser } from "~/auth/session.server";
import { countUnreadNotifications } from "~/models/notification.server";
import { ClockProvider } from "~/components/clock";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { JoinPanel, Navigation, Sidebar } from "~/components/layout";
import stylesheet from "~/styles/app.css";
import { useAnchorNavigation } from "~/utils/anchor-navigation";
import { useNonce } from "~/utils/nonce";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [
  { title: "Cruddur" },
  { name: "description", content: "Micro-blogging for people who do not want a permanent presence online." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const now = new Date();
  const user = await getUser(request);
  const notifications = user ? await countUnreadNotifications(user.id, now) : 0;
  return {
    serverNow: now,
    requestId: request.headers.get("x-request-id") ?? undefined,
    user,
    counts: { notifications, messages: 0 },
  };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="dark" />
        <Meta />
        <Links />
      </head>
      <body>
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <ClockProvider serverNow={data?.serverNow ?? new Date()}>
          <div className="app-shell">
            <Navigation user={data?.user ?? null} counts={data?.counts} />
            <main id="main" className="main-column">
              {children}
            </main>
            <Sidebar>{data?.user ? null : <JoinPanel />}</Sidebar>
          </div>
        </ClockProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  useLoaderData<typeof loader>();
  useAnchorNavigation();
  return <Outlet />;
}

export const ErrorBoundary = GeneralErrorBoundary;
