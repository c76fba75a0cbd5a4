// The part of CloudWatch Synthetics' Playwright library (runtime syn-nodejs-playwright-6.0) that canary/handler.ts
// uses. The runtime provides the module; it has no package on the npm registry, so it is typed here and left out of
// the bundle (cdk/lib/canary.ts).
declare module "@aws/synthetics-playwright" {
  import type { Browser, BrowserContext, Page } from "@playwright/test";

  export const synthetics: {
    /** Chromium with the runtime's options. */
    launch(options?: Record<string, unknown>): Promise<Browser>;
    /** A page whose requests Synthetics records (the HAR file). */
    newPage(browserOrContext: Browser | BrowserContext): Promise<Page>;
    /** A named step: logged, timed (a metric per step), with screenshots at its start and end. */
    executeStep<T>(name: string, body: () => Promise<T>): Promise<T>;
    close(): Promise<void>;
  };
}
