import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUser, safeRedirect } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/forms";
import { BLOCK_EXPLAINED } from "~/components/block-button";
import { getBlockTarget } from "~/models/safety.server";
import { pageMeta } from "~/routes-support/meta";
import { handleOrNoSuchUser, noSuchUser } from "~/routes-support/not-found";
import { safetyAction } from "~/routes-support/safety-action.server";
import { headersWithRetryAfter } from "~/routes-support/retry-after";

/** Block or unblock the user of the address (the confirmation's and /settings/blocks' buttons). */
export async function action({ request, params }: ActionFunctionArgs) {
  return safetyAction("block", request, params.handle);
}

/**
 * The confirmation a Block asks for without JavaScript (ADR 035): what a block does, Block or Cancel.
 * GET changes nothing; `?redirectTo=` is the page the Block button was on (Cancel and Block go back there).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const handle = handleOrNoSuchUser(params.handle);
  if (handle === user.handle) throw new Response("You cannot block yourself.", { status: 400 });
  const target = await getBlockTarget(user.id, handle);
  if (!target) throw noSuchUser(params.handle);
  const backTo = safeRedirect(new URL(request.url).searchParams.get("redirectTo"), `/@${target.handle}`);
  return { handle: target.handle, displayName: target.displayName, blocked: target.blocked, backTo };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => pageMeta(data ? `Block @${data.handle}? · Cruddur` : "Block · Cruddur");

export default function BlockConfirmation() {
  const { handle, displayName, blocked, backTo } = useLoaderData<typeof loader>();
  return (
    <section className="block-confirm">
      <h1 className="page-title">{blocked ? `You have blocked @${handle}` : `Block @${handle}?`}</h1>
      <p>
        <a href={`/@${handle}`}>
          <strong>{displayName}</strong> <span className="handle">@{handle}</span>
        </a>
      </p>
      {blocked ? (
        <Form method="post" action={`/@${handle}/block`} className="confirm-actions">
          <input type="hidden" name="redirectTo" value={backTo} />
          <SubmitButton intent="unblock" pendingText="Unblocking…" className="button secondary">
            Unblock
          </SubmitButton>
          <a href={backTo} className="button secondary">
            Back
          </a>
        </Form>
      ) : (
        <>
          <p>{BLOCK_EXPLAINED}</p>
          <Form method="post" action={`/@${handle}/block`} className="confirm-actions">
            <input type="hidden" name="redirectTo" value={backTo} />
            <a href={backTo} className="button secondary">
              Cancel
            </a>
            <SubmitButton intent="block" pendingText="Blocking…" className="button danger">
              Block
            </SubmitButton>
          </Form>
        </>
      )}
    </section>
  );
}

export const headers = headersWithRetryAfter;
export const ErrorBoundary = GeneralErrorBoundary;
