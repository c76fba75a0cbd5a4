// The users table: the profile a user edits, and whether a handle is free. Data access only; the
// rules for each field are app/domain/user-validation.ts's, checked by the forms' schemas.
import { prisma } from "~/db.server";
import type { Theme } from "~/domain/preferences";
import { insertUserRow, type InsertOutcome, type UserRow } from "../../lambda/user-row";

/** Handles are unique ignoring case and stored lower-case. */
export async function isHandleTaken(handle: string): Promise<boolean> {
  return (await prisma.user.count({ where: { handle: handle.toLowerCase() } })) > 0;
}

/** What the "Edit profile" form starts from. */
export function getEditableProfile(userId: string) {
  return prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { displayName: true, bio: true, handle: true } });
}

/** Stores a display name and bio already cleaned and checked by `ProfileSchema`. */
export async function updateProfile(userId: string, profile: { displayName: string; bio: string }): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { displayName: profile.displayName, bio: profile.bio }, select: { id: true } });
}

/** Our user id for a Cognito `sub`, if the row exists. */
export async function userIdForCognitoSub(cognitoUserId: string): Promise<string | undefined> {
  return (await prisma.user.findUnique({ where: { cognitoUserId }, select: { id: true } }))?.id;
}

/** Inserts the row with the Lambda's own SQL (lambda/user-row.ts), outside any transaction. */
export function insertUserRowWithPrisma(row: UserRow): Promise<InsertOutcome> {
  return insertUserRow(async (sql, params) => ({ rowCount: await prisma.$executeRawUnsafe(sql, ...params) }), row);
}

/** Who the account is to Cognito: the sign-in email and the `sub` its tokens must carry. */
export function getAccountIdentity(userId: string) {
  return prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, cognitoUserId: true, handle: true } });
}

/** The stored preferences (null: not set; the defaults apply). */
export function getPreferences(userId: string) {
  return prisma.user.findUniqueOrThrow({ where: { id: userId }, select: { defaultTtl: true, timeZone: true } });
}

/** Stores the theme already checked by `AppearanceSchema` (Settings → Appearance, ADR 037). */
export async function updateTheme(userId: string, theme: Theme): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { theme }, select: { id: true } });
}

/**
 * The zone this browser reported or chose at sign-up (the checked `tz` cookie, ADR 037) becomes the
 * account's on signing in, unless the account already has one: a choice in Settings always wins.
 */
export async function adoptTimeZone(userId: string, timeZone: string): Promise<void> {
  await prisma.user.updateMany({ where: { id: userId, timeZone: null }, data: { timeZone } });
}

/** Stores preferences already checked by `PreferencesSchema`. */
export async function updatePreferences(userId: string, preferences: { defaultTtl: string; timeZone: string }): Promise<void> {
  await prisma.user.update({ where: { id: userId }, data: { defaultTtl: preferences.defaultTtl, timeZone: preferences.timeZone }, select: { id: true } });
}
