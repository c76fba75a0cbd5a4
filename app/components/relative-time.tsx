import { useNow } from "~/components/clock";
import { useTimeZone } from "~/components/time-zone";
import { formatAge, formatExact } from "~/utils/time";

/**
 * "5m", "3h", "2d" ago in a `<time datetime>`, against the page's clock (the server's time in the
 * HTML, then ticking with JavaScript). The exact time (in the viewer's zone) is its title unless `exactTitle` is false
 * (a link around it carries the title instead).
 */
export function RelativeTime({ date, exactTitle = true }: { date: Date; exactTitle?: boolean }) {
  const now = useNow();
  const timeZone = useTimeZone();
  return (
    <time dateTime={date.toISOString()} title={exactTitle ? formatExact(date, timeZone) : undefined}>
      {formatAge(date, now)}
    </time>
  );
}
