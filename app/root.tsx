import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { ClockProvider } from "~/components/clock";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { DesktopNavigation, JoinPanel, Sidebar } from "~/components/layout";
import stylesheet from "~/styles/app.css";
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
  return { serverNow: new Date(), requestId: request.headers.get("x-request-id") ?? undefined };
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
            <DesktopNavigation />
            <main id="main" className="main-column">
              {children}
            </main>
            <Sidebar>
              <JoinPanel />
            </Sidebar>
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
  return <Outlet />;
}

export const ErrorBoundary = GeneralErrorBoundary;
