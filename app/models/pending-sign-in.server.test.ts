// The sign-in's second step at rest (ADR 039): a pending sign-in lives 3 minutes and takes 5 codes, each
// counted before it is checked; a code claimed for an account is refused again within its validity.
import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import {
  claimTotpCode,
  codesSpent,
  createPendingSignIn,
  findPendingSignIn,
  PENDING_SIGN_IN_MS,
  refundCodeAttempt,
  releaseTotpCode,
  takeCodeAttempt,
} from "~/models/pending-sign-in.server";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE pending_sign_ins, totp_used_codes`;
});

const pending = { id: "a".repeat(64), cognitoUsername: "sub-1", email: "ana@example.com", cognitoSession: "session", redirectTo: "/" };

describe("pending sign-ins", () => {
  it("live 3 minutes; an ended one is deleted when the next is created", async () => {
    const now = new Date();
    await createPendingSignIn(pending, now);
    expect(await findPendingSignIn(pending.id, new Date(now.getTime() + PENDING_SIGN_IN_MS - 1))).toMatchObject({ attempts: 0 });
    expect(await findPendingSignIn(pending.id, new Date(now.getTime() + PENDING_SIGN_IN_MS))).toBeNull();
    await createPendingSignIn({ ...pending, id: "b".repeat(64) }, new Date(now.getTime() + PENDING_SIGN_IN_MS));
    expect(await prisma.pendingSignIn.count({ where: { id: pending.id } })).toBe(0);
  });

  it("take 5 codes, counted atomically even when sent at once; a refund gives one back", async () => {
    await createPendingSignIn(pending);
    const taken = await Promise.all(Array.from({ length: 8 }, () => takeCodeAttempt(pending.id)));
    expect(taken.filter(Boolean)).toHaveLength(5);
    expect(await codesSpent(pending.id)).toBe(true);
    await refundCodeAttempt(pending.id);
    expect(await takeCodeAttempt(pending.id)).toMatchObject({ attempts: 5 });
    expect(await takeCodeAttempt("c".repeat(64))).toBeNull();
  });
});

describe("claimTotpCode", () => {
  it("refuses the same code for the same account within 3 steps, not another account's or a later one", async () => {
    const now = new Date(1_800_000_000_000);
    const step = await claimTotpCode("sub-1", "123456", now);
    expect(step).not.toBeNull();
    expect(await claimTotpCode("sub-1", "123456", new Date(now.getTime() + 89_000))).toBeNull();
    expect(await claimTotpCode("sub-2", "123456", now)).not.toBeNull();
    expect(await claimTotpCode("sub-1", "654321", now)).not.toBeNull();
    expect(await claimTotpCode("sub-1", "123456", new Date(now.getTime() + 150_000))).not.toBeNull();
  });

  it("lets only one of two identical codes sent at once through, and a released (wrong) code be tried again", async () => {
    const now = new Date(1_800_000_000_000);
    const claims = await Promise.all([claimTotpCode("sub-1", "111111", now), claimTotpCode("sub-1", "111111", now)]);
    expect(claims.filter((claim) => claim !== null)).toHaveLength(1);
    await releaseTotpCode(
      "sub-1",
      "111111",
      claims.find((claim) => claim !== null)!,
    );
    expect(await claimTotpCode("sub-1", "111111", now)).not.toBeNull();
  });
});
