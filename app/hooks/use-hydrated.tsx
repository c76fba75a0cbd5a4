import { useEffect, useState } from "react";

/** False on the server and in the first browser render, true once JavaScript runs the page. */
export function useHydrated() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

/**
 * A hidden field present only once JavaScript runs: actions answer such (fetcher) posts with data,
 * and plain form posts with a redirect (Post/Redirect/Get), so both keep the visitor in place.
 */
export function EnhancedField() {
  return useHydrated() ? <input type="hidden" name="enhanced" value="1" /> : null;
}
