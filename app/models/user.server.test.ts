import { beforeEach, describe, expect, it } from "vitest";
import { prisma } from "~/db.server";
import { getEditableProfile, insertUserRowWithPrisma, isHandleTaken, updateProfile, userIdForCognitoSub } from "~/models/user.server";
import { createUser } from "../../tests/support/factories";

beforeEach(async () => {
  await prisma.$executeRaw`TRUNCATE users CASCADE`;
});

describe("the user model", () => {
  it("knows a taken handle whatever its case", async () => {
    await createUser({ handle: "ana_taken" });
    expect(await isHandleTaken("ana_taken")).toBe(true);
    expect(await isHandleTaken("Ana_Taken")).toBe(true);
    expect(await isHandleTaken("ana_free")).toBe(false);
  });

  it("reads and updates the profile a user edits, and nothing else", async () => {
    const user = await createUser({ displayName: "Ana", bio: "old" });
    expect(await getEditableProfile(user.id)).toEqual({ displayName: "Ana", bio: "old", handle: user.handle });
    await updateProfile(user.id, { displayName: "Ana Lima", bio: "new" });
    expect(await getEditableProfile(user.id)).toEqual({ displayName: "Ana Lima", bio: "new", handle: user.handle });
  });

  it("inserts a missing row with the Lambda's SQL, once, and finds it by its Cognito sub", async () => {
    const row = { cognitoUserId: "sub-1", email: "ana@example.com", handle: "ana_model", displayName: "Ana" };
    expect(await userIdForCognitoSub("sub-1")).toBeUndefined();
    expect(await insertUserRowWithPrisma(row)).toBe("inserted");
    expect(await insertUserRowWithPrisma(row)).toBe("exists");
    const id = await userIdForCognitoSub("sub-1");
    expect(await getEditableProfile(id!)).toMatchObject({ handle: "ana_model", displayName: "Ana" });
  });
});
