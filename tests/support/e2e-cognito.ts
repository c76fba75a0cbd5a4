// The e2e suite's local Cognito: where its data lives, and how tests read confirmation codes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readConfirmationCode } from "../../server/local-cognito";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const E2E_COGNITO_DIR = path.join(root, ".cache/e2e-cognito");
export const E2E_COGNITO_INFO = path.join(root, ".cache/e2e-cognito.json");

/** The latest code Cognito "emailed" to this address (sign-up or password reset); waits for it to appear. */
export async function latestCode(email: string, previous?: string): Promise<string> {
  const { dataDir, userPoolId } = JSON.parse(readFileSync(E2E_COGNITO_INFO, "utf8")) as { dataDir: string; userPoolId: string };
  for (let attempt = 0; attempt < 50; attempt++) {
    const code = await readConfirmationCode(dataDir, userPoolId, email);
    if (code && code !== previous) return code;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no new code for ${email}`);
}
