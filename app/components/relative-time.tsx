import { useNow } from "~/components/clock";
import { formatAge, formatExact } from "~/utils/time";

/**
 * "5m", "3h", "2d" ago in a `<time datetime>`, against the page's clock (the server's time in the
 * HTML, then ticking with JavaScript). The exact UTC time is its title unless `exactTitle` is false
 * (a link around it carries the title instead).
 */
export function RelativeTime({ date, exactTitle = true }: { date: Date; exactTitle?: boolean }) {
  const now = useNow();
  return (
    <time dateTime={date.toISOString()} title={exactTitle ? formatExact(date) : undefined}>
      {formatAge(date, now)}
    </time>
  );
}
