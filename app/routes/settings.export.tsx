import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { pageMeta } from "~/routes-support/meta";
import { useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SettingsHeader } from "~/components/settings";
import { FormError } from "~/components/forms";
import { RATE_LIMITS, tooManyRequests, wouldRefuse } from "~/security/rate-limits.server";
import { EXPORT_DOWNLOAD_PATH, EXPORT_REFUSED_PARAM } from "~/routes-support/account-export";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import settingsStyles from "~/styles/settings.css";

export const meta: MetaFunction = () => pageMeta("Export your data · Cruddur", "Download everything your Cruddur account holds, as one JSON document.");

export const headers = headersWithRetryAfter;
export const links: LinksFunction = () => [{ rel: "stylesheet", href: settingsStyles }];

/**
 * The export page (ADR 023). The download itself is a POST to a resource route (a page route cannot
 * answer with a file); when that refuses a download over the hourly limit it comes back here with
 * `?refused`, and this page, reading the counter without counting, answers the 429 in the layout.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const refused = await wouldRefuse("exportsPerHour", user.id);
  const wasRefused = refused !== null && new URL(request.url).searchParams.has(EXPORT_REFUSED_PARAM);
  return data(
    { handle: user.handle, refusal: refused?.message ?? null, perHour: RATE_LIMITS.exportsPerHour.points },
    wasRefused ? tooManyRequests(refused) : undefined,
  );
}

export default function SettingsExport() {
  const { refusal, perHour } = useLoaderData<typeof loader>();
  return (
    <section className="auth-page export-page">
      <SettingsHeader title="Export your data" />
      <p>
        Download everything your account holds as it is right now, as one JSON file: your profile, your live cruds and replies, your reposts and likes of live
        cruds, whom you follow, who follows you, whom you block and mute, and the direct messages of your conversations.
      </p>
      <p className="hint">
        Expired cruds are gone for good and are not in it. You can download your data {perHour} times an hour. The file&apos;s format is
        &ldquo;cruddur-account-export&rdquo;, version 1; its <code>&quot;complete&quot;: true</code> at the end tells a whole download from one cut short.
      </p>
      <FormError>{refusal}</FormError>
      {/* A plain form, JavaScript or not: the browser saves the answer as a file and stays on this page. */}
      <form method="post" action={EXPORT_DOWNLOAD_PATH} className="actions">
        <button type="submit" name="intent" value="export" disabled={!!refusal}>
          Download your data
        </button>
      </form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
