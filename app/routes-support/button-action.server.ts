// The start of every button action (like, repost, delete, follow, block, mute): a POST sent by a
// fetcher with JavaScript (EnhancedField marks it) or by a plain form without. Written once: the
// signed-out redirect, the intent, the rate limit, and the two ways to answer (data in place, or the
// page in the layout / a redirect back), so each route keeps only what it does (ADR 032).
import { data, redirect } from "@remix-run/node";
import { getUser, safeRedirect, type SessionUser } from "~/auth/session.server";
import type { FlashMessage } from "~/routes-support/flash";
import { flashHeaders, redirectWithFlash } from "~/routes-support/flash.server";
import { formIntent } from "~/routes-support/intent";
import { refusal } from "~/routes-support/refusal.server";
import { countRequest, tooManyRequests } from "~/security/rate-limits.server";

/** Whether JavaScript sent the form (a fetcher with EnhancedField): answer with data, not a redirect. */
export const isEnhanced = (form: FormData) => form.get("enhanced") === "1";

/** How a refusal reads without JavaScript: its heading, and where "back" goes (the page the button was on). */
export type RefusalPage = { title: string; backTo?: string };

export type ButtonAction<T extends string, Target> = {
  user: SessionUser;
  form: FormData;
  /** The page the button was on (`redirectTo`, same-site only), where a plain form goes back to. */
  backTo: string;
  /** What `target` returned: the checked address (a handle, a crud id). */
  target: Target;
  intent: T;
  enhanced: boolean;
  /**
   * A refusal: with JavaScript the button says so in place (data); without, the page in the layout
   * (thrown), headed by what was not done (`page.title`) with the way back when the route names them.
   */
  refuse: (message: string, init: ResponseInit, page?: RefusalPage) => ReturnType<typeof data<{ ok: false; error: string }>>;
  /** Counts the request against the limits; past one, the refusal (a 429, with the way back) to return, else null. */
  limit: (...checks: Parameters<typeof countRequest>) => Promise<ReturnType<typeof data<{ ok: false; error: string }>> | null>;
  /**
   * Done: `{ ok: true }` with JavaScript; without, a redirect back (to `to`, by default the page the
   * button was on). `message`, the flash saying what was done ("Muted @x.", ADR 035), rides on either.
   */
  done: (to?: string, message?: FlashMessage) => Promise<ReturnType<typeof data<{ ok: true }>> | Response>;
};

/**
 * Reads a button's POST, in this order: signed out → the sign-in page, then back to the page the
 * button was on (never to this POST-only address); `target()` checks the address (it throws its 404);
 * an unknown intent is a 400.
 */
export async function buttonAction<const T extends string, Target>(
  request: Request,
  { intents, target }: { intents: readonly T[]; target: () => Target },
): Promise<ButtonAction<T, Target>> {
  const user = await getUser(request);
  const form = await request.formData();
  const backTo = safeRedirect(form.get("redirectTo"));
  if (!user) throw redirect(`/signin?${new URLSearchParams({ redirectTo: backTo.split("#")[0]! })}`);
  const checked = target();
  const intent = formIntent(form, intents);
  const enhanced = isEnhanced(form);
  const refuse = (message: string, init: ResponseInit, page?: RefusalPage) => {
    if (enhanced) return data({ ok: false as const, error: message }, init);
    // Not a bare "Error 403": the product's sentence under what was not done, and the way back.
    if (page) throw refusal({ title: page.title, message, backTo: page.backTo ?? backTo }, init);
    throw new Response(message, init);
  };
  const limit = async (...checks: Parameters<typeof countRequest>) => {
    const refused = await countRequest(...checks);
    // Without JavaScript: the 429 in the layout, with the way back to the page the button was on.
    return refused ? refuse(refused.message, tooManyRequests(refused), { title: "Too many requests" }) : null;
  };
  const done = async (to = backTo, message?: FlashMessage) => {
    if (enhanced) return data({ ok: true as const }, message ? { headers: await flashHeaders(message) } : undefined);
    return message ? redirectWithFlash(to, message) : redirect(to);
  };
  return { user, form, backTo, target: checked, intent, enhanced, refuse, limit, done };
}
