import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useParams, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { getViewer } from "~/auth/session.server";
import { DatabaseUnavailable } from "~/db.server";
import { getSidebarData } from "~/models/sidebar.server";
import { logError } from "~/observability/logger.server";
import { RollbarScript } from "~/observability/rollbar-client";
import { getRollbarClientConfig } from "~/observability/rollbar.server";
import { ClockProvider } from "~/components/clock";
import { TimeZoneProvider } from "~/components/time-zone";
import { IconSprite } from "~/components/icons";
import { ICON_SYMBOLS } from "~/components/icon-sprite.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { KeyboardShortcuts } from "~/components/keyboard-shortcuts";
import { JoinPanel, Navigation, Sidebar, sidebarOnPhone } from "~/components/layout";
import { SearchBox, SuggestedUsersPanel, TrendingPanel } from "~/components/sidebar-panels";
import { NavigationProgress } from "~/components/navigation-progress";
import { RouteFocus } from "~/components/route-focus";
import { StatusMessage } from "~/components/status-message";
import { TabBar } from "~/components/tab-bar";
import stylesheet from "~/styles/app.css";
import shellStyles from "~/styles/shell.css";
import socialStyles from "~/styles/social.css";
import liveStyles from "~/styles/live.css";
import { takeFlash } from "~/routes-support/flash.server";
import { useAnchorNavigation } from "~/hooks/use-anchor-navigation";
import { pageMeta } from "~/routes-support/meta";
import { useNonce } from "~/hooks/use-nonce";
import { DEFAULT_TIME_ZONE, timeZoneFromCookie } from "~/domain/time-zone";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "stylesheet", href: socialStyles },
  { rel: "stylesheet", href: liveStyles },
  { rel: "stylesheet", href: shellStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => pageMeta("Cruddur");

export async function loader({ request }: LoaderFunctionArgs) {
  const now = new Date();
  const requestId = request.headers.get("x-request-id") ?? undefined;
  // The layout must render even when the database does not answer, so that the route's own error
  // (reported by handleError) shows inside it with its reference id; its parts then go empty.
  const degraded =
    <T,>(part: string, fallback: T) =>
    (error: unknown) => {
      // An unreachable database is logged once where it is detected (app/db.server.ts).
      if (!(error instanceof DatabaseUnavailable)) logError(`layout without ${part}`, error, { request_id: requestId });
      return fallback;
    };
  // One statement: the session, its user and the nav's two badges (shared with the route's loader).
  const viewer = await getViewer(request).catch(degraded("the signed-in user", null));
  const user = viewer?.user ?? null;
  // Trending and suggestions usually come from their in-process caches.
  const sidebar = await getSidebarData({ viewerId: user?.id ?? null, now }).catch(degraded("the sidebar", { trending: [], suggested: [] }));
  // The status message of the action that redirected here (ADR 020), shown once: its cookie is cleared.
  const flash = await takeFlash(request);
  // Exact times (ADR 037): the saved preference, else the zone the browser reported (the `tz` cookie,
  // checked), else UTC and the browser is asked (`guessTimeZone`).
  const cookieZone = user?.timeZone ? undefined : timeZoneFromCookie(request.headers.get("Cookie"));
  return data(
    {
      serverNow: now,
      requestId,
      user,
      timeZone: user?.timeZone ?? cookieZone ?? DEFAULT_TIME_ZONE,
      guessTimeZone: !user?.timeZone && !cookieZone,
      counts: viewer?.unread ?? { notifications: 0, messages: 0 },
      sidebar,
      rollbar: getRollbarClientConfig(),
      flash: flash?.flash ?? null,
    },
    flash ? { headers: { "Set-Cookie": flash.clear } } : undefined,
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const { pathname } = useLocation();
  // On a profile (and its lists), that person is not suggested to follow. (Not handleFromParam: its
  // validation rules would add kilobytes to every page's script, ADR 026; a mere filter needs none.)
  const handleParam = useParams().handle;
  const here = handleParam?.startsWith("@") ? handleParam.slice(1).toLowerCase() : undefined;
  // Settings → Appearance (ADR 037); signed out, the device decides.
  const theme = data?.user?.theme ?? "system";
  return (
    <html lang="en" data-theme={theme}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <meta name="color-scheme" content={theme === "system" ? "dark light" : theme} />
        <Meta />
        <Links />
        {data?.rollbar ? <RollbarScript nonce={nonce} config={data.rollbar} /> : null}
      </head>
      <body>
        <IconSprite symbols={ICON_SYMBOLS} />
        <a href="#main" className="skip-link">
          Skip to content
        </a>
        <NavigationProgress />
        <ClockProvider serverNow={data?.serverNow ?? new Date()}>
          <div className="app-shell">
            <Navigation user={data?.user ?? null} counts={data?.counts} />
            <main id="main" className="main-column">
              {/* First in the page's content, so it is read first without JavaScript; shown as a toast. */}
              <StatusMessage flash={data?.flash ?? null} />
              <TimeZoneProvider timeZone={data?.timeZone ?? "UTC"} guess={data?.guessTimeZone}>
                {children}
              </TimeZoneProvider>
            </main>
            <Sidebar onPhone={sidebarOnPhone(pathname)}>
              <SearchBox />
              {/* Home says it in its own intro (HomeIntro), above the feed. */}
              {data?.user || pathname === "/" ? null : <JoinPanel />}
              <TrendingPanel tags={data?.sidebar.trending ?? []} />
              <SuggestedUsersPanel users={data?.sidebar.suggested ?? []} signedIn={!!data?.user} except={here} />
            </Sidebar>
            {/* On a phone: the bottom tab bar, last in the page as it is last on the screen. */}
            <TabBar user={data?.user ?? null} counts={data?.counts} />
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
  return (
    <>
      <Outlet />
      <RouteFocus />
      <KeyboardShortcuts />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
