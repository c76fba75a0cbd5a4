import { useEffect, useState } from "react";

/** setTimeout's longest delay (about 24.8 days); a longer one would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * Whether `expiresAt` has passed, on the browser's clock (the countdowns' clock too), turning true
 * the moment it does: one timer per crud, no re-render before then. False on the server and in the
 * first render, which match the HTML (a page only ever shows live cruds).
 */
export function useExpired(expiresAt: Date): boolean {
  const [expired, setExpired] = useState(false);
  const at = expiresAt.getTime();
  useEffect(() => {
    const left = at - Date.now();
    if (left <= 0) {
      setExpired(true);
      return;
    }
    setExpired(false);
    // Past the longest delay (a 30-day crud), no page stays open that long: no timer.
    if (left > MAX_TIMEOUT_MS) return;
    const timer = setTimeout(() => setExpired(true), left);
    return () => clearTimeout(timer);
  }, [at]);
  return expired;
}
