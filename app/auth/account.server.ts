// Sign-in glue: Cognito says who the person is; our database says which user row that is.
import { prisma } from "~/db.server";
import { insertUserRow, userRowFromAttributes } from "../../lambda/user-row";
import { CognitoFailure, signIn } from "./cognito.server";
import { tokenVerifier } from "./tokens.server";

export async function isHandleTaken(handle: string): Promise<boolean> {
  return (await prisma.user.count({ where: { handle: handle.toLowerCase() } })) > 0;
}

/**
 * Checks the password with Cognito, verifies the ID token it returns, and finds the user's row,
 * creating it when the Post Confirmation Lambda could not (the same SQL the Lambda runs), so no
 * confirmed user is ever stuck. Returns our user id.
 */
export async function authenticate(email: string, password: string): Promise<string> {
  const result = await signIn(email, password);
  let claims;
  try {
    claims = await (await tokenVerifier()).verifyIdToken(result.idToken);
  } catch (error) {
    console.error(JSON.stringify({ time: new Date().toISOString(), level: "error", msg: "ID token rejected", error: String(error) }));
    throw new CognitoFailure("InvalidToken", 503, "We could not verify your sign-in. Please try again in a minute.");
  }
  const existing = await prisma.user.findUnique({ where: { cognitoUserId: claims.sub }, select: { id: true } });
  if (existing) return existing.id;

  const row = userRowFromAttributes({ ...(await result.attributes()), sub: claims.sub });
  if ("error" in row) throw new CognitoFailure("IncompleteProfile", 400, "Your account is missing a name or username. Please contact support.");
  await insertUserRow(async (sql, params) => ({ rowCount: await prisma.$executeRawUnsafe(sql, ...params) }), row);
  console.warn(JSON.stringify({ time: new Date().toISOString(), level: "warn", msg: "created missing user row at sign-in", cognitoUserId: claims.sub }));
  const created = await prisma.user.findUniqueOrThrow({ where: { cognitoUserId: claims.sub }, select: { id: true } });
  return created.id;
}
