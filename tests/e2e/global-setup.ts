// Before any browser starts: the Chromium to drive. CHROMIUM_PATH wins; otherwise the one bundled in
// @sparticuz/chromium is unpacked (once per machine, to /tmp/chromium) and named for the workers,
// which inherit this process's environment. A QA run (E2E_BASE_URL) also gets its ledger of accounts.
import { mkdirSync } from "node:fs";
import path from "node:path";
import bundledChromium from "@sparticuz/chromium";

export default async function globalSetup() {
  process.env.CHROMIUM_PATH ??= await bundledChromium.executablePath();
  if (process.env.E2E_BASE_URL) {
    const dir = path.resolve(".cache/qa-runs");
    mkdirSync(dir, { recursive: true });
    process.env.QA_LEDGER = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, "-")}-${process.pid}.jsonl`);
  }
}
