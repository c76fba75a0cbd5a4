import type { Prisma } from "~/generated/prisma/client";
import { prisma } from "~/db.server";
import type { Cursor } from "~/utils/cursor";

export const PAGE_SIZE = 20;

/**
 * The one definition of "live" (SPEC §2): every query that reads cruds goes through it, so an
 * expired crud disappears from every page the second it expires, whether or not it is purged yet.
 */
export function liveCrudWhere(now: Date): Prisma.CrudWhereInput {
  return { expiresAt: { gt: now } };
}

/** Keyset condition for "older than the cursor", written so Postgres starts the index scan at the cursor. */
function olderThan(cursor: Cursor | undefined): Prisma.CrudWhereInput {
  if (!cursor) return {};
  return {
    createdAt: { lte: cursor.createdAt },
    NOT: { createdAt: cursor.createdAt, id: { gte: cursor.id } },
  };
}

const newestFirst: Prisma.CrudOrderByWithRelationInput[] = [{ createdAt: "desc" }, { id: "desc" }];

export const crudCardSelect = {
  id: true,
  message: true,
  createdAt: true,
  expiresAt: true,
  repliesCount: true,
  likesCount: true,
  repostsCount: true,
  user: { select: { handle: true, displayName: true } },
} satisfies Prisma.CrudSelect;

export type CrudCard = Prisma.CrudGetPayload<{ select: typeof crudCardSelect }>;

export type Page<T> = { items: T[]; next: Cursor | undefined };

function toPage<T extends { createdAt: Date; id: string }>(rows: T[]): Page<T> {
  const items = rows.slice(0, PAGE_SIZE);
  const last = items.at(-1);
  return { items, next: rows.length > PAGE_SIZE && last ? { createdAt: last.createdAt, id: last.id } : undefined };
}

/** The global timeline: live top-level cruds, newest first, one SQL query. */
export async function getTimelinePage({ cursor, now }: { cursor?: Cursor; now: Date }): Promise<Page<CrudCard>> {
  const rows = await prisma.crud.findMany({
    where: { replyToId: null, ...liveCrudWhere(now), ...olderThan(cursor) },
    orderBy: newestFirst,
    take: PAGE_SIZE + 1,
    select: crudCardSelect,
    relationLoadStrategy: "join",
  });
  return toPage(rows);
}

/** A profile with its live cruds and their count, in one SQL query. */
export async function getProfile({ handle, cursor, now }: { handle: string; cursor?: Cursor; now: Date }) {
  const live: Prisma.CrudWhereInput = { replyToId: null, ...liveCrudWhere(now) };
  const user = await prisma.user.findUnique({
    where: { handle: handle.toLowerCase() },
    select: {
      id: true,
      handle: true,
      displayName: true,
      bio: true,
      _count: { select: { cruds: { where: live } } },
      cruds: {
        where: { ...live, ...olderThan(cursor) },
        orderBy: newestFirst,
        take: PAGE_SIZE + 1,
        select: crudCardSelect,
      },
    },
    relationLoadStrategy: "join",
  });
  if (!user) return null;
  const { cruds, _count, ...profile } = user;
  return { profile: { ...profile, crudCount: _count.cruds }, page: toPage(cruds) };
}
