// Test data, written through the same Prisma client the app uses.
import { prisma } from "~/db.server";

let counter = 0;
const unique = () => `${Date.now().toString(36).slice(-4)}${(counter++).toString(36)}`;

export async function createUser(overrides: { handle?: string; displayName?: string; bio?: string } = {}) {
  const handle = overrides.handle ?? `user_${unique()}`;
  return prisma.user.create({
    data: {
      handle,
      displayName: overrides.displayName ?? `User ${handle}`,
      bio: overrides.bio ?? "",
      email: `${handle}@example.com`,
      cognitoUserId: `test-${handle}`,
    },
    select: { id: true, handle: true, displayName: true },
  });
}

export async function createCrud(
  userId: string,
  {
    message = `crud ${unique()}`,
    createdAt = new Date(),
    expiresAt = new Date(Date.now() + 3_600_000),
    replyToId,
  }: {
    message?: string;
    createdAt?: Date;
    expiresAt?: Date;
    replyToId?: string;
  } = {},
) {
  return prisma.crud.create({
    data: { userId, message, createdAt, expiresAt, replyToId },
    select: { id: true, message: true, createdAt: true, expiresAt: true },
  });
}
