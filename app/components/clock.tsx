import { createContext, useCallback, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from "react";

/**
 * One clock for the page: a single timer, and subscribers that each read from it only what they show
 * (a countdown's text, an age's text). A tick re-renders a component only when what it reads
 * changes, so a card whose countdown shows hours is not rendered again every second; one expiring
 * within the hour (its countdown shows seconds) is.
 */
type Clock = {
  /** The server's time: what the HTML was rendered against, and what hydration must render again. */
  serverNow: Date;
  now: Date;
  subscribe: (listener: () => void) => () => void;
  start: () => () => void;
};

function createClock(serverNow: Date): Clock {
  const listeners = new Set<() => void>();
  const clock: Clock = {
    serverNow,
    now: serverNow,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      const tick = () => {
        clock.now = new Date();
        for (const listener of listeners) listener();
      };
      tick();
      const timer = setInterval(tick, 1000);
      return () => clearInterval(timer);
    },
  };
  return clock;
}

const ClockContext = createContext<Clock>(createClock(new Date(0)));

/**
 * The time every relative label is rendered against. The first render (server and hydration)
 * uses the server's time, so the HTML and the hydrated page agree; with JavaScript it then ticks.
 */
export function ClockProvider({ serverNow, children }: { serverNow: Date; children: ReactNode }) {
  const [clock] = useState(() => createClock(serverNow));
  useEffect(() => clock.start(), [clock]);
  return <ClockContext.Provider value={clock}>{children}</ClockContext.Provider>;
}

/**
 * What `read` makes of the page's clock, kept up to date: the component renders again only when the
 * result changes (compared with Object.is, so return a string, number or boolean).
 */
export function useClock<T>(read: (now: Date) => T): T {
  const clock = useContext(ClockContext);
  // `read` is usually a new closure each render; the store calls the latest one.
  const snapshot = useCallback(() => read(clock.now), [clock, read]);
  const serverSnapshot = useCallback(() => read(clock.serverNow), [clock, read]);
  return useSyncExternalStore(clock.subscribe, snapshot, serverSnapshot);
}

const identity = (now: Date) => now;

/** The clock itself: renders on every tick (for the rare component that needs the exact time). */
export const useNow = () => useClock(identity);
