// The e2e suite's local Cognito: where its data lives, and how tests read confirmation codes.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { readConfirmationCode } from "../../server/local-cognito/index";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
// One local Cognito per e2e port, as the database is (tests/support/database.ts).
const e2ePort = Number(process.env.E2E_PORT ?? 3100);
export const E2E_COGNITO_PORT = Number(process.env.E2E_COGNITO_PORT ?? e2ePort + 6239);
export const E2E_COGNITO_DIR = path.join(root, `.cache/e2e-cognito-${e2ePort}`);
export const E2E_COGNITO_INFO = path.join(root, `.cache/e2e-cognito-${e2ePort}.json`);

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

/** The suite's Cognito API (its endpoint and app client), for calls a test makes as a user. */
export function e2eCognitoApi(): { endpoint: string; clientId: string } {
  const { endpoint, clientId } = JSON.parse(readFileSync(E2E_COGNITO_INFO, "utf8")) as { endpoint: string; clientId: string };
  return { endpoint, clientId };
}
