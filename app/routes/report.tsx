import { data, type ActionFunctionArgs, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormError, SubmitButton, TextareaField } from "~/components/forms";
import { createReport, reportTargetSummary, type ReportTarget } from "~/models/report.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import socialStyles from "~/styles/social.css";
import { parseForm, type FieldErrors } from "~/routes-support/parse-form";
import { REPORT_COMMENT_MAX, REPORT_REASONS, ReportSchema } from "~/domain/report-validation";
import { headersWithRetryAfter } from "~/routes-support/retry-after";
import { pageMeta } from "~/routes-support/meta";
import { CRUD_NOT_LIVE } from "~/routes-support/not-found";
import { isUuid } from "~/domain/uuid";
import { redirectWithFlash } from "~/routes-support/flash.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: socialStyles }];

export const meta: MetaFunction = () => pageMeta("Report · Cruddur", "Tell Cruddur's moderators about a crud or an account.");

export const headers = headersWithRetryAfter;

const CANNOT_REPORT_YOURSELF = "You cannot report yourself or your own cruds.";

/** `?crud=<id>` or `?user=<handle>`: what is reported (the form posts the same fields). */
function targetOf(crud: string | null | undefined, user: string | null | undefined): ReportTarget {
  if (crud && !user) {
    if (!isUuid(crud)) throw new Response(CRUD_NOT_LIVE, { status: 404 });
    return { crudId: crud };
  }
  if (user && !crud) return { handle: user.replace(/^@/, "") };
  throw new Response("Say which crud or user you are reporting.", { status: 400 });
}

const notFound = (target: ReportTarget) => new Response("crudId" in target ? CRUD_NOT_LIVE : `There is no user @${target.handle} on Cruddur.`, { status: 404 });

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const target = targetOf(params.get("crud"), params.get("user"));
  const summary = await reportTargetSummary(target, user.id);
  if (!summary) throw notFound(target);
  if (summary.own) throw new Response(CANNOT_REPORT_YOURSELF, { status: 400 });
  return {
    kind: "crudId" in target ? ("crud" as const) : ("user" as const),
    fields: { crud: params.get("crud"), user: params.get("user") },
    summary,
  };
}

type Result = { errors: FieldErrors; values: { reason?: string; comment?: string } };

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const parsed = parseForm(ReportSchema, await request.formData());
  const values = { reason: parsed.values.reason, comment: parsed.values.comment };
  if (!parsed.success) {
    // A missing or malformed target is not something the person can fix in the form.
    if (parsed.errors.form) throw new Response(parsed.errors.form, { status: 400 });
    return data<Result>({ errors: parsed.errors, values }, { status: 400 });
  }
  const target = targetOf(parsed.data.crud, parsed.data.user);
  const refused = await countRequest(["reportsPerHour", user.id]);
  if (refused) return data<Result>({ errors: { form: refused.message }, values }, tooManyRequests(refused));
  const outcome = await createReport({ reporterId: user.id, reason: parsed.data.reason, comment: parsed.data.comment, target });
  if (outcome === "not-found") throw notFound(target);
  if (outcome === "self") throw new Response(CANNOT_REPORT_YOURSELF, { status: 400 });
  // Home, with the thanks (ADR 020); the reported user is not told anything.
  return redirectWithFlash("/", "report-sent");
}

export default function Report() {
  const loaded = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { kind, fields, summary } = loaded;
  const errors = result?.errors ?? {};
  return (
    <section className="report-page">
      <h1 className="page-title">{kind === "crud" ? `Report a crud by @${summary.handle}` : `Report @${summary.handle}`}</h1>
      {kind === "crud" ? <blockquote className="report-snapshot">{summary.text}</blockquote> : null}
      <Form method="post" className="stack">
        <FormError>{errors.form}</FormError>
        {fields.crud ? <input type="hidden" name="crud" value={fields.crud} /> : null}
        {fields.user ? <input type="hidden" name="user" value={fields.user} /> : null}
        <fieldset className="field" aria-describedby={errors.reason ? "field-reason-error" : undefined}>
          <legend>Reason</legend>
          {REPORT_REASONS.map((reason) => (
            <label key={reason.value} className="radio">
              <input type="radio" name="reason" value={reason.value} required defaultChecked={result?.values.reason === reason.value} /> {reason.label}
            </label>
          ))}
          {errors.reason ? (
            <p className="field-error" id="field-reason-error">
              {errors.reason}
            </p>
          ) : null}
        </fieldset>
        <TextareaField
          label="Comment (optional)"
          name="comment"
          maxLength={REPORT_COMMENT_MAX}
          rows={4}
          defaultValue={result?.values.comment}
          hint={`At most ${REPORT_COMMENT_MAX} characters. Only the moderators read it; @${summary.handle} is not told.`}
          error={errors.comment}
        />
        <SubmitButton pendingText="Sending…">Send report</SubmitButton>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
