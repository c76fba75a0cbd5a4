import { createContext, useContext, useEffect, useState, type ReactNode } from "react";

const TimeZoneContext = createContext("UTC");

/** The `tz` cookie (app/domain/preferences.ts, TIME_ZONE_COOKIE; not imported: it would bring zod to every page). */
const COOKIE = "tz";

/** The browser's own zone, or null (an old engine, a name longer than any IANA one). */
function browserTimeZone(): string | null {
  try {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    return zone && zone.length <= 64 ? zone : null;
  } catch {
    return null;
  }
}

/**
 * The zone exact times are written in (hover titles; the sessions page's dates): from the root loader, so the
 * server and the browser agree — the signed-in viewer's saved preference, else the `tz` cookie, else
 * UTC (ADR 037). When the server had neither (`guess`), the browser's zone is written to the cookie
 * after hydration, so the next page is rendered in it on the server, and this page's times switch
 * to it at once: a re-render after hydration, never a mismatch. Only `title` attributes change on
 * the pages a visitor without a zone sees, so nothing moves (no layout shift).
 */
export function TimeZoneProvider({ timeZone, guess = false, children }: { timeZone: string; guess?: boolean; children: ReactNode }) {
  const [guessed, setGuessed] = useState<string | null>(null);
  useEffect(() => {
    if (!guess) return;
    const zone = browserTimeZone();
    if (!zone) return;
    // A session cookie, JavaScript-readable on purpose: it holds nothing secret, and the server checks it (timeZoneFromCookie).
    document.cookie = `${COOKIE}=${encodeURIComponent(zone)}; Path=/; SameSite=Lax${location.protocol === "https:" ? "; Secure" : ""}`;
    setGuessed(zone);
  }, [guess]);
  return <TimeZoneContext.Provider value={(guess && guessed) || timeZone}>{children}</TimeZoneContext.Provider>;
}

export const useTimeZone = () => useContext(TimeZoneContext);
