import { useCallback } from "react";
import { useClock } from "~/components/clock";
import { useTimeZone } from "~/components/time-zone";
import { formatAge, formatExact } from "~/domain/time";

/**
 * "5m", "3h", "2d" ago in a `<time datetime>`, against the page's clock (the server's time in the
 * HTML, then ticking with JavaScript). The exact time (in the viewer's zone) is its title unless `exactTitle` is false
 * (a link around it carries the title instead).
 */
export function RelativeTime({ date, exactTitle = true }: { date: Date; exactTitle?: boolean }) {
  // "5m" changes once a minute at most: the component renders again only then, not every second.
  const age = useClock(useCallback((now: Date) => formatAge(date, now), [date]));
  const timeZone = useTimeZone();
  return (
    <time dateTime={date.toISOString()} title={exactTitle ? formatExact(date, timeZone) : undefined}>
      {age}
    </time>
  );
}
