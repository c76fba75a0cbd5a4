import { describe, expect, it } from "vitest";
import { formatAge, formatExact, formatTimeLeft } from "./time";

const now = new Date("2026-11-25T12:00:00.000Z");
const plus = (ms: number) => new Date(now.getTime() + ms);

describe("formatTimeLeft", () => {
  it("shows days and hours for long lifetimes", () => {
    expect(formatTimeLeft(plus(7 * 86_400_000 - 1), now)).toBe("6d 23h");
  });
  it("shows hours and minutes, then minutes and seconds", () => {
    expect(formatTimeLeft(plus(3 * 3_600_000 + 5 * 60_000), now)).toBe("3h 5m");
    expect(formatTimeLeft(plus(12 * 60_000 + 5_000), now)).toBe("12m 5s");
  });
  it("never goes negative", () => {
    expect(formatTimeLeft(plus(-5_000), now)).toBe("0s");
  });
});

describe("formatAge", () => {
  it("rounds down to the largest unit", () => {
    expect(formatAge(plus(-30_000), now)).toBe("now");
    expect(formatAge(plus(-5 * 60_000), now)).toBe("5m");
    expect(formatAge(plus(-25 * 3_600_000), now)).toBe("1d");
  });
  it("treats a clock slightly ahead as now", () => {
    expect(formatAge(plus(2_000), now)).toBe("now");
  });
});

describe("formatExact", () => {
  it("writes UTC by default, and the viewer's zone with its name when given (daylight saving included)", () => {
    expect(formatExact(now)).toBe("2026-11-25 12:00 UTC");
    expect(formatExact(now, "UTC")).toBe("2026-11-25 12:00 UTC");
    expect(formatExact(now, "Europe/Paris")).toBe("2026-11-25 13:00 Europe/Paris");
    expect(formatExact(new Date("2026-07-01T23:30:00.000Z"), "Europe/Paris")).toBe("2026-07-02 01:30 Europe/Paris");
    expect(formatExact(now, "Asia/Kathmandu")).toBe("2026-11-25 17:45 Asia/Kathmandu");
    expect(formatExact(new Date("2026-11-25T00:10:00.000Z"), "America/New_York")).toBe("2026-11-24 19:10 America/New_York");
  });
  it("falls back to UTC for a zone the engine does not know", () => {
    expect(formatExact(now, "Mars/Olympus_Mons")).toBe("2026-11-25 12:00 UTC");
  });
});
