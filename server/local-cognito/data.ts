// cognito-local's data file, read the way the front and the tests need it: a user by email, and the
// code cognito-local last "emailed" (it keeps codes in the user's record instead of sending them).
import { readFile } from "node:fs/promises";
import path from "node:path";

export interface StoredUser {
  Username: string;
  UserStatus?: string;
  ConfirmationCode?: string;
  Attributes?: { Name: string; Value?: string }[];
}

/**
 * cognito-local's data file. Its store (stormdb) rewrites the file whole with `fs.writeFile` and does not
 * wait for one write to end before starting the next: a read can land mid-write (retried), and two
 * overlapping writes can leave a complete document followed by the tail of a longer, older one until
 * the next write. Then the complete document at the front is the data.
 */
export async function readJson<T>(file: string): Promise<T | undefined> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      if (attempt < 10) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        continue;
      }
      const end = /after JSON at position (\d+)/.exec(error instanceof Error ? error.message : "")?.[1];
      if (end) return JSON.parse(text.slice(0, Number(end))) as T;
      throw error;
    }
  }
}

function poolFile(dataDir: string, userPoolId: string) {
  return path.join(dataDir, ".cognito", "db", `${path.basename(userPoolId)}.json`);
}

export async function findUser(dataDir: string, userPoolId: string, email: string): Promise<StoredUser | undefined> {
  const data = await readJson<{ Users?: Record<string, StoredUser> }>(poolFile(dataDir, userPoolId));
  const users = Object.values(data?.Users ?? {});
  const emailOf = (user: StoredUser) => user.Attributes?.find((a) => a.Name === "email")?.Value;
  return users.find((user) => emailOf(user) === email) ?? users.find((user) => emailOf(user)?.toLowerCase() === email.toLowerCase());
}

/**
 * The code cognito-local last sent to `email`: the sign-up confirmation code, or, after ForgotPassword,
 * the password-reset code. cognito-local keeps both in the same field, `Users[<sub>].ConfirmationCode`
 * of `<dataDir>/.cognito/db/<userPoolId>.json` (ForgotPassword overwrites it; ConfirmSignUp and
 * ConfirmForgotPassword clear it), so this returns whichever is outstanding, or undefined.
 */
export async function readConfirmationCode(dataDir: string, userPoolId: string, email: string): Promise<string | undefined> {
  return (await findUser(dataDir, userPoolId, email))?.ConfirmationCode ?? undefined;
}
