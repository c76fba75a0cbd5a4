// Settings → Security at rest (ADR 041): recovery codes are scrypt hashes that one computation checks, a
// code is spent once (two uses at once: one wins) and takes the app and the rest of its set with it, a
// new set replaces the old; the two-step mirror follows what sign-in learns; the pending sign-in's account.
import { describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { matchRecoveryCode, newRecoveryCodes } from "~/auth/recovery-codes.server";
import { normalizeRecoveryCode, RECOVERY_CODE_PATTERN } from "~/domain/recovery-code";
import { replaceRecoveryCodes, spendRecoveryCode, syncTwoStep, turnTwoStepOn, twoStepState, unusedRecoveryCodes } from "~/models/authenticator.server";
import { accountOfPendingSignIn } from "~/models/pending-sign-in.server";
import { createUser } from "../../tests/support/factories";

describe("recovery codes", () => {
  it("are 10 different codes of about 50 bits, stored as hashes that only the right code matches", async () => {
    const set = await newRecoveryCodes();
    expect(new Set(set.codes).size).toBe(10);
    for (const code of set.codes) expect(normalizeRecoveryCode(code)).toMatch(RECOVERY_CODE_PATTERN);
    const user = await createUser();
    await turnTwoStepOn(user.id, set);
    const stored = await unusedRecoveryCodes(user.id);
    expect(stored.map((code) => code.codeHash).join()).not.toContain(normalizeRecoveryCode(set.codes[0]!));
    expect((await matchRecoveryCode(normalizeRecoveryCode(set.codes[7]!.toUpperCase()), stored))?.codeHash).toBe(stored[7]?.codeHash);
    expect(await matchRecoveryCode("abcdefghjk", stored)).toBeUndefined();
  });

  it("are spent once, even sent twice at once, taking the app and the rest of the set with them", async () => {
    const user = await createUser();
    await turnTwoStepOn(user.id, await newRecoveryCodes());
    expect(await twoStepState(user.id)).toMatchObject({ on: true, codesLeft: 10, recoveredAt: null });
    const [code] = await unusedRecoveryCodes(user.id);
    const spent = await Promise.all([spendRecoveryCode(user.id, code!.id), spendRecoveryCode(user.id, code!.id)]);
    expect(spent.filter(Boolean)).toHaveLength(1);
    const state = await twoStepState(user.id);
    expect(state).toMatchObject({ on: false, codesLeft: 0 });
    expect(state.recoveredAt).toBeInstanceOf(Date);
    // Another account's code id spends nothing.
    const other = await createUser();
    await turnTwoStepOn(other.id, await newRecoveryCodes());
    const [theirs] = await unusedRecoveryCodes(other.id);
    expect(await spendRecoveryCode(user.id, theirs!.id)).toBe(false);
    expect((await twoStepState(other.id)).codesLeft).toBe(10);
  });

  it("are replaced by a new set, and a set-up again clears the recovered mark", async () => {
    const user = await createUser();
    const first = await newRecoveryCodes();
    await turnTwoStepOn(user.id, first);
    await replaceRecoveryCodes(user.id, await newRecoveryCodes());
    const stored = await unusedRecoveryCodes(user.id);
    expect(stored).toHaveLength(10);
    expect(await matchRecoveryCode(normalizeRecoveryCode(first.codes[0]!), stored)).toBeUndefined();
    await spendRecoveryCode(user.id, stored[0]!.id);
    await turnTwoStepOn(user.id, await newRecoveryCodes());
    expect(await twoStepState(user.id)).toMatchObject({ on: true, recoveredAt: null, codesLeft: 10 });
  });

  it("made twice at once are one set of 10, never 20", async () => {
    const user = await createUser();
    await Promise.all([turnTwoStepOn(user.id, await newRecoveryCodes()), replaceRecoveryCodes(user.id, await newRecoveryCodes())]);
    const stored = await unusedRecoveryCodes(user.id);
    expect(stored).toHaveLength(10);
    expect(new Set(stored.map((code) => code.salt)).size).toBe(1);
  });
});

describe("the two-step mirror and the pending sign-in's account", () => {
  it("follows what sign-in learns from Cognito", async () => {
    const user = await createUser();
    await syncTwoStep(user.id, true);
    expect((await twoStepState(user.id)).on).toBe(true);
    await syncTwoStep(user.id, false);
    expect((await twoStepState(user.id)).on).toBe(false);
  });

  it("finds the account by its Cognito username, else by a unique email; none when ambiguous", async () => {
    const user = await createUser();
    const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { cognitoUserId: true, email: true } });
    expect(await accountOfPendingSignIn({ cognitoUsername: row.cognitoUserId, email: "someone@else.example" })).toEqual({
      id: user.id,
      cognitoUserId: row.cognitoUserId,
    });
    expect((await accountOfPendingSignIn({ cognitoUsername: row.email, email: row.email.toUpperCase() }))?.id).toBe(user.id);
    const twin = await createUser();
    await prisma.user.update({ where: { id: twin.id }, data: { email: row.email } });
    expect(await accountOfPendingSignIn({ cognitoUsername: row.email, email: row.email })).toBeNull();
  });
});
