// A QA run's test accounts (ADR 042), on any Cruddur: made in the target's user pool (SignUp, then
// AdminConfirmSignUp with the QA team's AWS credentials: the Post Confirmation trigger writes the user's row
// as it does for a person), written to the run's ledger the moment they exist, and deleted through the
// product's own account deletion (/settings/delete), so a run leaves nothing behind, in production too.
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import {
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  SignUpCommand,
  UserNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import { expect, type Page } from "@playwright/test";

/** Every QA account's handle starts with this: a test account at a glance, in any database. */
export const QA_HANDLE_PREFIX = "qa_";

export type QaAccount = { name: string; email: string; handle: string; password: string };

/** The target's user pool, from the environment (README, "QA"). */
function userPool() {
  const { QA_COGNITO_USER_POOL_ID: userPoolId, QA_COGNITO_CLIENT_ID: clientId, QA_COGNITO_ENDPOINT: endpoint } = process.env;
  if (!userPoolId || !clientId) throw new Error("A QA run needs QA_COGNITO_USER_POOL_ID and QA_COGNITO_CLIENT_ID: the target's user pool (README, QA).");
  return { userPoolId, clientId, endpoint };
}

let client: CognitoIdentityProviderClient | undefined;
function cognito(): CognitoIdentityProviderClient {
  const { endpoint } = userPool();
  // An emulator (QA_COGNITO_ENDPOINT: cognito-local) checks no signature, but the SDK signs every call.
  const emulator = endpoint && !process.env.AWS_ACCESS_KEY_ID ? { region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } } : {};
  client ??= new CognitoIdentityProviderClient({ endpoint, ...emulator });
  return client;
}

/** A new account's details: `qa_…` handle (unique per run and call), an address at QA_EMAIL_DOMAIN, a strong password. */
export function newQaAccount(): QaAccount {
  const id = `${Date.now().toString(36).slice(-6)}${randomBytes(4).toString("hex")}`;
  const handle = `${QA_HANDLE_PREFIX}${id}`.slice(0, 20);
  return {
    name: `QA ${id}`,
    email: `${handle}@${process.env.QA_EMAIL_DOMAIN ?? "example.com"}`,
    handle,
    password: `qa ${randomBytes(15).toString("base64url")}`,
  };
}

/**
 * Signs the account up in the pool (as the sign-up form would) and confirms it there, without the emailed
 * code. Record it (`recordAccount`) first.
 */
export async function createConfirmedAccount(account: QaAccount): Promise<void> {
  const { clientId } = userPool();
  await cognito().send(
    new SignUpCommand({
      ClientId: clientId,
      Username: account.email,
      Password: account.password,
      UserAttributes: [
        { Name: "email", Value: account.email },
        { Name: "name", Value: account.name },
        { Name: "preferred_username", Value: account.handle },
      ],
    }),
  );
  await confirmInPool(account.email);
}

/** Confirms a signed-up account (AdminConfirmSignUp): what the emailed code would have done. */
export async function confirmInPool(email: string): Promise<void> {
  await cognito().send(new AdminConfirmSignUpCommand({ UserPoolId: userPool().userPoolId, Username: email }));
}

/** The account's status in the pool (CONFIRMED, UNCONFIRMED…), or undefined when the pool has no such login. */
async function poolStatus(email: string): Promise<string | undefined> {
  try {
    return (await cognito().send(new AdminGetUserCommand({ UserPoolId: userPool().userPoolId, Username: email }))).UserStatus ?? "UNKNOWN";
  } catch (error) {
    if (error instanceof UserNotFoundException) return undefined;
    throw error;
  }
}

// ---- The run's ledger: every account the run made, for the global teardown to check (and clean) ----

/** Written before the account exists anywhere: a run that stops half-way still knows what to delete. */
export function recordAccount(account: QaAccount): void {
  const ledger = process.env.QA_LEDGER;
  if (!ledger) throw new Error("QA_LEDGER is not set: the QA run's global setup names the ledger");
  appendFileSync(ledger, `${JSON.stringify(account)}\n`);
}

export function recordedAccounts(ledger: string): QaAccount[] {
  if (!existsSync(ledger)) return [];
  return readFileSync(ledger, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as QaAccount);
}

// ---- Through the pages, by their visible labels ------------------------------------------------------

/** The layout's status message after an action (the flash): the same with JavaScript and without. */
export const statusMessage = (page: Page) => page.locator(".status-region");

/** Signs in with the form; lands on the home page, signed in. */
export async function signIn(page: Page, account: QaAccount): Promise<void> {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(account.email);
  await page.getByLabel("Password", { exact: true }).fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("navigation", { name: "Main" })).toContainText(`@${account.handle}`);
}

/**
 * Deletes the account as its owner would (/settings/delete, password and handle), signing in first in
 * `page` (a fresh one: signed out). Nothing to do when the pool has no such login (the test deleted the
 * account, or stopped before signing it up); one the test left unconfirmed is confirmed first.
 */
export async function deleteThroughSettings(page: Page, account: QaAccount): Promise<void> {
  const status = await poolStatus(account.email);
  if (status === undefined) return;
  if (status === "UNCONFIRMED") await confirmInPool(account.email);
  await signIn(page, account);
  await page.goto("/settings/delete");
  await page.getByLabel("Password").fill(account.password);
  await page.getByLabel(/Type your username/).fill(account.handle);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(statusMessage(page)).toHaveText("Your account has been deleted, with everything in it. Thank you for crudding.");
}

/** Gone everywhere: no profile page (no user row), and no login in the pool. */
export async function accountIsGone(page: Page, account: QaAccount): Promise<boolean> {
  const profile = await page.goto(`/@${account.handle}`);
  return profile?.status() === 404 && (await poolStatus(account.email)) === undefined;
}
