// Every role check that guards a page or an action, in one place (ADR 019). The layout only reads `user.moderator` to show a link.
import { getUser, type SessionUser } from "~/auth/session.server";

/**
 * The signed-in moderator, or the ordinary 404 for everyone else (signed out included): the page does
 * not exist for them. The session statement reads the role on every request, so a revoked role takes
 * effect at once.
 */
export async function requireModerator(request: Request): Promise<SessionUser> {
  const user = await getUser(request);
  if (!user?.moderator) throw new Response("Not found", { status: 404 });
  return user;
}
