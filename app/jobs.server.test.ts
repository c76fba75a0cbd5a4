import { afterEach, describe, expect, it } from "vitest";
import { startBackgroundJobs, type BackgroundJobs } from "./jobs.server";

let jobs: BackgroundJobs | undefined;
afterEach(() => jobs?.stop());

describe("startBackgroundJobs", () => {
  it("starts the jobs once per process, and again after stop()", () => {
    jobs = startBackgroundJobs({ purgeIntervalSeconds: 0 });
    expect(startBackgroundJobs({ purgeIntervalSeconds: 0 })).toBe(jobs);
    jobs.stop();
    const again = startBackgroundJobs({ purgeIntervalSeconds: 0 });
    expect(again).not.toBe(jobs);
    jobs = again;
  });
});
