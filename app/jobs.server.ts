// The server's background jobs, in one place (started at boot by entry.server.tsx):
//  - the purge (docs/product.md §2): expired cruds, dead sessions, ended rate-limit windows, every
//    PURGE_INTERVAL_SECONDS (0: off), the first round at once;
//  - the trending refresh (docs/product.md §3: computed on a schedule, never on a visitor's request once warm).
// Once per process, even across `remix dev` rebuilds (a singleton); the timers never keep the process alive.
import { env } from "~/env.server";
import { runScheduledPurge } from "~/jobs/purge.server";
import { refreshTrendingTags, TRENDING_REFRESH_MS } from "~/models/trending.server";
import { logError } from "~/observability/logger.server";
import { forgetSingleton, singleton } from "~/db/singleton.server";

const JOBS = "background-jobs";

export interface BackgroundJobs {
  /** Clears the timers; the next startBackgroundJobs() starts them again. */
  stop(): void;
}

export function startBackgroundJobs({ purgeIntervalSeconds = env().PURGE_INTERVAL_SECONDS } = {}): BackgroundJobs {
  return singleton(JOBS, () => {
    const timers: NodeJS.Timeout[] = [];
    const every = (ms: number, run: () => void) => timers.push(setInterval(run, ms).unref());

    if (purgeIntervalSeconds > 0) {
      every(purgeIntervalSeconds * 1000, () => void runScheduledPurge());
      void runScheduledPurge();
    }
    // On failure the cache keeps its value and expires as usual; the next request (or tick) tries again.
    every(TRENDING_REFRESH_MS, () => void refreshTrendingTags(new Date()).catch((error: unknown) => logError("trending refresh failed", error)));

    return {
      stop() {
        for (const timer of timers) clearInterval(timer);
        forgetSingleton(JOBS);
      },
    };
  });
}
