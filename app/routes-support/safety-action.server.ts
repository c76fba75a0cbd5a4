// The action behind the Block/Unblock and Mute/Unmute buttons (ADR 018), shared by the two routes
// `/@:handle/block` and `/@:handle/mute`: the same checks in the same order as the follow action.
import { block, mute, unblock, unmute } from "~/models/safety.server";
import { forgetSuggestionsFor } from "~/models/suggestions.server";
import { buttonAction } from "~/routes-support/button-action.server";
import { handleOrNoSuchUser, noSuchUser } from "~/routes-support/not-found";

const INTENTS = { block: ["block", "unblock"], mute: ["mute", "unmute"] } as const;

/** Blocks, unblocks, mutes or unmutes the user of the address: 400 yourself, 404 unknown, 429 past the limit. */
export async function safetyAction(kind: "block" | "mute", request: Request, param: string | undefined) {
  const {
    user,
    target: handle,
    intent,
    limit,
    done: answer,
  } = await buttonAction(request, { intents: INTENTS[kind], target: () => handleOrNoSuchUser(param) });
  if (handle === user.handle) throw new Response(`You cannot ${kind} yourself.`, { status: 400 });

  const refused = await limit(["blocksAndMutesPerMinute", user.id]);
  if (refused) return refused;

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
  // The message names what was done; a mute's offers its Undo (ADR 035).
  const said = { block: "blocked", unblock: "unblocked", mute: "muted", unmute: "unmuted" } as const;
  return answer(undefined, { key: said[intent], handle });
}
