import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

const ClockContext = createContext<Date>(new Date(0));

/**
 * The time every relative label is rendered against. The first render (server and hydration)
 * uses the server's time, so the HTML and the hydrated page agree; with JavaScript it then ticks.
 */
export function ClockProvider({ serverNow, children }: { serverNow: Date; children: ReactNode }) {
  const [now, setNow] = useState(serverNow);
  useEffect(() => {
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(timer);
  }, []);
  return <ClockContext.Provider value={now}>{children}</ClockContext.Provider>;
}

export const useNow = () => useContext(ClockContext);
