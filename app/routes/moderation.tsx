import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireModerator } from "~/auth/permissions.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError } from "~/components/forms";
import { RelativeTime } from "~/components/relative-time";
import { Pager } from "~/components/pager";
import {
  listOpenReports,
  listResolvedReports,
  listSuspendedUsers,
  MODERATION_PAGE_SIZE,
  resolveReport,
  unsuspendUser,
  type ReportRow,
} from "~/models/report.server";
import socialStyles from "~/styles/social.css";
import { cursorHref, parseCursor } from "~/domain/cursor";
import { formIntent } from "~/routes-support/intent";
import { reasonLabel } from "~/domain/report-validation";
import { pageMeta } from "~/routes-support/meta";
import { isUuid } from "~/domain/uuid";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialStyles }];

export const meta: MetaFunction = () => pageMeta("Moderation · Cruddur", "Open reports for Cruddur's moderators.");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireModerator(request);
  const params = new URL(request.url).searchParams;
  // Two lists page on their own (each keeps the other's position in its link).
  const reportsCursor = parseCursor(params.get("reports"));
  const suspendedCursor = parseCursor(params.get("suspended"));
  const [open, resolved, suspended] = await Promise.all([listOpenReports(reportsCursor), listResolvedReports(), listSuspendedUsers(suspendedCursor)]);
  const keep = (name: string) => (params.get(name) ? { [name]: params.get(name)! } : {});
  return {
    open: {
      items: open.items,
      total: open.total,
      paged: !!reportsCursor,
      nextHref: cursorHref("/moderation", open.next, { name: "reports", params: keep("suspended") }),
    },
    suspended: {
      items: suspended.items,
      paged: !!suspendedCursor,
      nextHref: cursorHref("/moderation", suspended.next, { name: "suspended", params: keep("reports") }),
    },
    resolved,
  };
}

/** What the page says after each action. */
const DONE = { remove: "crud-removed", suspend: "user-suspended", dismiss: "report-dismissed", unsuspend: "suspension-lifted" } as const;

const RESOLUTION: Record<string, string> = { removed: "Crud removed", suspended: "User suspended", dismissed: "Dismissed" };

const RESOLVED_AS: Record<string, string> = { removed: "the crud was removed", suspended: "the user was suspended", dismissed: "it was dismissed" };

export async function action({ request }: ActionFunctionArgs) {
  const moderator = await requireModerator(request);
  const form = await request.formData();
  const intent = formIntent(form, ["remove", "suspend", "dismiss", "unsuspend"]);
  const id = form.get(intent === "unsuspend" ? "userId" : "reportId");
  // Ids are UUIDs (the crud-id check is the same shape); anything else is not worth a query.
  if (typeof id !== "string" || !isUuid(id)) throw new Response("Unknown report or user.", { status: 400 });
  if (intent === "unsuspend") {
    const lifted = await unsuspendUser({ userId: id, moderatorId: moderator.id });
    if (!lifted) return data({ error: "That user is not suspended (any more)." }, { status: 409 });
  } else {
    const outcome = await resolveReport({ reportId: id, moderatorId: moderator.id, resolution: intent });
    if (!outcome.ok && outcome.reason === "not-found") throw new Response("There is no such report.", { status: 404 });
    // Refusals change nothing (no log entry either); the page says why, with the queue below it.
    if (!outcome.ok && outcome.reason === "no-crud") {
      return data(
        { error: "This report names no crud to remove (it is about a user, or the crud is already gone): suspend the user or dismiss it." },
        { status: 409 },
      );
    }
    if (!outcome.ok && outcome.reason === "moderator") {
      return data({ error: `@${outcome.handle} is a moderator: a moderator cannot be suspended. Revoke the role first.` }, { status: 403 });
    }
    if (!outcome.ok && outcome.reason === "resolved") {
      return data({ error: `This report was already resolved (${RESOLVED_AS[outcome.status] ?? outcome.status}); nothing was changed.` }, { status: 409 });
    }
  }
  return redirectWithFlash("/moderation", DONE[intent]);
}

function Snapshot({ report }: { report: ReportRow }) {
  return (
    <div className="report-snapshot">
      <p className="meta">
        {report.crudId ? "Crud by" : "Reported user:"}{" "}
        {report.snapshotHandle ? (
          <>
            <strong>{report.snapshotDisplayName}</strong> @{report.snapshotHandle}
          </>
        ) : report.targetHandle ? (
          <>@{report.targetHandle}</>
        ) : (
          "a deleted account"
        )}
        {report.targetHandle === null && report.snapshotHandle ? " (account deleted)" : null}
        {report.targetSuspended ? " (suspended)" : null}
      </p>
      {report.snapshotText === null ? (
        <p className="empty">The snapshot is older than 30 days and was deleted.</p>
      ) : (
        <blockquote>{report.snapshotText}</blockquote>
      )}
      {report.pictures.length > 0 ? (
        <ul className="report-pictures" aria-label="Images of the reported crud">
          {report.pictures.map((picture) => (
            <li key={picture.src}>
              <img src={picture.src} alt={picture.alt} width={picture.width} height={picture.height} loading="lazy" />
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

function ReportDetails({ report }: { report: ReportRow }) {
  return (
    <p className="meta">
      {`${reasonLabel(report.reason)}, reported by ${report.reporterHandle ? `@${report.reporterHandle}` : "a deleted account"} `}
      <RelativeTime date={report.createdAt} />
      {report.comment ? <>: “{report.comment}”</> : null}
    </p>
  );
}

export default function Moderation() {
  const { open, resolved, suspended } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1 className="page-title">Moderation</h1>
      <FormError>{result?.error}</FormError>
      <section aria-labelledby="open-reports">
        <h2 id="open-reports">Open reports ({open.total})</h2>
        {open.items.length === 0 ? <p className="empty">{open.paged ? "No more open reports." : "No open reports."}</p> : null}
        {open.paged ? (
          <p>
            <a href="/moderation">Back to the oldest open reports</a>
          </p>
        ) : null}
        <ol className="reports">
          {open.items.map((report) => (
            <li key={report.id} className="report" aria-label={`Report of ${report.targetHandle ? `@${report.targetHandle}` : "a deleted account"}`}>
              <Snapshot report={report} />
              <ReportDetails report={report} />
              <Form method="post" className="actions">
                <input type="hidden" name="reportId" value={report.id} />
                {report.crudId ? (
                  <button type="submit" name="intent" value="remove" className="danger">
                    Remove crud
                  </button>
                ) : null}
                {report.targetSuspended || report.targetHandle === null ? null : (
                  <button type="submit" name="intent" value="suspend" className="danger">
                    Suspend @{report.targetHandle}
                  </button>
                )}
                <button type="submit" name="intent" value="dismiss" className="secondary">
                  Dismiss
                </button>
              </Form>
            </li>
          ))}
        </ol>
        <Pager href={open.nextHref} label="More open reports">
          Next {MODERATION_PAGE_SIZE} reports
        </Pager>
      </section>
      <section aria-labelledby="suspended-users">
        <h2 id="suspended-users">Suspended users</h2>
        {suspended.items.length === 0 ? <p className="empty">{suspended.paged ? "No more suspended users." : "Nobody is suspended."}</p> : null}
        <ul className="reports">
          {suspended.items.map((user) => (
            <li key={user.id}>
              <Form method="post" className="actions">
                <span>
                  {user.displayName} @{user.handle}, suspended <RelativeTime date={user.suspendedAt} />
                </span>
                <input type="hidden" name="userId" value={user.id} />
                <button type="submit" name="intent" value="unsuspend" className="secondary">
                  Unsuspend @{user.handle}
                </button>
              </Form>
            </li>
          ))}
        </ul>
        <Pager href={suspended.nextHref} label="More suspended users" />
      </section>
      <section aria-labelledby="resolved-reports">
        <h2 id="resolved-reports">Recently resolved</h2>
        {resolved.length === 0 ? <p className="empty">No resolved reports yet.</p> : null}
        <ol className="reports">
          {resolved.map((report) => (
            <li key={report.id} className="report resolved">
              <Snapshot report={report} />
              <ReportDetails report={report} />
              <p className="resolution">
                {`${RESOLUTION[report.status] ?? report.status} by ${report.resolvedByHandle ? `@${report.resolvedByHandle}` : "a former moderator"} `}
                {report.resolvedAt ? <RelativeTime date={report.resolvedAt} /> : null}
              </p>
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
