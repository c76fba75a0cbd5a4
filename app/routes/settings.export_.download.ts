// POST /settings/export/download: the account's data as one JSON file, streamed (ADR 023).
import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { getUser } from "~/auth/session.server";
import { getExportAccount } from "~/models/account-export.server";
import { countRequest } from "~/security/rate-limits.server";
import { accountExportStream } from "~/routes-support/account-export.server";
import { EXPORT_PAGE_PATH, EXPORT_REFUSED_PARAM } from "~/routes-support/account-export";

/**
 * A POST, not a link: the request guard refuses it from other sites (so no other site can spend the
 * hourly limit for you), and counting it is a change of state, which a GET never makes (docs/product.md §4).
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getUser(request);
  if (!user) throw redirect(`/signin?${new URLSearchParams({ redirectTo: EXPORT_PAGE_PATH })}`);
  if (await countRequest(["exportsPerHour", user.id])) throw redirect(`${EXPORT_PAGE_PATH}?${EXPORT_REFUSED_PARAM}`, 303);
  // Read before the status line is sent: a database that is down is a 503 page here, not a cut download.
  const account = await getExportAccount(user.id);
  if (!account) throw redirect(EXPORT_PAGE_PATH, 303);
  const now = new Date();
  return new Response(accountExportStream(account, { now, drained: context.responseDrained, signal: request.signal }), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="cruddur-${account.handle}-${now.toISOString().slice(0, 10)}.json"`,
      // Your data only: no shared cache keeps it, and no browser cache either.
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** GET changes nothing and downloads nothing: the page with the button. */
export function loader() {
  return redirect(EXPORT_PAGE_PATH);
}
