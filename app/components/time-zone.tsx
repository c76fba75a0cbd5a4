import { createContext, useContext, type ReactNode } from "react";

const TimeZoneContext = createContext("UTC");

/**
 * The zone exact times are written in (hover titles): the signed-in viewer's preference, UTC for
 * everyone else and until it is set. From the root loader, so the server and the browser agree.
 */
export function TimeZoneProvider({ timeZone, children }: { timeZone: string; children: ReactNode }) {
  return <TimeZoneContext.Provider value={timeZone}>{children}</TimeZoneContext.Provider>;
}

export const useTimeZone = () => useContext(TimeZoneContext);
