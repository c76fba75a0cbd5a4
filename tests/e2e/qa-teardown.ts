// After a QA run (ADR 042): every account the run made (its ledger) must be gone from the target, its
// profile and its login. An account a test could not delete is deleted here, through its settings like
// the others; the run fails if any is left, naming it, so a QA run never leaves a test account behind.
import { chromium } from "@playwright/test";
import { QA_TOKEN_HEADER } from "../../app/security/qa-token.server";
import { accountIsGone, deleteThroughSettings, recordedAccounts } from "../support/qa-accounts";

export default async function qaTeardown() {
  const ledger = process.env.QA_LEDGER;
  if (!ledger) return;
  const accounts = recordedAccounts(ledger);
  if (accounts.length === 0) return;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH, args: ["--no-sandbox", "--disable-gpu"] });
  const left: string[] = [];
  try {
    const token = process.env.QA_RATE_LIMIT_TOKEN;
    const context = await browser.newContext({
      baseURL: process.env.E2E_BASE_URL,
      javaScriptEnabled: false,
      extraHTTPHeaders: token ? { [QA_TOKEN_HEADER]: token } : undefined,
    });
    const page = await context.newPage();
    for (const account of accounts) {
      if (await accountIsGone(page, account)) continue;
      await deleteThroughSettings(page, account).catch(() => undefined);
      await context.clearCookies();
      if (!(await accountIsGone(page, account))) left.push(`@${account.handle} (${account.email})`);
    }
  } finally {
    await browser.close();
  }
  console.log(`QA run: ${accounts.length} test accounts made, ${accounts.length - left.length} gone (ledger ${ledger}).`);
  if (left.length > 0) throw new Error(`The QA run left ${left.length} test account(s) behind: ${left.join(", ")}`);
}
