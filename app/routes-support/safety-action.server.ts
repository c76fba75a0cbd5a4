// The action behind the Block/Unblock and Mute/Unmute buttons (ADR 018), shared by the two routes
// `/@:handle/block` and `/@:handle/mute`: the same checks in the same order as the follow action.
import { data, redirect } from "@remix-run/node";
import { getUser, safeRedirect } from "~/auth/session.server";
import { block, mute, unblock, unmute } from "~/models/safety.server";
import { forgetSuggestionsFor } from "~/models/suggestions.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";
import { handleFromParam } from "~/domain/handle";
import { formIntent } from "~/routes-support/intent";
import { noSuchUser } from "~/routes-support/not-found";

const INTENTS = { block: ["block", "unblock"], mute: ["mute", "unmute"] } as const;

/** Blocks, unblocks, mutes or unmutes the user of the address: 400 yourself, 404 unknown, 429 past the limit. */
export async function safetyAction(kind: "block" | "mute", request: Request, param: string | undefined) {
  const user = await getUser(request);
  const form = await request.formData();
  const backTo = safeRedirect(form.get("redirectTo"));
  // Signed out: sign in, then back to the page the button was on, not to this POST-only address.
  if (!user) throw redirect(`/signin?${new URLSearchParams({ redirectTo: backTo })}`);
  const handle = handleFromParam(param);
  if (!handle) throw noSuchUser(param);
  const intent = formIntent(form, INTENTS[kind]);
  if (handle === user.handle) throw new Response(`You cannot ${kind} yourself.`, { status: 400 });
  const enhanced = form.get("enhanced") === "1";

  const refused = await countRequest(["blocksAndMutesPerMinute", user.id]);
  if (refused && enhanced) return data({ ok: false, error: refused.message }, tooManyRequests(refused));
  if (refused) throw new Response(refused.message, tooManyRequests(refused));

  const done =
    intent === "block"
      ? await block({ blockerId: user.id, handle })
      : intent === "unblock"
        ? await unblock({ blockerId: user.id, handle })
        : intent === "mute"
          ? await mute({ muterId: user.id, handle })
          : await unmute({ muterId: user.id, handle });
  if (!done) throw noSuchUser(param);
  // Suggested users leaves out whom you block or mute (and who blocks you), and brings them back after.
  forgetSuggestionsFor(user.id, ...(kind === "block" ? [done.targetId] : []));
  return enhanced ? data({ ok: true }) : redirect(backTo);
}
