// The nav badges' two counts for one user, from the very SQL fragments the session statement
// embeds (app/auth/session.server.ts), so the model tests can check them user by user.
import { queryRows } from "~/db.server";
import { Prisma } from "~/generated/prisma/client";
import { unreadConversationsCount } from "~/models/message.server";
import { unreadNotificationsCount } from "~/models/notification.server";

export async function countUnreadNotifications(userId: string, now: Date): Promise<number> {
  const [row] = await queryRows<{ count: number }>`SELECT ${unreadNotificationsCount(Prisma.sql`${userId}::uuid`, now)} AS count`;
  return row!.count;
}

export async function countUnreadConversations(userId: string): Promise<number> {
  const [row] = await queryRows<{ count: number }>`SELECT ${unreadConversationsCount(Prisma.sql`${userId}::uuid`)} AS count`;
  return row!.count;
}
