// Before any browser starts: the Chromium to drive. CHROMIUM_PATH wins; otherwise the one bundled in
// @sparticuz/chromium is unpacked (once per machine, to /tmp/chromium) and named for the workers,
// which inherit this process's environment.
import bundledChromium from "@sparticuz/chromium";

export default async function globalSetup() {
  process.env.CHROMIUM_PATH ??= await bundledChromium.executablePath();
}
