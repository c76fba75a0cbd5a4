const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "now", "5m", "3h", "2d" — how long ago something was posted. */
export function formatAge(then: Date, now: Date): string {
  const elapsed = Math.max(0, now.getTime() - then.getTime());
  if (elapsed < MINUTE) return "now";
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h`;
  return `${Math.floor(elapsed / DAY)}d`;
}

/** "6d 23h", "4h 12m", "12m 5s", "9s" — the two largest units of the time left, rounded down. */
export function formatTimeLeft(expiresAt: Date, now: Date): string {
  const left = Math.max(0, expiresAt.getTime() - now.getTime());
  const days = Math.floor(left / DAY);
  const hours = Math.floor((left % DAY) / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  const seconds = Math.floor((left % MINUTE) / 1000);
  if (days > 0) return `${days}d ${hours}h`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m ${seconds}s`;
  return `${seconds}s`;
}

const exactFormats = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone (building one costs far more than using it); undefined for an unknown zone. */
function exactFormat(timeZone: string): Intl.DateTimeFormat | undefined {
  let format = exactFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat("en-US", {
        timeZone,
        year: "numeric",
        month: "2-digit",
        day: "2-digit",
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
      });
    } catch {
      return undefined;
    }
    exactFormats.set(timeZone, format);
  }
  return format;
}

/**
 * Full date and time for title attributes: "2026-12-02 14:05 UTC", or in the viewer's zone
 * "2026-12-02 15:05 Europe/Paris". Only numbers and the zone's name, so the server's and the
 * browser's engines write the same text (no locale-dependent abbreviations to break hydration).
 */
export function formatExact(date: Date, timeZone = "UTC"): string {
  const format = timeZone === "UTC" ? undefined : exactFormat(timeZone);
  if (!format) return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  const part = Object.fromEntries(format.formatToParts(date).map(({ type, value }) => [type, value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${timeZone}`;
}
